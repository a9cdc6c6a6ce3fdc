package org.shiftadd.numerics.cluster;

import java.util.Objects;
import org.shiftadd.api.ColumnClustering;
import org.shiftadd.api.Matrix;

/**
 * Weight sharing from a column clustering: centroids, centroid replacement and the cost of
 * pre-adding the inputs of each cluster.
 *
 * <p>With clusters {@code c} and centroids {@code w̄_c}, a layer computes
 * {@code W x = sum_c w̄_c * (sum_{j in c} x_j)}. The inner sums cost
 * {@code columns - clusters} additions, and the remaining matrix of centroids goes to the
 * decomposer.
 *
 * <p>Every method rejects a clustering with an empty cluster, and the methods that share
 * weights reject one that did not converge.
 */
public final class SharedColumns {
    private SharedColumns() {
    }

    /**
     * Computes the centroid, the mean of the member columns, of every cluster.
     *
     * @param weights the matrix whose columns were clustered; not modified
     * @param clustering a converged clustering of those columns
     * @return the {@code rows x clusters} matrix whose column {@code c} is the centroid of
     *     cluster {@code c}
     * @throws IllegalArgumentException if the clustering did not converge, does not fit the
     *     matrix or has an empty cluster
     */
    public static Matrix centroids(Matrix weights, ColumnClustering clustering) {
        requireConverged(clustering);
        int[] sizes = clusterSizes(clustering, weights.cols());
        int[] labels = clustering.labels();
        int rows = weights.rows();
        int cols = weights.cols();
        int clusters = clustering.clusters();
        double[] data = weights.toArray();

        // Sum the members, then divide by the cluster sizes.
        double[] sums = new double[rows * clusters];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                sums[i * clusters + labels[j]] += data[i * cols + j];
            }
        }
        for (int i = 0; i < rows; i++) {
            for (int c = 0; c < clusters; c++) {
                sums[i * clusters + c] /= sizes[c];
            }
        }
        return Matrix.of(rows, clusters, sums);
    }

    /**
     * Returns a copy of a matrix in which every column is replaced by the centroid of its
     * cluster, so the members of a cluster become identical.
     *
     * @param weights the matrix whose columns were clustered; not modified
     * @param clustering a converged clustering of those columns
     * @return the new matrix, with the shape of {@code weights}
     * @throws IllegalArgumentException if the clustering did not converge, does not fit the
     *     matrix or has an empty cluster
     */
    public static Matrix replaceByCentroids(Matrix weights, ColumnClustering clustering) {
        Matrix centroids = centroids(weights, clustering);
        int[] labels = clustering.labels();
        int rows = weights.rows();
        int cols = weights.cols();
        double[] means = centroids.toArray();
        double[] data = new double[rows * cols];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                data[i * cols + j] = means[i * centroids.cols() + labels[j]];
            }
        }
        return Matrix.of(rows, cols, data);
    }

    /**
     * Returns the additions that pre-add the inputs of every cluster for one input vector,
     * {@code columns - clusters}.
     *
     * <p>NOTE: a cluster of columns that are all zero is counted like any other, although
     * its inputs need not be added at all; callers that keep pruned columns in the matrix
     * overcount by that cluster's size minus one.
     *
     * @param clustering a clustering without empty clusters
     * @return the number of additions, at least 0
     * @throws IllegalArgumentException if a cluster is empty
     */
    public static int preAdditions(ColumnClustering clustering) {
        Objects.requireNonNull(clustering, "clustering");
        int columns = clustering.labels().length;
        clusterSizes(clustering, columns);
        return columns - clustering.clusters();
    }

    private static void requireConverged(ColumnClustering clustering) {
        Objects.requireNonNull(clustering, "clustering");
        if (!clustering.converged()) {
            throw new IllegalArgumentException("the clustering did not converge, so its"
                    + " clusters must not share weights: " + clustering.message());
        }
    }

    private static int[] clusterSizes(ColumnClustering clustering, int columns) {
        int[] labels = clustering.labels();
        if (labels.length != columns) {
            throw new IllegalArgumentException("the clustering labels " + labels.length
                    + " columns but the matrix has " + columns);
        }
        int[] sizes = new int[clustering.clusters()];
        for (int label : labels) {
            sizes[label]++;
        }
        for (int c = 0; c < sizes.length; c++) {
            if (sizes[c] == 0) {
                throw new IllegalArgumentException("cluster " + c + " of "
                        + clustering.clusters() + " has no columns");
            }
        }
        return sizes;
    }
}
