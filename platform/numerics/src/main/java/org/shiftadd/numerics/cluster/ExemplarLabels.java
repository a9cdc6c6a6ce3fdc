package org.shiftadd.numerics.cluster;

import java.util.Arrays;

/**
 * Turns the exemplars of affinity propagation into cluster labels, as scikit-learn does:
 * every column joins its most similar exemplar, each cluster then takes as exemplar the
 * member with the largest summed similarity to the other members, and every column joins its
 * most similar exemplar again.
 */
final class ExemplarLabels {
    private ExemplarLabels() {
    }

    /**
     * Returns the cluster of every column, from 0 to the number of exemplars minus one.
     *
     * @param s similarities with the preferences on the diagonal, {@code n * n} values; not
     *     modified
     * @param isExemplar which columns are exemplars, at least one; not modified
     */
    static int[] assign(double[] s, int n, boolean[] isExemplar) {
        int[] exemplars = indicesOf(isExemplar);
        int[] labels = nearest(s, n, exemplars);
        for (int c = 0; c < exemplars.length; c++) {
            exemplars[c] = medoid(s, n, membersOf(labels, c));
        }
        return nearest(s, n, exemplars);
    }

    /**
     * Assigns every column to the exemplar with the largest similarity, the first one on
     * ties; an exemplar belongs to its own cluster.
     */
    private static int[] nearest(double[] s, int n, int[] exemplars) {
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            int row = i * n;
            int best = 0;
            for (int c = 1; c < exemplars.length; c++) {
                if (s[row + exemplars[c]] > s[row + exemplars[best]]) {
                    best = c;
                }
            }
            labels[i] = best;
        }
        for (int c = 0; c < exemplars.length; c++) {
            labels[exemplars[c]] = c;
        }
        return labels;
    }

    /** Returns the member with the largest sum of similarities from all members. */
    private static int medoid(double[] s, int n, int[] members) {
        int best = members[0];
        double bestSum = Double.NEGATIVE_INFINITY;
        for (int candidate : members) {
            double sum = 0;
            for (int member : members) {
                sum += s[member * n + candidate];
            }
            if (sum > bestSum) {
                bestSum = sum;
                best = candidate;
            }
        }
        return best;
    }

    private static int[] indicesOf(boolean[] flags) {
        int[] indices = new int[flags.length];
        int count = 0;
        for (int k = 0; k < flags.length; k++) {
            if (flags[k]) {
                indices[count++] = k;
            }
        }
        return Arrays.copyOf(indices, count);
    }

    private static int[] membersOf(int[] labels, int cluster) {
        int[] members = new int[labels.length];
        int count = 0;
        for (int j = 0; j < labels.length; j++) {
            if (labels[j] == cluster) {
                members[count++] = j;
            }
        }
        return Arrays.copyOf(members, count);
    }
}
