package org.shiftadd.nn;

import java.util.Arrays;

/**
 * A reusable matrix in compressed sparse row form: the non-zero entries of row {@code r} are
 * {@code value[j]} at column {@code index[j]} for {@code j} in
 * {@code [start[r], start[r + 1])}, in increasing column order.
 *
 * <p>The training loop rebuilds these for every mini-batch. Inputs such as MNIST pixels and
 * ReLU activations are mostly zeros, and skipping them saves most of the arithmetic.
 */
final class SparseRows {
    int rows;
    int[] start = new int[1];
    int[] index = new int[0];
    double[] value = new double[0];
    private int[] cursor = new int[0];

    private void reserve(int rowCount, int entries) {
        if (start.length < rowCount + 1) {
            start = new int[rowCount + 1];
        }
        if (index.length < entries) {
            index = new int[entries];
            value = new double[entries];
        }
        rows = rowCount;
    }

    /**
     * Stores the non-zero entries of {@code rowCount} rows of a row-major array, starting at
     * row {@code firstRow}. NaN counts as non-zero.
     */
    void setNonZero(double[] dense, int firstRow, int rowCount, int cols) {
        reserve(rowCount, rowCount * cols);
        int count = 0;
        for (int r = 0; r < rowCount; r++) {
            start[r] = count;
            int offset = (firstRow + r) * cols;
            for (int k = 0; k < cols; k++) {
                double v = dense[offset + k];
                if (v != 0) {
                    index[count] = k;
                    value[count] = v;
                    count++;
                }
            }
        }
        start[rowCount] = count;
    }

    /** Stores the non-zero entries of the first {@code rowCount} rows. NaN counts as non-zero. */
    void setNonZero(double[][] dense, int rowCount, int cols) {
        reserve(rowCount, rowCount * cols);
        int count = 0;
        for (int r = 0; r < rowCount; r++) {
            start[r] = count;
            double[] row = dense[r];
            for (int k = 0; k < cols; k++) {
                double v = row[k];
                if (v != 0) {
                    index[count] = k;
                    value[count] = v;
                    count++;
                }
            }
        }
        start[rowCount] = count;
    }

    /**
     * Stores {@code max(x, 0)} of the first {@code rowCount} rows, the ReLU of a layer's
     * pre-activations. NaN is kept, so a diverging network still shows NaN in its loss.
     */
    void setRelu(double[][] preActivations, int rowCount, int cols) {
        reserve(rowCount, rowCount * cols);
        int count = 0;
        for (int r = 0; r < rowCount; r++) {
            start[r] = count;
            double[] row = preActivations[r];
            for (int k = 0; k < cols; k++) {
                double v = row[k];
                if (!(v <= 0)) {
                    index[count] = k;
                    value[count] = v;
                    count++;
                }
            }
        }
        start[rowCount] = count;
    }

    /** Stores the transpose of {@code source}, which has {@code cols} columns. */
    void setTranspose(SparseRows source, int cols) {
        int entries = source.start[source.rows];
        reserve(cols, entries);
        if (cursor.length < cols) {
            cursor = new int[cols];
        }
        Arrays.fill(cursor, 0, cols, 0);
        for (int j = 0; j < entries; j++) {
            cursor[source.index[j]]++;
        }
        int total = 0;
        for (int c = 0; c < cols; c++) {
            start[c] = total;
            total += cursor[c];
            cursor[c] = start[c];
        }
        start[cols] = total;
        for (int r = 0; r < source.rows; r++) {
            for (int j = source.start[r]; j < source.start[r + 1]; j++) {
                int position = cursor[source.index[j]]++;
                index[position] = r;
                value[position] = source.value[j];
            }
        }
    }
}
