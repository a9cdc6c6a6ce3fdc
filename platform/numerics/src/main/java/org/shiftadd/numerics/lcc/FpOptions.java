package org.shiftadd.numerics.lcc;

/**
 * Parameters of {@link FullyParallelLcc}.
 *
 * @param termsPerRow S, the signed-power-of-two terms of each row of each factor, at least 1
 * @param maxFactors the factor limit per slice, at least 1; reaching it before the target is
 *     reported as "target not reached"
 */
public record FpOptions(int termsPerRow, int maxFactors) {
    /** The default S. */
    public static final int DEFAULT_TERMS_PER_ROW = 2;
    /** The default factor limit per slice. */
    public static final int DEFAULT_MAX_FACTORS = 64;

    /**
     * Validates the ranges.
     *
     * @throws IllegalArgumentException if a value is below 1
     */
    public FpOptions {
        if (termsPerRow < 1) {
            throw new IllegalArgumentException("termsPerRow must be >= 1, found " + termsPerRow);
        }
        if (maxFactors < 1) {
            throw new IllegalArgumentException("maxFactors must be >= 1, found " + maxFactors);
        }
    }

    /** Returns the defaults: S = 2, at most 64 factors. */
    public static FpOptions defaults() {
        return new FpOptions(DEFAULT_TERMS_PER_ROW, DEFAULT_MAX_FACTORS);
    }

    /** Returns these options with S = {@code termsPerRow}. */
    public FpOptions withTermsPerRow(int termsPerRow) {
        return new FpOptions(termsPerRow, maxFactors);
    }

    /** Returns these options with the factor limit {@code maxFactors}. */
    public FpOptions withMaxFactors(int maxFactors) {
        return new FpOptions(termsPerRow, maxFactors);
    }
}
