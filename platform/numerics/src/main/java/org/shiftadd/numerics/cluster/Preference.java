package org.shiftadd.numerics.cluster;

import java.util.Locale;
import java.util.Objects;

/**
 * The preference of affinity propagation: the self-similarity {@code s(k, k)} of every
 * column, which sets how readily a column becomes an exemplar. A lower preference gives
 * fewer clusters.
 *
 * <p>It is either a fixed number or a quantile of the {@code n * n} similarities
 * {@code -||w_i - w_k||^2}, the zero diagonal included, as scikit-learn computes its default
 * median. Spec syntax, read by {@link #parse}:
 * <ul>
 *   <li>a number, such as {@code -50}: that value;
 *   <li>{@code "median"}: the median of the similarities, the default;
 *   <li>{@code "q"} followed by a number in {@code [0, 1]}, such as {@code "q0.25"}: that
 *       quantile of the similarities, interpolated linearly between neighbouring values as
 *       NumPy's default does, so {@code "q0.5"} equals {@code "median"}.
 * </ul>
 */
public final class Preference {
    private static final Preference MEDIAN = new Preference(0.5, Double.NaN);

    /** Quantile in {@code [0, 1]}, or NaN for a fixed value. */
    private final double quantile;
    /** The fixed value, or NaN for a quantile. */
    private final double value;

    private Preference(double quantile, double value) {
        this.quantile = quantile;
        this.value = value;
    }

    /** Returns the median of the similarities, the default preference. */
    public static Preference median() {
        return MEDIAN;
    }

    /**
     * Returns a quantile of the similarities.
     *
     * @param quantile the quantile, in {@code [0, 1]}
     * @return the preference
     * @throws IllegalArgumentException if the quantile lies outside {@code [0, 1]}
     */
    public static Preference quantile(double quantile) {
        if (!(quantile >= 0 && quantile <= 1)) {
            throw new IllegalArgumentException("a preference quantile must lie in [0, 1],"
                    + " found " + quantile);
        }
        return new Preference(quantile, Double.NaN);
    }

    /**
     * Returns a fixed preference.
     *
     * @param value the self-similarity of every column, finite
     * @return the preference
     * @throws IllegalArgumentException if the value is not finite
     */
    public static Preference fixed(double value) {
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException("a fixed preference must be finite, found "
                    + value);
        }
        return new Preference(Double.NaN, value);
    }

    /**
     * Reads a preference in the spec syntax of the class comment.
     *
     * @param spec a {@link Number}, or a string: {@code "median"}, {@code "q<quantile>"} or a
     *     number
     * @return the preference
     * @throws IllegalArgumentException if the value fits none of the forms
     */
    public static Preference parse(Object spec) {
        if (!(spec instanceof Number) && !(spec instanceof String)) {
            throw invalid(spec);
        }
        String trimmed = spec.toString().strip().toLowerCase(Locale.ROOT);
        if (trimmed.equals("median")) {
            return MEDIAN;
        }
        try {
            if (spec instanceof Number number) {
                return fixed(number.doubleValue());
            }
            if (trimmed.startsWith("q")) {
                return quantile(Double.parseDouble(trimmed.substring(1)));
            }
            return fixed(Double.parseDouble(trimmed));
        } catch (IllegalArgumentException e) {
            throw invalid(spec);
        }
    }

    private static IllegalArgumentException invalid(Object spec) {
        return new IllegalArgumentException("preference must be a number, \"median\" or a"
                + " quantile such as \"q0.25\" (q followed by a number in [0, 1]), found "
                + (spec instanceof String ? "\"" + spec + "\"" : String.valueOf(spec)));
    }

    /** Returns whether this is a fixed value rather than a quantile of the similarities. */
    public boolean isFixed() {
        return Double.isNaN(quantile);
    }

    /**
     * Computes the preference of one clustering problem.
     *
     * @param sortedOffDiagonal the similarities {@code s(i, k)} for {@code i < k}, in
     *     increasing order, every one at most 0; not modified
     * @param n number of columns; the full matrix contains every off-diagonal value twice and
     *     {@code n} zeros on its diagonal
     */
    double resolve(double[] sortedOffDiagonal, int n) {
        if (isFixed()) {
            return value;
        }
        long count = (long) n * n;
        double position = quantile * (count - 1);
        long lower = (long) Math.floor(position);
        long upper = Math.min(lower + 1, count - 1);
        double low = ordered(sortedOffDiagonal, lower);
        double high = ordered(sortedOffDiagonal, upper);
        return low + (position - lower) * (high - low);
    }

    /**
     * Returns element {@code rank} of all {@code n * n} similarities in increasing order:
     * every off-diagonal value appears twice, and the diagonal zeros come last because no
     * similarity is positive.
     */
    private static double ordered(double[] sortedOffDiagonal, long rank) {
        return rank < 2L * sortedOffDiagonal.length ? sortedOffDiagonal[(int) (rank / 2)] : 0.0;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Preference p
                && Double.compare(p.quantile, quantile) == 0
                && Double.compare(p.value, value) == 0;
    }

    @Override
    public int hashCode() {
        return Objects.hash(quantile, value);
    }

    /** Returns the preference in spec syntax, for example {@code median} or {@code q0.25}. */
    @Override
    public String toString() {
        if (isFixed()) {
            return Double.toString(value);
        }
        return quantile == 0.5 ? "median" : "q" + quantile;
    }
}
