package org.shiftadd.api;

import java.util.Map;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * Turns one constant matrix into a network of shifts and additions with an exact addition
 * count. Service kind {@code decomposer}.
 *
 * <p>Implementations must be thread-safe: the platform may decompose several matrices at
 * once.
 */
@ConsumerType
public interface MatrixDecomposer extends Stage {
    /**
     * Decomposes {@code matrix} to the given precision.
     *
     * @param matrix T, finite values only
     * @param target the precision to reach
     * @param parameters step parameters from the spec; not modified
     * @return the decomposition, also when the target was not reached
     * @throws IllegalArgumentException if the matrix contains NaN or an infinity (the message
     *     names the position) or a parameter is invalid
     */
    Decomposition decompose(Matrix matrix, PrecisionTarget target, Map<String, Object> parameters);
}
