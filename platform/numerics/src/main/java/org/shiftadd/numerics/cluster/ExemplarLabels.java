package org.shiftadd.numerics.cluster;

import java.util.Arrays;

/**
 * Turns the exemplars of affinity propagation into cluster labels, as scikit-learn does.
 * Every column joins its most similar exemplar. Each cluster then takes as its exemplar the
 * member with the largest summed similarity to the other members, and every column joins its
 * most similar exemplar again.
 */
final class ExemplarLabels {
    private ExemplarLabels() {
    }

    /**
     * Returns the cluster of every column, from 0 to the number of exemplars minus one.
     *
     * @param s similarities with the preferences on the diagonal, one array per row; not
     *     modified
     * @param isExemplar which columns are exemplars, at least one; not modified
     */
    static int[] assign(double[][] s, boolean[] isExemplar) {
        int[] exemplars = indicesOf(isExemplar);
        int[] labels = nearest(s, exemplars);
        for (int c = 0; c < exemplars.length; c++) {
            exemplars[c] = medoid(s, membersOf(labels, c));
        }
        return nearest(s, exemplars);
    }

    /**
     * Assigns every column to the exemplar with the largest similarity, the first one on
     * ties; an exemplar belongs to its own cluster.
     */
    private static int[] nearest(double[][] s, int[] exemplars) {
        int[] labels = new int[s.length];
        for (int i = 0; i < s.length; i++) {
            double[] row = s[i];
            int best = 0;
            for (int c = 1; c < exemplars.length; c++) {
                if (row[exemplars[c]] > row[exemplars[best]]) {
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
    private static int medoid(double[][] s, int[] members) {
        int best = members[0];
        double bestSum = Double.NEGATIVE_INFINITY;
        for (int candidate : members) {
            double sum = 0;
            for (int member : members) {
                sum += s[member][candidate];
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
