package org.shiftadd.numerics.lcc;

/**
 * Parameters of {@link FullySequentialLcc}.
 *
 * @param signNormalised whether a two-term codeword with both terms negative is allowed. It
 *     is appended negated (both terms positive, still one addition) and read with the free
 *     sign −1. {@code false} is the published rule, under which such rows keep their
 *     one-term error
 * @param maxAdditions the addition limit per slice, at least 1, or {@code null} for
 *     max(64, 8·N·K) with N the rows and K the columns of the slice; reaching it before the
 *     target is reported as "target not reached"
 */
public record FsOptions(boolean signNormalised, Integer maxAdditions) {

    /**
     * Validates the limit.
     *
     * @throws IllegalArgumentException if {@code maxAdditions} is below 1
     */
    public FsOptions {
        if (maxAdditions != null && maxAdditions < 1) {
            throw new IllegalArgumentException("maxAdditions must be >= 1, found "
                    + maxAdditions);
        }
    }

    /** Returns the defaults: the published sign rule and the default addition limit. */
    public static FsOptions defaults() {
        return new FsOptions(false, null);
    }

    /** Returns these options with the sign rule {@code signNormalised}. */
    public FsOptions withSignNormalised(boolean signNormalised) {
        return new FsOptions(signNormalised, maxAdditions);
    }

    /** Returns these options with the addition limit per slice {@code maxAdditions}. */
    public FsOptions withMaxAdditions(int maxAdditions) {
        return new FsOptions(signNormalised, maxAdditions);
    }

    /** Returns the addition limit of a slice of {@code rows} × {@code columns}. */
    public long maxAdditions(int rows, int columns) {
        return maxAdditions != null ? maxAdditions : Math.max(64L, 8L * rows * columns);
    }
}
