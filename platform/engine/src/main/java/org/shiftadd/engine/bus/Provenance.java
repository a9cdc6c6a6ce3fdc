package org.shiftadd.engine.bus;

import java.io.Serializable;

/**
 * The implementation that served a stage request.
 *
 * @param kind stage kind key, for example {@code decomposer}
 * @param stage stage name, for example {@code csd}
 * @param bundle symbolic name of the bundle that registered the service
 * @param version that bundle's version
 * @param node the process that did the work, as {@code host/pid}; with a cluster, requests
 *     can run on any node that has the stage
 */
public record Provenance(String kind, String stage, String bundle, String version,
        String node) implements Serializable {
}
