package org.shiftadd.numerics.lcc;

import java.util.ArrayList;
import java.util.List;

import org.shiftadd.api.Matrix;

/**
 * Column slicing for linear computation coding.
 *
 * <p>T (N × M) is cut into slices T = [T_1 | … | T_s] of K = max(1, round(log2 N)) columns,
 * the last one narrower when K does not divide M, and y = ∑_i T_i x_i. Tall slices with this
 * logarithmic aspect ratio are where LCC pays off (R. R. Müller, B. Gäde, A. Bereyhi, "Linear
 * Computation Coding: A Framework for Joint Quantization and Computing", Algorithms
 * 15(7):253, 2022). Summing the s slice outputs costs N·(s − 1) additions.
 */
public final class LccSlicing {
    private LccSlicing() {
    }

    /**
     * Returns the slice width K = max(1, round(log2 N)), computed exactly in integers.
     *
     * @param rows N, at least 0
     * @return K, at least 1
     */
    public static int sliceWidth(int rows) {
        if (rows < 0) {
            throw new IllegalArgumentException("rows must be >= 0, found " + rows);
        }
        // round(log2 N) = k exactly when 2^(2k−1) <= N² < 2^(2k+1); log2 N is never k + 1/2.
        long square = (long) rows * rows;
        int floorLog2OfSquare = 63 - Long.numberOfLeadingZeros(square);
        return Math.max(1, (floorLog2OfSquare + 1) / 2);
    }

    /**
     * Returns the number of slices s = ⌈M / K⌉.
     *
     * @param columns M, at least 0
     * @param width K, at least 1
     * @return s, 0 for a matrix without columns
     */
    public static int sliceCount(int columns, int width) {
        if (columns < 0 || width < 1) {
            throw new IllegalArgumentException("slicing needs columns >= 0 and width >= 1, found "
                    + columns + " and " + width);
        }
        return (columns + width - 1) / width;
    }

    /**
     * Returns the additions that sum the slice outputs: N·(s − 1), or 0 without slices.
     *
     * <p>Every output row is summed over all slices, also where a slice contributes a
     * constant zero, so the count depends on N and s only.
     */
    public static long sliceSumAdditions(int rows, int slices) {
        return (long) rows * Math.max(0, slices - 1);
    }

    /** Returns the rows of columns [first, first + width) of {@code matrix}. */
    static double[][] sliceRows(Matrix matrix, int first, int width) {
        double[][] rows = new double[matrix.rows()][width];
        for (int i = 0; i < matrix.rows(); i++) {
            for (int j = 0; j < width; j++) {
                rows[i][j] = matrix.get(i, first + j);
            }
        }
        return rows;
    }

    /** Decomposes one slice, given as rows of its columns, into its shift-and-add form. */
    @FunctionalInterface
    interface SliceDecomposer {
        LccDecomposition.Slice decompose(double[][] rows, int width, int firstColumn);
    }

    /**
     * Cuts {@code matrix} into slices of {@code width} columns (the last may be narrower) and
     * decomposes each one.
     *
     * @param matrix T; not modified
     * @param width K
     * @param decomposer the method applied to every slice
     * @return the slices, left to right
     */
    static List<LccDecomposition.Slice> decomposeSlices(Matrix matrix, int width,
            SliceDecomposer decomposer) {
        int count = sliceCount(matrix.cols(), width);
        List<LccDecomposition.Slice> slices = new ArrayList<>(count);
        for (int s = 0; s < count; s++) {
            int first = s * width;
            int sliceWidth = Math.min(width, matrix.cols() - first);
            slices.add(decomposer.decompose(sliceRows(matrix, first, sliceWidth), sliceWidth,
                    first));
        }
        return slices;
    }
}
