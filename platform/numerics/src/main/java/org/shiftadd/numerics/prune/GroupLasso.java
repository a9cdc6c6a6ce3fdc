package org.shiftadd.numerics.prune;

import java.util.Arrays;
import java.util.Objects;
import org.shiftadd.api.Matrix;

/**
 * Group lasso over the columns of a weight matrix, the groups of structured pruning.
 *
 * <p>Column {@code j} of {@code W} contains every weight that reads input {@code j}, so a zero
 * column removes that input, and with it the neuron of the previous layer that produces it.
 * The penalty of one layer with {@code rows} outputs is
 * {@code lambda * sqrt(rows) * sum_j ||W[:, j]||_2}: the norm, not the squared norm, because
 * the squared norm turns the penalty into weight decay and zeroes nothing. Training minimises
 * it by proximal gradient descent: after every gradient step with learning rate {@code eta},
 * {@link #proximalStepInPlace} applies block soft-thresholding to every column.
 *
 * <p>Source: W. Wen et al., "Learning Structured Sparsity in Deep Neural Networks",
 * NeurIPS 2016.
 */
public final class GroupLasso {
    /**
     * Default of the relative threshold of {@link #zeroSmallColumnsInPlace}: columns whose
     * norm is at most this fraction of the largest column norm become zero.
     */
    public static final double DEFAULT_ZERO_THRESHOLD = 1e-8;

    private GroupLasso() {
    }

    /**
     * Returns the weight of one column group, the square root of its size.
     *
     * @param rows number of rows of the matrix, the size of every column group
     * @return {@code sqrt(rows)}
     */
    public static double groupWeight(int rows) {
        return Math.sqrt(rows);
    }

    /**
     * Computes the penalty {@code lambda * sqrt(rows) * sum_j ||W[:, j]||_2} of one matrix.
     *
     * @param weights the matrix; not modified
     * @param lambda the regularization strength, at least 0
     * @return the penalty, at least 0
     */
    public static double penalty(Matrix weights, double lambda) {
        Objects.requireNonNull(weights, "weights");
        return penalty(weights.toArray(), weights.rows(), weights.cols(), lambda);
    }

    /**
     * Computes the penalty of one matrix given in row-major order.
     *
     * @param rowMajor {@code rows * cols} values, row after row; not modified
     * @param rows number of rows
     * @param cols number of columns
     * @param lambda the regularization strength, at least 0
     * @return the penalty, at least 0
     * @throws IllegalArgumentException if the array length is not {@code rows * cols}
     */
    public static double penalty(double[] rowMajor, int rows, int cols, double lambda) {
        double sum = 0;
        for (double norm : columnNorms(rowMajor, rows, cols)) {
            sum += norm;
        }
        return lambda * groupWeight(rows) * sum;
    }

    /**
     * Applies block soft-thresholding to every column:
     * {@code W[:, j] <- max(0, 1 - eta * lambda * sqrt(rows) / ||W[:, j]||) * W[:, j]}.
     *
     * <p>A column whose norm is at most {@code eta * lambda * sqrt(rows)} becomes exactly
     * {@code 0.0}, without a division, so a zero column stays zero and no NaN appears.
     *
     * @param rowMajor {@code rows * cols} values, row after row; modified in place
     * @param rows number of rows
     * @param cols number of columns
     * @param learningRate step size {@code eta} of the gradient step just taken, at least 0
     * @param lambda the regularization strength, at least 0
     * @throws IllegalArgumentException if the array length is not {@code rows * cols} or a
     *     step parameter is negative or not finite
     */
    public static void proximalStepInPlace(double[] rowMajor, int rows, int cols,
            double learningRate, double lambda) {
        requireNonNegative(learningRate, "learning rate");
        requireNonNegative(lambda, "lambda");
        double[] norms = columnNorms(rowMajor, rows, cols);
        double threshold = learningRate * lambda * groupWeight(rows);

        // Shrink factor of every column; 0 marks a column that the step removes.
        double[] factors = new double[cols];
        for (int j = 0; j < cols; j++) {
            factors[j] = norms[j] <= threshold ? 0 : 1 - threshold / norms[j];
        }

        // Scale row by row, so the array is read in storage order.
        for (int i = 0; i < rows; i++) {
            int offset = i * cols;
            for (int j = 0; j < cols; j++) {
                double factor = factors[j];
                rowMajor[offset + j] = factor == 0 ? 0.0 : factor * rowMajor[offset + j];
            }
        }
    }

