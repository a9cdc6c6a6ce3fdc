package org.shiftadd.numerics.cluster;

import java.util.Arrays;

/**
 * The responsibility and availability messages of affinity propagation and their damped
 * updates, stored as one array per row.
 *
 * <p>Iteration {@code t} updates every responsibility from the availabilities of iteration
 * {@code t - 1}, then every availability from the new responsibilities, as scikit-learn
 * does. The availabilities of row {@code i} need only row {@code i} of the responsibilities
 * and the column sums of all of them, and the next responsibilities of row {@code i} need
 * only row {@code i} of the availabilities. So one pass over the rows finishes the
 * availabilities of one iteration and computes the responsibilities of the next, with the
 * row still in cache. This halves the memory traffic, which bounds the speed once the
 * arrays outgrow the cache.
 */
final class MessagePassing {
    private final int n;
    private final double[][] s;
    private final double[][] r;
    private final double[][] a;
    private final double keep;
    private final double take;
    /** Column sums of {@code max(r, 0)} with {@code r(k, k)} itself on the diagonal. */
    private double[] columnSums;
    private double[] nextColumnSums;

    /**
     * Creates the messages, all zero.
     *
     * @param s similarities with the preferences on the diagonal, one array per row, at
     *     least two columns; not modified
     * @param damping weight of the previous value in every update
     */
    MessagePassing(double[][] s, int n, double damping) {
        this.n = n;
        this.s = s;
        this.r = new double[n][n];
        this.a = new double[n][n];
        this.keep = damping;
        this.take = 1 - damping;
        this.columnSums = new double[n];
        this.nextColumnSums = new double[n];
    }

    /**
     * Runs until the exemplar set has stayed the same for {@code convergenceIterations}
     * consecutive iterations and is not empty, or until {@code maxIterations}.
     *
     * <p>As in scikit-learn, the check starts after iteration {@code convergenceIterations},
     * so a set that is stable from the first iteration on converges one iteration later
     * than the stable run alone requires, and iteration counts agree with scikit-learn's.
     *
     * @return the exemplars of the last iteration and whether and when the run converged
     */
    Outcome iterate(int maxIterations, int convergenceIterations) {
        boolean[] exemplars = new boolean[n];
        boolean[] previous = new boolean[n];
        int stable = 0;
        for (int i = 0; i < n; i++) {
            updateResponsibilityRow(i, columnSums);
        }
        finishColumnSums(columnSums);
        for (int iteration = 1; iteration <= maxIterations; iteration++) {
            int count = availabilitiesThenResponsibilities(exemplars);
            stable = Arrays.equals(exemplars, previous) ? stable + 1 : 1;
            if (stable >= convergenceIterations && iteration > convergenceIterations
                    && count > 0) {
                return new Outcome(exemplars, true, iteration);
            }
            boolean[] swap = previous;
            previous = exemplars;
            exemplars = swap;
        }
        return new Outcome(previous, false, maxIterations);
    }

    /**
     * Finishes one iteration and starts the next: the availabilities from the current
     * responsibilities, the exemplars they give, then the next responsibilities and their
     * column sums.
     *
     * @param exemplars receives whether {@code a(k, k) + r(k, k) > 0} for every column
     * @return the number of exemplars
     */
    private int availabilitiesThenResponsibilities(boolean[] exemplars) {
        Arrays.fill(nextColumnSums, 0);
        int count = 0;
        for (int i = 0; i < n; i++) {
            updateAvailabilityRow(i);
            exemplars[i] = a[i][i] + r[i][i] > 0;
            if (exemplars[i]) {
                count++;
            }
            updateResponsibilityRow(i, nextColumnSums);
        }
        finishColumnSums(nextColumnSums);
        double[] swap = columnSums;
        columnSums = nextColumnSums;
        nextColumnSums = swap;
        return count;
    }

    /**
     * Updates row {@code i} of the availabilities, damped:
     * {@code a(i, k) = min(0, r(k, k) + sum over i' not in {i, k} of max(0, r(i', k)))} and
     * {@code a(i, i) = sum over i' != i of max(0, r(i', i))}.
     */
    private void updateAvailabilityRow(int i) {
        double[] ai = a[i];
        double[] ri = r[i];
        double[] sums = columnSums;
        double previousDiagonal = ai[i];
        for (int k = 0; k < n; k++) {
            double target = Math.min(sums[k] - Math.max(ri[k], 0), 0);
            ai[k] = keep * ai[k] + take * target;
        }
        ai[i] = keep * previousDiagonal + take * (sums[i] - ri[i]);
    }

    /**
     * Updates row {@code i} of the responsibilities, damped:
     * {@code r(i, k) = s(i, k) - max over k' != k of (a(i, k') + s(i, k'))}, and adds
     * {@code max(r(i, k), 0)} to {@code sums[k]}.
     */
    private void updateResponsibilityRow(int i, double[] sums) {
        double[] ai = a[i];
        double[] ri = r[i];
        double[] si = s[i];

        // Largest and second largest a + s of the row.
        double first = Double.NEGATIVE_INFINITY;
        double second = Double.NEGATIVE_INFINITY;
        int firstAt = 0;
        for (int k = 0; k < n; k++) {
            double value = ai[k] + si[k];
            if (value > first) {
                second = first;
                first = value;
                firstAt = k;
            } else if (value > second) {
                second = value;
            }
        }

        // Every entry competes with the largest, except the largest itself.
        double previousTop = ri[firstAt];
        for (int k = 0; k < n; k++) {
            ri[k] = keep * ri[k] + take * (si[k] - first);
        }
        ri[firstAt] = keep * previousTop + take * (si[firstAt] - second);

        for (int k = 0; k < n; k++) {
            sums[k] += Math.max(ri[k], 0);
        }
    }

    /** Replaces {@code max(r(k, k), 0)} by {@code r(k, k)} in every column sum. */
    private void finishColumnSums(double[] sums) {
        for (int k = 0; k < n; k++) {
            double self = r[k][k];
            sums[k] += self - Math.max(self, 0);
        }
    }

    /**
     * The end of a run.
     *
     * @param exemplars which columns are exemplars in the last iteration
     * @param converged whether the exemplar set was stable long enough
     * @param iterations iterations run
     */
    record Outcome(boolean[] exemplars, boolean converged, int iterations) {
    }
}
