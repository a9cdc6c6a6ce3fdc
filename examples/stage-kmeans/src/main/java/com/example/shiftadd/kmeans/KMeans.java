package com.example.shiftadd.kmeans;

import java.util.Arrays;
import java.util.Locale;
import java.util.Random;
import org.shiftadd.api.ColumnClustering;
import org.shiftadd.api.Matrix;

/**
 * k-means on the columns of a matrix.
 *
 * <p>Identical columns are merged into one point, weighted by how often it occurs, before
 * clustering. Every assignment is then a function of the point, so identical columns always
 * end in one cluster, and a matrix with fewer distinct columns than the clusters requested
 * gets one cluster per distinct column. Seeding is k-means++ with a {@link Random} of the
 * request's seed. Lloyd iterations follow until an assignment step changes nothing. A cluster
 * left empty takes the point farthest from its own centroid, so no cluster is ever empty.
 */
final class KMeans {
    private final double[][] points;
    private final int[] weights;
    private final int clusters;
    private final double[][] centroids;

    private KMeans(double[][] points, int[] weights, int clusters) {
        this.points = points;
        this.weights = weights;
        this.clusters = clusters;
        this.centroids = new double[clusters][];
    }

    /**
     * Clusters the columns of {@code matrix}.
     *
     * @param matrix the weights, one column per point; not modified
     * @param parameters the number of clusters and the iteration limit
     * @param seed seed of the k-means++ seeding
     * @return labels numbered by first appearance, converged when an assignment step changed
     *     nothing within {@code maxIterations} iterations
     * @throws IllegalArgumentException if the matrix has a NaN or infinite element, or has
     *     fewer columns than {@code clusters}
     */
    static ColumnClustering cluster(Matrix matrix, KMeansParameters parameters, long seed) {
        int[] position = matrix.firstNonFinite();
        if (position != null) {
            throw new IllegalArgumentException("matrix element (" + position[0] + ", "
                    + position[1] + ") is " + matrix.get(position[0], position[1])
                    + ": k-means needs finite weights");
        }
        if (matrix.cols() == 0) {
            return new ColumnClustering(new int[0], 0, true, 0, "no columns to cluster");
        }
        int requested = parameters.clustersFor(matrix.cols());
        DistinctColumns distinct = DistinctColumns.of(matrix);
        int clusters = Math.min(requested, distinct.count());
        String note = clusters < requested ? String.format(Locale.ROOT,
                "; only %d distinct columns, fewer than the %d clusters requested",
                distinct.count(), requested) : "";

        if (clusters == distinct.count() || clusters == 1) {
            int[] pointLabels = new int[distinct.count()];
            if (clusters > 1) {
                Arrays.setAll(pointLabels, p -> p);
            }
            return result(distinct, pointLabels, clusters, true, 0, String.format(Locale.ROOT,
                    "%d clusters of %d columns without iterating%s", clusters, matrix.cols(),
                    note));
        }
        KMeans run = new KMeans(distinct.points(), distinct.weights(), clusters);
        return run.lloyd(distinct, parameters.maxIterations(), new Random(seed), note);
    }

    private ColumnClustering lloyd(DistinctColumns distinct, int maxIterations, Random random,
            String note) {
        seed(random);
        int[] assignment = assign();
        for (int iteration = 1; iteration <= maxIterations; iteration++) {
            updateCentroids(assignment);
            int[] next = assign();
            if (Arrays.equals(next, assignment)) {
                return result(distinct, next, clusters, true, iteration, String.format(
                        Locale.ROOT, "converged after %d iterations: %d clusters of %d columns%s",
                        iteration, clusters, distinct.columns(), note));
            }
            assignment = next;
        }
        return result(distinct, assignment, clusters, false, maxIterations, String.format(
                Locale.ROOT, "did not converge within maxIterations = %d: the last iteration "
                        + "still moved columns; raise maxIterations", maxIterations));
    }

