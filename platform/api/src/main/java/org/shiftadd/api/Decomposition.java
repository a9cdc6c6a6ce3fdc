package org.shiftadd.api;

import java.io.Serializable;
import java.util.Map;
import java.util.Objects;

/**
 * The result of decomposing one constant matrix T into shift-and-add form.
 *
 * @param method name of the decomposer that produced it, for example {@code csd}
 * @param approximation T̂, the matrix that the shift-and-add network computes exactly
 * @param additions additions per product y = T̂ x, every term of the method's count included
 * @param sqnrDb 20·log10(‖T‖_F / ‖T − T̂‖_F) in dB; {@link Double#POSITIVE_INFINITY} when
 *     T̂ = T
 * @param targetReached whether the precision target was met
 * @param depth adder depth of the network (longest chain of additions)
 * @param details method-specific figures, JSON types only (for example the CSD shift or the
 *     number of FP factors)
 */
public record Decomposition(
        String method,
        Matrix approximation,
        long additions,
        double sqnrDb,
        boolean targetReached,
        int depth,
        Map<String, Object> details)
        implements Serializable {

    /** Validates the fields and copies {@code details}. */
    public Decomposition {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(approximation, "approximation");
        if (additions < 0) {
            throw new IllegalArgumentException("additions must be >= 0, found " + additions);
        }
        details = Map.copyOf(details == null ? Map.of() : details);
    }
}
