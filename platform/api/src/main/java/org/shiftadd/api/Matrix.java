package org.shiftadd.api;

import java.io.IOException;
import java.io.InvalidObjectException;
import java.io.ObjectInputStream;
import java.io.Serializable;
import java.util.Arrays;
import java.util.Objects;

/**
 * An immutable dense matrix of doubles stored in row-major order.
 *
 * <p>Row {@code i}, column {@code j} is element {@code i * cols + j} of the backing array.
 * The array is copied on the way in and on the way out, so a matrix can be shared between
 * threads and passed by reference on the event bus. It is serializable, so the event bus of
 * a cluster can send it to another node.
 */
public final class Matrix implements Serializable {
    private static final long serialVersionUID = 1L;

    private final int rows;
    private final int cols;
    private final double[] data;

    private Matrix(int rows, int cols, double[] data) {
        this.rows = rows;
        this.cols = cols;
        this.data = data;
    }

    /** Checks a deserialized matrix as {@link #of} checks a new one. */
    private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
        in.defaultReadObject();
        if (rows < 0 || cols < 0 || data == null || data.length != (long) rows * cols) {
            throw new InvalidObjectException("a " + rows + "x" + cols + " matrix needs "
                    + (long) rows * cols + " values");
        }
    }

    /**
     * Creates a matrix from row-major data.
     *
     * @param rows number of rows, at least 0
     * @param cols number of columns, at least 0
     * @param rowMajor {@code rows * cols} values, row after row; not modified, copied
     * @return the matrix
     * @throws IllegalArgumentException if a dimension is negative or the length is wrong
     */
    public static Matrix of(int rows, int cols, double[] rowMajor) {
        Objects.requireNonNull(rowMajor, "rowMajor");
        if (rows < 0 || cols < 0) {
            throw new IllegalArgumentException(
                    "matrix dimensions must be non-negative, found " + rows + "x" + cols);
        }
        if ((long) rows * cols != rowMajor.length) {
            throw new IllegalArgumentException("a " + rows + "x" + cols + " matrix needs "
                    + (long) rows * cols + " values, found " + rowMajor.length);
        }
        return new Matrix(rows, cols, rowMajor.clone());
    }

    /**
     * Creates a matrix from an array of rows of equal length.
     *
     * @param rows the rows; not modified, copied
     * @return the matrix
     * @throws IllegalArgumentException if the rows differ in length
     */
    public static Matrix fromRows(double[][] rows) {
        Objects.requireNonNull(rows, "rows");
        int cols = rows.length == 0 ? 0 : rows[0].length;
        double[] data = new double[rows.length * cols];
        for (int i = 0; i < rows.length; i++) {
            if (rows[i].length != cols) {
                throw new IllegalArgumentException("row " + i + " has " + rows[i].length
                        + " values, expected " + cols + " like row 0");
            }
            System.arraycopy(rows[i], 0, data, i * cols, cols);
        }
        return new Matrix(rows.length, cols, data);
    }

    /**
     * Creates a matrix of zeros.
     *
     * @param rows number of rows
     * @param cols number of columns
     * @return the zero matrix
     */
    public static Matrix zeros(int rows, int cols) {
        return of(rows, cols, new double[rows * cols]);
    }

    /** Returns the number of rows. */
    public int rows() {
        return rows;
    }

    /** Returns the number of columns. */
    public int cols() {
        return cols;
    }

    /**
     * Returns one element.
     *
     * @param row row index, from 0
     * @param col column index, from 0
     * @return the value at that position
     */
    public double get(int row, int col) {
        Objects.checkIndex(row, rows);
        Objects.checkIndex(col, cols);
        return data[row * cols + col];
    }

    /** Returns a copy of the row-major data. */
    public double[] toArray() {
        return data.clone();
    }

    /** Returns a copy of one row. */
    public double[] row(int row) {
        Objects.checkIndex(row, rows);
        return Arrays.copyOfRange(data, row * cols, (row + 1) * cols);
    }

    /** Returns a copy of one column. */
    public double[] column(int col) {
        Objects.checkIndex(col, cols);
        double[] out = new double[rows];
        for (int i = 0; i < rows; i++) {
            out[i] = data[i * cols + col];
        }
        return out;
    }

    /**
     * Returns the first position that contains NaN or an infinity, as {@code {row, col}}, or
     * {@code null} when every element is finite.
     */
    public int[] firstNonFinite() {
        for (int k = 0; k < data.length; k++) {
            if (!Double.isFinite(data[k])) {
                return new int[] {k / cols, k % cols};
            }
        }
        return null;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Matrix m && m.rows == rows && m.cols == cols
                && Arrays.equals(m.data, data);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * rows + cols) + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return "Matrix[" + rows + "x" + cols + "]";
    }
}
