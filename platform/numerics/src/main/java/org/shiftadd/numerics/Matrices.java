package org.shiftadd.numerics;

import org.shiftadd.api.Matrix;

/** Checks shared by the numerical stages. */
public final class Matrices {
    private Matrices() {
    }

    /**
     * Rejects a matrix that contains NaN or an infinity.
     *
     * @param matrix the matrix to check; not modified
     * @throws IllegalArgumentException naming the first such position and its value
     */
    public static void requireFinite(Matrix matrix) {
        int[] at = matrix.firstNonFinite();
        if (at != null) {
            throw new IllegalArgumentException("matrix entry (" + at[0] + ", " + at[1]
                    + ") is " + matrix.get(at[0], at[1]) + ": every entry must be finite");
        }
    }
}
