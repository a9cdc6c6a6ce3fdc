package org.shiftadd.numerics.cluster;

import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;
import org.shiftadd.api.ColumnClustering;
import org.shiftadd.api.Matrix;
import org.shiftadd.numerics.Matrices;

/**
 * Affinity propagation on the columns of a matrix, for weight sharing.
 *
 * <p>Each column {@code w_k} is a point with similarity {@code s(i, k) = -||w_i - w_k||^2}
 * to the others and the {@link Preference} as its self-similarity. Responsibilities and
 * availabilities are exchanged with damping on both updates until the set of exemplars has
 * stayed the same for {@code convergenceIterations} consecutive iterations, or until
 * {@code maxIterations}. A tiny Gaussian perturbation of the similarities, drawn from the
 * request's seed, breaks ties, so the same seed gives the same clusters. Labels follow
 * scikit-learn's {@code affinity_propagation}, including its refinement of the exemplars.
 *
 * <p>Beyond the plain algorithm:
 * <ul>
 *   <li>Identical columns always end in one cluster: after message passing every column
 *       takes the cluster of the first column equal to it.
 *   <li>A single column, or columns that are all identical, form one cluster without
 *       iterating. When all pairwise similarities are equal, every column is its own cluster
 *       if the preference exceeds that similarity, and all form one cluster otherwise, again
 *       without iterating.
 *   <li>{@link #cluster} retries a run that did not converge once, with the settings of
 *       {@link AffinityPropagationOptions#forRetry()}. A result that still did not converge
 *       reports it in {@link ColumnClustering#converged()} and its message, and its labels
 *       must not be used to share weights.
 * </ul>
 * Cluster numbers follow the first appearance of each cluster in column order.
 *
 * <p>Cost: {@code O(n^2 m)} for the similarities of {@code n} columns of length {@code m},
 * then {@code O(n^2)} per iteration, with three arrays of {@code n * n} doubles.
 *
 * <p>Source: B. J. Frey, D. Dueck, "Clustering by Passing Messages Between Data Points",
 * Science 315, 2007.
 */
public final class AffinityPropagation {
    private AffinityPropagation() {
    }

    /**
     * Clusters the columns of a matrix, retrying once with more damping and more iterations
     * if the first run does not converge.
     *
     * @param matrix the weights, one point per column; not modified
     * @param options the settings of the first run
     * @param seed seed of the tie-breaking perturbation
     * @return the clustering; {@code converged} is false when the retry failed as well
     * @throws IllegalArgumentException if the matrix contains NaN or an infinity
     */
    public static ColumnClustering cluster(Matrix matrix, AffinityPropagationOptions options,
            long seed) {
        return run(matrix, options, seed, true);
    }

    /**
     * Clusters the columns of a matrix in one run, without a retry.
     *
     * @param matrix the weights, one point per column; not modified
     * @param options the settings
     * @param seed seed of the tie-breaking perturbation
     * @return the clustering, which records whether the run converged
     * @throws IllegalArgumentException if the matrix contains NaN or an infinity
     */
    public static ColumnClustering clusterOnce(Matrix matrix,
            AffinityPropagationOptions options, long seed) {
        return run(matrix, options, seed, false);
    }

