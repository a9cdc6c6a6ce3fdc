package org.shiftadd.numerics.cluster;

import java.util.Arrays;

/**
 * The responsibility and availability messages of affinity propagation and their damped
 * updates, on {@code n * n} row-major arrays.
 *
 * <p>Every update visits the arrays row by row in storage order; the column sums that the
 * availabilities need are gathered in one such pass as well.
 */
final class MessagePassing {
    private final int n;
    private final double[] s;
    private final double[] r;
    private final double[] a;
    private final double damping;
    private final double[] columnSums;
    private final double[] diagonalBuffer;

    /**
     * Creates the messages, all zero.
     *
     * @param s similarities with the preferences on the diagonal, {@code n * n} values,
     *     at least two columns; not modified
     */
    MessagePassing(double[] s, int n, double damping) {
        this.n = n;
        this.s = s;
        this.r = new double[n * n];
        this.a = new double[n * n];
        this.damping = damping;
        this.columnSums = new double[n];
        this.diagonalBuffer = new double[n];
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
        for (int iteration = 1; iteration <= maxIterations; iteration++) {
            updateResponsibilities();
            updateAvailabilities();
            int count = exemplars(exemplars);
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
     * Updates {@code r(i, k) = s(i, k) - max over k' != k of (a(i, k') + s(i, k'))}, damped.
     */
    void updateResponsibilities() {
        double keep = damping;
        double take = 1 - damping;
        for (int i = 0; i < n; i++) {
            int row = i * n;

            // Largest and second largest a + s of the row.
            double first = Double.NEGATIVE_INFINITY;
            double second = Double.NEGATIVE_INFINITY;
            int firstAt = 0;
            for (int k = 0; k < n; k++) {
                double value = a[row + k] + s[row + k];
                if (value > first) {
                    second = first;
                    first = value;
                    firstAt = k;
                } else if (value > second) {
                    second = value;
                }
            }

            // Every entry competes with the largest, except the largest itself.
            int top = row + firstAt;
            double previousTop = r[top];
            for (int k = 0; k < n; k++) {
                r[row + k] = keep * r[row + k] + take * (s[row + k] - first);
            }
            r[top] = keep * previousTop + take * (s[top] - second);
        }
    }

    /**
     * Updates the availabilities, damped: {@code a(i, k) = min(0, r(k, k) + sum over i' not in
     * {i, k} of max(0, r(i', k)))} off the diagonal and
     * {@code a(k, k) = sum over i' != k of max(0, r(i', k))}.
     */
    void updateAvailabilities() {
        double keep = damping;
        double take = 1 - damping;

        // Column sums of max(r, 0), with r(k, k) itself in place of max(r(k, k), 0).
        Arrays.fill(columnSums, 0);
        for (int i = 0; i < n; i++) {
            int row = i * n;
            for (int k = 0; k < n; k++) {
                columnSums[k] += Math.max(r[row + k], 0);
            }
        }
        for (int k = 0; k < n; k++) {
            double self = r[k * n + k];
            columnSums[k] += self - Math.max(self, 0);
            diagonalBuffer[k] = a[k * n + k];
        }

        // Off-diagonal update; the diagonal entries written here are replaced below.
        for (int i = 0; i < n; i++) {
            int row = i * n;
            for (int k = 0; k < n; k++) {
                double target = Math.min(columnSums[k] - Math.max(r[row + k], 0), 0);
                a[row + k] = keep * a[row + k] + take * target;
            }
        }

        // Diagonal update from the availabilities before this call.
        for (int k = 0; k < n; k++) {
            double target = columnSums[k] - r[k * n + k];
            a[k * n + k] = keep * diagonalBuffer[k] + take * target;
        }
    }

    /** Marks the columns with {@code a(k, k) + r(k, k) > 0} and returns their number. */
    int exemplars(boolean[] out) {
        int count = 0;
        for (int k = 0; k < n; k++) {
            out[k] = a[k * n + k] + r[k * n + k] > 0;
            if (out[k]) {
                count++;
            }
        }
        return count;
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