    /**
     * Picks the first centroid with probability proportional to the weight of a point and each
     * further one proportional to weight times squared distance to the nearest centroid chosen.
     */
    private void seed(Random random) {
        double[] nearest = new double[points.length];
        Arrays.fill(nearest, Double.POSITIVE_INFINITY);
        boolean[] chosen = new boolean[points.length];
        for (int c = 0; c < clusters; c++) {
            double[] scores = new double[points.length];
            for (int p = 0; p < points.length; p++) {
                if (chosen[p]) {
                    scores[p] = 0;
                } else if (c == 0) {
                    scores[p] = weights[p];
                } else {
                    scores[p] = weights[p] * nearest[p];
                }
            }
            int pick = sample(scores, chosen, random);
            chosen[pick] = true;
            centroids[c] = points[pick].clone();
            for (int p = 0; p < points.length; p++) {
                nearest[p] = Math.min(nearest[p], distance(points[p], centroids[c]));
            }
        }
    }

    /**
     * Returns an index drawn with probability proportional to its score. When every score is
     * 0, because the remaining points lie too close for their squared distances to be
     * represented, it returns the first point not chosen.
     */
    private static int sample(double[] scores, boolean[] chosen, Random random) {
        double total = Arrays.stream(scores).sum();
        double target = random.nextDouble() * total;
        double cumulative = 0;
        int last = -1;
        for (int p = 0; p < scores.length; p++) {
            if (scores[p] > 0) {
                cumulative += scores[p];
                last = p;
                if (cumulative > target) {
                    return p;
                }
            }
        }
        if (last >= 0) {
            return last;
        }
        for (int p = 0; p < chosen.length; p++) {
            if (!chosen[p]) {
                return p;
            }
        }
        throw new IllegalStateException("more centroids than distinct points");
    }

    /** Assigns every point to its nearest centroid, the lower index on a tie, none left empty. */
    private int[] assign() {
        int[] assignment = new int[points.length];
        double[] distances = new double[points.length];
        int[] members = new int[clusters];
        for (int p = 0; p < points.length; p++) {
            distances[p] = Double.POSITIVE_INFINITY;
            for (int c = 0; c < clusters; c++) {
                double d = distance(points[p], centroids[c]);
                if (d < distances[p]) {
                    distances[p] = d;
                    assignment[p] = c;
                }
            }
            members[assignment[p]]++;
        }
        for (int c = 0; c < clusters; c++) {
            if (members[c] == 0) {
                fillEmptyCluster(c, assignment, distances, members);
            }
        }
        return assignment;
    }

    /**
     * Moves into cluster {@code empty} the point farthest from its centroid among clusters of
     * two or more points. Such a cluster exists because there are at least as many points as
     * clusters.
     */
    private void fillEmptyCluster(int empty, int[] assignment, double[] distances,
            int[] members) {
        int farthest = -1;
        for (int p = 0; p < points.length; p++) {
            if (members[assignment[p]] > 1
                    && (farthest < 0 || distances[p] > distances[farthest])) {
                farthest = p;
            }
        }
        members[assignment[farthest]]--;
        members[empty] = 1;
        assignment[farthest] = empty;
        distances[farthest] = 0;
        centroids[empty] = points[farthest].clone();
    }

    /** Sets every centroid to the weighted mean of its points. */
    private void updateCentroids(int[] assignment) {
        int dimension = points[0].length;
        double[][] sums = new double[clusters][dimension];
        long[] totals = new long[clusters];
        for (int p = 0; p < points.length; p++) {
            int c = assignment[p];
            totals[c] += weights[p];
            for (int i = 0; i < dimension; i++) {
                sums[c][i] += weights[p] * points[p][i];
            }
        }
        for (int c = 0; c < clusters; c++) {
            for (int i = 0; i < dimension; i++) {
                sums[c][i] /= totals[c];
            }
            centroids[c] = sums[c];
        }
    }

    private static double distance(double[] a, double[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            double d = a[i] - b[i];
            sum += d * d;
        }
        return sum;
    }

    /** Maps the cluster of every distinct point to the columns, renumbered by first use. */
    private static ColumnClustering result(DistinctColumns distinct, int[] pointLabels,
            int clusters, boolean converged, int iterations, String message) {
        int[] renumbered = new int[clusters];
        Arrays.fill(renumbered, -1);
        int next = 0;
        int[] labels = new int[distinct.columns()];
        for (int j = 0; j < labels.length; j++) {
            int cluster = pointLabels[distinct.pointOf(j)];
            if (renumbered[cluster] < 0) {
                renumbered[cluster] = next++;
            }
            labels[j] = renumbered[cluster];
        }
        return new ColumnClustering(labels, clusters, converged, iterations, message);
    }
}
