package org.shiftadd.engine.bus;

import java.util.List;

/** Lists the stage services that are installed now. Provided as an OSGi service. */
public interface StageDirectory {
    /**
     * Returns every installed stage service, ordered by kind, name and descending ranking.
     *
     * @return the stages; empty when none is installed
     */
    List<StageInfo> stages();
}
