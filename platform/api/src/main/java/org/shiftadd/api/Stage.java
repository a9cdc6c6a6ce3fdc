package org.shiftadd.api;

import java.util.List;
import java.util.Map;

/**
 * Behaviour shared by every stage service.
 *
 * <p>Parameters reach a stage as the map of the step in the experiment spec, without the
 * kind key. Values are JSON types: {@link String}, {@link Number}, {@link Boolean},
 * {@link List} and {@link Map}.
 */
public interface Stage {
    /**
     * Checks step parameters before a run starts, so that every problem of a spec is reported
     * at once.
     *
     * <p>The default accepts any parameters. An implementation returns one message per
     * problem, each naming the parameter, the value found and the allowed values.
     *
     * @param parameters the step parameters; not modified
     * @return the problems found, empty when the parameters are valid
     */
    default List<String> validateParameters(Map<String, Object> parameters) {
        return List.of();
    }
}
