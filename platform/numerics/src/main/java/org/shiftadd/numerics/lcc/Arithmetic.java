package org.shiftadd.numerics.lcc;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

/**
 * The operations a shift-and-add network performs, over some value type.
 *
 * <p>Networks evaluate through this interface only, so one evaluation routine serves plain
 * doubles, exact dyadic values, adder depth and, in tests, an instrumented count of the
 * additions that an evaluation performs.
 *
 * @param <V> the value type
 */
public interface Arithmetic<V> {

    /** Returns the constant zero, the output of a row with no term. */
    V zero();

    /**
     * Returns ±2^exponent · value: a shift and a sign, which cost no addition.
     *
     * @param value the operand
     * @param exponent e in ±2^e
     * @param negative whether the factor is −2^e
     * @return the scaled value
     */
    V scale(V value, int exponent, boolean negative);

    /** Returns left + right: one addition. */
    V add(V left, V right);

    /** Returns {@code term} applied to {@code value}. */
    default V scale(V value, Term term) {
        return scale(value, term.exponent(), term.negative());
    }

    /**
     * Adds values in a balanced binary tree: n − 1 additions and adder depth ⌈log2 n⌉.
     *
     * <p>Pairs (0, 1), (2, 3), … are added first, an odd last value moves up unchanged, and
     * this repeats until one value is left.
     *
     * @param values the operands; not modified
     * @return their sum, {@link #zero()} for an empty list
     */
    default V sum(List<V> values) {
        if (values.isEmpty()) {
            return zero();
        }
        List<V> level = values;
        while (level.size() > 1) {
            List<V> next = new ArrayList<>((level.size() + 1) / 2);
            for (int i = 0; i + 1 < level.size(); i += 2) {
                next.add(add(level.get(i), level.get(i + 1)));
            }
            if (level.size() % 2 == 1) {
                next.add(level.get(level.size() - 1));
            }
            level = next;
        }
        return level.get(0);
    }

    /**
     * Returns IEEE double arithmetic: each shift is exact (single rounding where the result is
     * subnormal) and each addition rounds once.
     */
    static Arithmetic<Double> doubles() {
        return new Arithmetic<>() {
            @Override
            public Double zero() {
                return 0.0;
            }

            @Override
            public Double scale(Double value, int exponent, boolean negative) {
                return PowerOfTwo.scale(value, exponent, negative);
            }

            @Override
            public Double add(Double left, Double right) {
                return left + right;
            }
        };
    }

    /**
     * Returns exact arithmetic on dyadic rationals: with integer (fixed-point) inputs it gives
     * the bit-exact outputs of the network, at any exponent.
     */
    static Arithmetic<BigDecimal> exact() {
        return new Arithmetic<>() {
            @Override
            public BigDecimal zero() {
                return BigDecimal.ZERO;
            }

            @Override
            public BigDecimal scale(BigDecimal value, int exponent, boolean negative) {
                // 2^e exactly: 2^−n = 5^n / 10^n, which a BigDecimal represents without rounding.
                BigDecimal factor = exponent >= 0
                        ? new BigDecimal(BigInteger.ONE.shiftLeft(exponent))
                        : new BigDecimal(BigInteger.valueOf(5).pow(-exponent), -exponent);
                BigDecimal result = value.multiply(factor);
                return negative ? result.negate() : result;
            }

            @Override
            public BigDecimal add(BigDecimal left, BigDecimal right) {
                return left.add(right);
            }
        };
    }

    /**
     * Returns the adder depth of each value: inputs and constants have depth 0, a shift keeps
     * the depth and an addition is one deeper than its deeper operand.
     */
    static Arithmetic<Integer> adderDepth() {
        return new Arithmetic<>() {
            @Override
            public Integer zero() {
                return 0;
            }

            @Override
            public Integer scale(Integer value, int exponent, boolean negative) {
                return value;
            }

            @Override
            public Integer add(Integer left, Integer right) {
                return Math.max(left, right) + 1;
            }
        };
    }
}
