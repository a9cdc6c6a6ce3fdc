package org.shiftadd.numerics.lcc;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Exact binary exponents, shifts and canonical signed digits of sums of powers of two. */
final class PowerOfTwo {
    private PowerOfTwo() {
    }

    /**
     * Returns ⌊log2 x⌋ for a positive finite x, exactly, from the binary exponent.
     *
     * <p>{@code Math.log(x) / Math.log(2)} is off by one at and near powers of two, so it is
     * never used for this.
     */
    static int floorLog2(double x) {
        int exponent = Math.getExponent(x);
        if (exponent >= Double.MIN_EXPONENT) {
            return exponent;
        }
        // Subnormal: the exponent field is 0, so scale into the normal range first.
        return Math.getExponent(x * 0x1p64) - 64;
    }

    /**
     * Returns ±2^exponent · value with a single rounding, as a shift in hardware computes it.
     */
    static double scale(double value, int exponent, boolean negative) {
        double result = exponent >= Double.MIN_EXPONENT && exponent <= Double.MAX_EXPONENT
                ? value * Math.scalb(1.0, exponent)
                : Math.scalb(value, exponent);
        return negative ? -result : result;
    }

    /**
     * Rewrites the terms of one row so that every source appears with its canonical signed
     * digits.
     *
     * <p>When a pursuit picks the same codeword twice, its entry is a sum such as 3·2^e. The
     * entry costs as many terms as its non-adjacent form (the minimal signed-digit form) has
     * digits, so 2^e + 2^(e−1) becomes 2^(e+1) − 2^(e−1) and 2^e + 2^e becomes 2^(e+1).
     * Sources keep the order of their first term; a source whose terms cancel disappears.
     * Terms on distinct sources are returned unchanged and in order.
     */
    static List<Term> canonicalRow(List<Term> terms) {
        Map<Integer, List<Term>> bySource = new LinkedHashMap<>();
        for (Term term : terms) {
            bySource.computeIfAbsent(term.source(), s -> new ArrayList<>()).add(term);
        }
        if (bySource.size() == terms.size()) {
            return List.copyOf(terms);
        }
        List<Term> row = new ArrayList<>();
        for (Map.Entry<Integer, List<Term>> entry : bySource.entrySet()) {
            List<Term> group = entry.getValue();
            row.addAll(group.size() == 1 ? group : signedDigits(entry.getKey(), group));
        }
        return List.copyOf(row);
    }

    /** Returns the non-adjacent form of the sum of {@code terms}, lowest digit first. */
    private static List<Term> signedDigits(int source, List<Term> terms) {
        int lowest = Integer.MAX_VALUE;
        for (Term term : terms) {
            lowest = Math.min(lowest, term.exponent());
        }

        // Exact integer value of the sum in units of 2^lowest.
        BigInteger value = BigInteger.ZERO;
        for (Term term : terms) {
            BigInteger magnitude = BigInteger.ONE.shiftLeft(term.exponent() - lowest);
            value = term.negative() ? value.subtract(magnitude) : value.add(magnitude);
        }

        // Non-adjacent form: an odd value takes the digit ±1 that leaves a multiple of 4.
        List<Term> digits = new ArrayList<>();
        BigInteger four = BigInteger.valueOf(4);
        for (int position = lowest; value.signum() != 0; position++) {
            if (value.testBit(0)) {
                boolean negative = value.mod(four).intValue() == 3;
                digits.add(new Term(source, position, negative));
                value = negative ? value.add(BigInteger.ONE) : value.subtract(BigInteger.ONE);
            }
            value = value.shiftRight(1);
        }
        return digits;
    }
}
