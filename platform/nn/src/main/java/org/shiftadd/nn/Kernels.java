package org.shiftadd.nn;

/**
 * The inner loops of the forward and backward passes.
 *
 * <p>Matrices are arrays of row arrays, and every loop indexes its arrays with the bare loop
 * variable. On Java 17 (HotSpot C2, AVX2) such loops ran about four times faster than the
 * same loops over a different offset into one flat array per operand. Four rows are added
 * per pass, so each element of the target is loaded and stored once for four
 * multiply-adds.
 */
final class Kernels {
    private Kernels() {
    }

    /**
     * Adds {@code sum of a[row][l] * b[l]} over the stored entries of one row of {@code a} to
     * the first {@code n} elements of {@code target}.
     */
    static void addRowTimes(SparseRows a, int row, double[][] b, double[] target, int n) {
        addEntriesTimes(a, a.start[row], a.start[row + 1], b, target, n);
    }

    /**
     * Adds {@code sum of value[j] * b[index[j]]} over the stored entries {@code j} in
     * {@code [first, end)} of {@code a} to the first {@code n} elements of {@code target}.
     */
    static void addEntriesTimes(SparseRows a, int first, int end, double[][] b,
            double[] target, int n) {
        int[] index = a.index;
        double[] value = a.value;
        int j = first;
        for (; j + 3 < end; j += 4) {
            addScaled4(target, b[index[j]], b[index[j + 1]], b[index[j + 2]], b[index[j + 3]],
                    value[j], value[j + 1], value[j + 2], value[j + 3], n);
        }
        for (; j < end; j++) {
            addScaled(target, b[index[j]], value[j], n);
        }
    }

    private static void addScaled4(double[] y, double[] r0, double[] r1, double[] r2,
            double[] r3, double a0, double a1, double a2, double a3, int n) {
        for (int o = 0; o < n; o++) {
            y[o] += a0 * r0[o] + a1 * r1[o] + a2 * r2[o] + a3 * r3[o];
        }
    }

    private static void addScaled(double[] y, double[] r0, double a0, int n) {
        for (int o = 0; o < n; o++) {
            y[o] += a0 * r0[o];
        }
    }

    /** Stores the transpose of a {@code rows x cols} matrix in {@code target}. */
    static void transpose(double[][] source, int rows, int cols, double[][] target) {
        for (int r = 0; r < rows; r++) {
            double[] row = source[r];
            for (int c = 0; c < cols; c++) {
                target[c][r] = row[c];
            }
        }
    }
}