    private static ColumnClustering run(Matrix matrix, AffinityPropagationOptions options,
            long seed, boolean retry) {
        Objects.requireNonNull(matrix, "matrix");
        Objects.requireNonNull(options, "options");
        Matrices.requireFinite(matrix);
        int n = matrix.cols();
        if (n == 0) {
            return new ColumnClustering(new int[0], 0, true, 0, "the matrix has no columns");
        }
        double[][] columns = columnsOf(matrix);
        int[] firstEqual = IdenticalColumns.firstEqual(columns);
        if (IdenticalColumns.distinctCount(firstEqual) == 1) {
            return new ColumnClustering(new int[n], 1, true, 0, n == 1
                    ? "a single column is one cluster" : "all " + n + " columns are identical");
        }

        // Similarities, and the preference from them before anything is added.
        double[][] s = Similarities.negativeSquaredDistances(columns);
        double[] offDiagonal = Similarities.sortedOffDiagonal(s);
        double preference = options.preference().resolve(offDiagonal, n);
        String setting = "preference " + options.preference()
                + (options.preference().isFixed() ? "" : " = " + format(preference));
        if (offDiagonal[0] == offDiagonal[offDiagonal.length - 1]) {
            return equidistant(n, preference, offDiagonal[0], setting);
        }
        for (int k = 0; k < n; k++) {
            s[k][k] = preference;
        }
        Similarities.perturbInPlace(s, seed);

        // Message passing, then at most one retry.
        MessagePassing.Outcome outcome = pass(s, n, options);
        String message = report(outcome, options, setting);
        if (!outcome.converged() && retry) {
            AffinityPropagationOptions second = options.forRetry();
            outcome = pass(s, n, second);
            message = "retry " + report(outcome, second, setting) + " after a first run "
                    + message;
        }
        if (!outcome.converged()) {
            message += "; raise maxIterations or damping, or change the preference";
        }
        return labelled(s, n, outcome, firstEqual, message);
    }

    private static MessagePassing.Outcome pass(double[][] s, int n,
            AffinityPropagationOptions options) {
        return new MessagePassing(s, n, options.damping())
                .iterate(options.maxIterations(), options.convergenceIterations());
    }

    /** Turns the exemplars into labels in which identical columns share a cluster. */
    private static ColumnClustering labelled(double[][] s, int n, MessagePassing.Outcome outcome,
            int[] firstEqual, String message) {
        boolean anyExemplar = false;
        for (boolean exemplar : outcome.exemplars()) {
            anyExemplar |= exemplar;
        }
        int[] labels;
        if (anyExemplar) {
            labels = ExemplarLabels.assign(s, outcome.exemplars());
        } else {
            // Only an unconverged run ends without exemplars; every column then stays alone.
            labels = new int[n];
            Arrays.setAll(labels, j -> j);
        }
        for (int j = 0; j < n; j++) {
            labels[j] = labels[firstEqual[j]];
        }
        int clusters = renumberInPlace(labels);
        return new ColumnClustering(labels, clusters, outcome.converged(),
                outcome.iterations(), message);
    }

    /**
     * Returns the clustering for the case in which all pairwise similarities are equal, where
     * messages cannot single out any exemplar.
     */
    private static ColumnClustering equidistant(int n, double preference, double similarity,
            String setting) {
        int[] labels = new int[n];
        if (preference > similarity) {
            Arrays.setAll(labels, j -> j);
            return new ColumnClustering(labels, n, true, 0, "all pairwise similarities are "
                    + format(similarity) + ", below the " + setting
                    + ", so every column is its own cluster");
        }
        return new ColumnClustering(labels, 1, true, 0, "all pairwise similarities are "
                + format(similarity) + ", at or above the " + setting
                + ", so all columns form one cluster");
    }

    /** Renumbers clusters in order of first appearance and returns their number. */
    private static int renumberInPlace(int[] labels) {
        int[] mapping = new int[labels.length];
        Arrays.fill(mapping, -1);
        int clusters = 0;
        for (int j = 0; j < labels.length; j++) {
            if (mapping[labels[j]] < 0) {
                mapping[labels[j]] = clusters++;
            }
            labels[j] = mapping[labels[j]];
        }
        return clusters;
    }

    private static String report(MessagePassing.Outcome outcome,
            AffinityPropagationOptions options, String setting) {
        String run = "(" + setting + ", damping " + options.damping() + ")";
        if (outcome.converged()) {
            return "converged after " + outcome.iterations() + " iterations " + run;
        }
        return "did not converge " + run + ": the exemplar set did not stay the same for "
                + options.convergenceIterations() + " consecutive iterations within "
                + options.maxIterations() + " iterations";
    }

    private static double[][] columnsOf(Matrix matrix) {
        double[][] columns = new double[matrix.cols()][];
        for (int j = 0; j < columns.length; j++) {
            columns[j] = matrix.column(j);
        }
        return columns;
    }

    private static String format(double value) {
        return String.format(Locale.ROOT, "%.6g", value);
    }
}
