package org.shiftadd.engine.internal;

import org.shiftadd.api.ColumnClustering;
import org.shiftadd.api.Matrix;
import org.shiftadd.numerics.cluster.SharedColumns;

/**
 * The matrix of one layer as a decomposer receives it, and how its approximation maps back
 * to the layer's weights.
 *
 * <p>All-zero columns (pruned inputs) are left out, because an input that no weight reads
 * costs nothing. With weight sharing, the decomposer receives one centroid column per cluster
 * and the inputs of each cluster are pre-added, which costs {@link #preAdditions()}.
 *
 * @param compact the matrix to decompose
 * @param source for every column of the layer, its column in {@code compact}, or -1 for a
 *     column that is zero
 * @param rows rows of the layer
 * @param preAdditions additions that sum the inputs of each cluster before the product
 */
record LayerForm(Matrix compact, int[] source, int rows, int preAdditions) {
    /**
     * Returns the form of plain weights: every nonzero column kept.
     *
     * @param weights the layer's weights
     * @return the form
     */
    static LayerForm plain(Matrix weights) {
        int[] source = new int[weights.cols()];
        int kept = 0;
        for (int j = 0; j < weights.cols(); j++) {
            source[j] = isZero(weights.column(j)) ? -1 : kept++;
        }
        double[] values = new double[weights.rows() * kept];
        for (int j = 0; j < weights.cols(); j++) {
            if (source[j] >= 0) {
                for (int i = 0; i < weights.rows(); i++) {
                    values[i * kept + source[j]] = weights.get(i, j);
                }
            }
        }
        return new LayerForm(Matrix.of(weights.rows(), kept, values), source, weights.rows(), 0);
    }

    /**
     * Returns the form of shared weights: one centroid column per cluster of the nonzero
     * columns of {@code plain}.
     *
     * @param plain the form of the layer without sharing
     * @param clustering clusters of the columns of {@code plain.compact()}
     * @return the form
     */
    static LayerForm shared(LayerForm plain, ColumnClustering clustering) {
        int[] labels = clustering.labels();
        int[] source = new int[plain.source.length];
        for (int j = 0; j < source.length; j++) {
            source[j] = plain.source[j] < 0 ? -1 : labels[plain.source[j]];
        }
        return new LayerForm(SharedColumns.centroids(plain.compact, clustering), source,
                plain.rows, SharedColumns.preAdditions(clustering));
    }

    /**
     * Returns the layer's weights that an approximation of {@link #compact()} stands for.
     *
     * @param approximation a matrix of the shape of {@code compact}
     * @return the layer's weights, zero columns included
     */
    Matrix expand(Matrix approximation) {
        double[] values = new double[rows * source.length];
        for (int j = 0; j < source.length; j++) {
            if (source[j] >= 0) {
                for (int i = 0; i < rows; i++) {
                    values[i * source.length + j] = approximation.get(i, source[j]);
                }
            }
        }
        return Matrix.of(rows, source.length, values);
    }

    private static boolean isZero(double[] column) {
        for (double value : column) {
            if (value != 0) {
                return false;
            }
        }
        return true;
    }
}
