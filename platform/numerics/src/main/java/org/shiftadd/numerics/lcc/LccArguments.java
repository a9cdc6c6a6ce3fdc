package org.shiftadd.numerics.lcc;

import java.util.Objects;
import org.shiftadd.api.Matrix;
import org.shiftadd.numerics.Matrices;

/** Input checks shared by the LCC decomposers. */
final class LccArguments {
    private LccArguments() {
    }

    /** The largest |entry| of a nonzero matrix must lie in [2^−256, 2^256). */
    static final double MIN_MAX_ABS = 0x1p-256;
    /** See {@link #MIN_MAX_ABS}. */
    static final double MAX_MAX_ABS = 0x1p256;

    /**
     * Rejects a missing or non-finite matrix, a matrix outside the supported magnitude range
     * and a NaN target.
     *
     * <p>The pursuit works with squared norms, which overflow or underflow for entries far
     * from 1. The range leaves a margin of more than 2^400 on either side, and scaling a
     * matrix by a power of two changes no decision of the search.
     *
     * @throws IllegalArgumentException naming the first non-finite entry, the out-of-range
     *     magnitude, or for a NaN target
     */
    static void check(Matrix matrix, double targetSqnrDb) {
        Objects.requireNonNull(matrix, "matrix");
        Matrices.requireFinite(matrix);
        if (Double.isNaN(targetSqnrDb)) {
            throw new IllegalArgumentException(
                    "targetSqnrDb must be a number of dB or +Infinity, found NaN");
        }
        double maxAbs = 0;
        for (double value : matrix.toArray()) {
            maxAbs = Math.max(maxAbs, Math.abs(value));
        }
        if (maxAbs != 0 && (maxAbs < MIN_MAX_ABS || maxAbs >= MAX_MAX_ABS)) {
            throw new IllegalArgumentException("the largest |entry| of the matrix is " + maxAbs
                    + ", outside the supported range [2^-256, 2^256): scale the matrix by a"
                    + " power of two first");
        }
    }
}
