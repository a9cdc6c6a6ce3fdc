package org.shiftadd.engine.bus;

import java.io.Serializable;
import java.util.Objects;

/**
 * A stage's result with its provenance.
 *
 * @param result the result: a {@link org.shiftadd.api.Decomposition},
 *     {@link org.shiftadd.api.ColumnClustering}, {@link org.shiftadd.api.BackendResult} or,
 *     for a validation, a {@code List<String>} of problems
 * @param provenance which bundle did the work
 * @param seconds wall-clock time the stage spent on the request
 */
public record StageReply(Object result, Provenance provenance, double seconds)
        implements Serializable {
    /** Checks for nulls. */
    public StageReply {
        Objects.requireNonNull(result, "result");
        Objects.requireNonNull(provenance, "provenance");
    }
}
