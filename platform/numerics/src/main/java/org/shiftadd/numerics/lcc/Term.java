package org.shiftadd.numerics.lcc;

/**
 * One signed power of two applied to one source value: ±2^exponent · source.
 *
 * <p>In hardware the term costs nothing: the power of two is a shift and the sign is folded
 * into the adder that consumes it.
 *
 * @param source index of the value the term reads (an input, a codeword or a node)
 * @param exponent e in ±2^e
 * @param negative whether the coefficient is −2^e
 */
public record Term(int source, int exponent, boolean negative) {

    /**
     * Validates the source index.
     *
     * @throws IllegalArgumentException if {@code source} is negative
     */
    public Term {
        if (source < 0) {
            throw new IllegalArgumentException("term source must be >= 0, found " + source);
        }
    }

    /**
     * Creates the term {@code coefficient · source}.
     *
     * @param source index of the value the term reads
     * @param coefficient ±2^e, a finite nonzero signed power of two
     * @return the term
     * @throws IllegalArgumentException if the coefficient is not a signed power of two
     */
    public static Term of(int source, double coefficient) {
        if (!isSignedPowerOfTwo(coefficient)) {
            throw new IllegalArgumentException(
                    "term coefficient must be a signed power of two, found " + coefficient);
        }
        return new Term(source, PowerOfTwo.floorLog2(Math.abs(coefficient)), coefficient < 0);
    }

    /** Returns ±2^exponent as a double (infinite or zero outside the double range). */
    public double coefficient() {
        double magnitude = Math.scalb(1.0, exponent);
        return negative ? -magnitude : magnitude;
    }

    /** Returns the same term with the opposite sign. */
    public Term negate() {
        return new Term(source, exponent, !negative);
    }

    /** Returns whether {@code value} is ±2^e for some integer e (subnormals included). */
    public static boolean isSignedPowerOfTwo(double value) {
        if (value == 0 || !Double.isFinite(value)) {
            return false;
        }
        double magnitude = Math.abs(value);
        return Math.scalb(1.0, PowerOfTwo.floorLog2(magnitude)) == magnitude;
    }

    @Override
    public String toString() {
        return (negative ? "-" : "+") + "2^" + exponent + "*[" + source + "]";
    }
}