    /**
     * Sets every column whose norm is at most {@code relativeThreshold} times the largest
     * column norm to exactly {@code 0.0}, for use after training.
     *
     * @param rowMajor {@code rows * cols} values, row after row; modified in place
     * @param rows number of rows
     * @param cols number of columns
     * @param relativeThreshold fraction of the largest column norm, in {@code [0, 1)}; 0
     *     only turns columns that are already zero into exact {@code 0.0}
     * @return the number of columns that are zero afterwards, those that were zero before
     *     included
     * @throws IllegalArgumentException if the array length is not {@code rows * cols} or the
     *     threshold lies outside {@code [0, 1)}
     */
    public static int zeroSmallColumnsInPlace(double[] rowMajor, int rows, int cols,
            double relativeThreshold) {
        if (!(relativeThreshold >= 0 && relativeThreshold < 1)) {
            throw new IllegalArgumentException("the relative zeroing threshold must lie in"
                    + " [0, 1), found " + relativeThreshold);
        }
        double[] norms = columnNorms(rowMajor, rows, cols);
        double largest = 0;
        for (double norm : norms) {
            largest = Math.max(largest, norm);
        }
        double cutoff = relativeThreshold * largest;
        int zeroed = 0;
        for (int j = 0; j < cols; j++) {
            if (norms[j] <= cutoff) {
                zeroColumn(rowMajor, rows, cols, j);
                zeroed++;
            }
        }
        return zeroed;
    }

    /**
     * Returns a copy of a matrix with its negligible columns set to exactly {@code 0.0}, as
     * {@link #zeroSmallColumnsInPlace} defines them.
     *
     * @param weights the matrix; not modified
     * @param relativeThreshold fraction of the largest column norm, in {@code [0, 1)}
     * @return the new matrix
     * @throws IllegalArgumentException if the threshold lies outside {@code [0, 1)}
     */
    public static Matrix zeroSmallColumns(Matrix weights, double relativeThreshold) {
        double[] data = weights.toArray();
        zeroSmallColumnsInPlace(data, weights.rows(), weights.cols(), relativeThreshold);
        return Matrix.of(weights.rows(), weights.cols(), data);
    }

    /**
     * Returns the indices of the columns whose entries are all zero, in increasing order.
     *
     * @param weights the matrix; not modified
     * @return the indices of the zero columns
     */
    public static int[] zeroColumns(Matrix weights) {
        double[] norms = columnNorms(weights.toArray(), weights.rows(), weights.cols());
        int count = 0;
        int[] zero = new int[norms.length];
        for (int j = 0; j < norms.length; j++) {
            if (norms[j] == 0) {
                zero[count++] = j;
            }
        }
        return Arrays.copyOf(zero, count);
    }

    /**
     * Computes the Euclidean norm of every column.
     *
     * <p>The squares are summed without rescaling, so a column with entries below about
     * {@code 1e-154} has norm 0 and one with entries above about {@code 1e154} has an
     * infinite norm.
     *
     * @param rowMajor {@code rows * cols} values, row after row; not modified
     * @param rows number of rows
     * @param cols number of columns
     * @return one norm per column
     * @throws IllegalArgumentException if the array length is not {@code rows * cols}
     */
    public static double[] columnNorms(double[] rowMajor, int rows, int cols) {
        Objects.requireNonNull(rowMajor, "rowMajor");
        if (rows < 0 || cols < 0 || (long) rows * cols != rowMajor.length) {
            throw new IllegalArgumentException("a " + rows + "x" + cols + " matrix needs "
                    + (long) rows * cols + " values, found " + rowMajor.length);
        }
        double[] sums = new double[cols];
        for (int i = 0; i < rows; i++) {
            int offset = i * cols;
            for (int j = 0; j < cols; j++) {
                double w = rowMajor[offset + j];
                sums[j] += w * w;
            }
        }
        for (int j = 0; j < cols; j++) {
            sums[j] = Math.sqrt(sums[j]);
        }
        return sums;
    }

    private static void zeroColumn(double[] rowMajor, int rows, int cols, int column) {
        for (int i = 0; i < rows; i++) {
            rowMajor[i * cols + column] = 0.0;
        }
    }

    private static void requireNonNegative(double value, String name) {
        if (!(value >= 0) || !Double.isFinite(value)) {
            throw new IllegalArgumentException(name + " must be finite and at least 0, found "
                    + value);
        }
    }
}
