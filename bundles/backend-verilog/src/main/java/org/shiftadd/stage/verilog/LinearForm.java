package org.shiftadd.stage.verilog;

import java.math.BigInteger;
import org.shiftadd.stage.verilog.IntegerNetwork.Operand;

/**
 * A node's value as Σ c_j x_j over the inputs, stored sparsely with sorted input indices.
 *
 * <p>Because the inputs vary independently, the range of such a form is exact, whereas
 * interval arithmetic over a DAG overestimates it whenever two operands share an input: the
 * CSD digits of 3 give 4x − x, whose interval [−255, 1020] for 8-bit unsigned x would make the
 * node signed, while 3x stays in [0, 765].
 */
final class LinearForm {
    /** The largest number of inputs a form tracks; a larger node falls back to intervals. */
    static final int MAX_TERMS = 4096;

    private final int[] inputs;
    private final long[] coefficients;

    private LinearForm(int[] inputs, long[] coefficients) {
        this.inputs = inputs;
        this.coefficients = coefficients;
    }

    static LinearForm input(int j) {
        return new LinearForm(new int[] {j}, new long[] {1});
    }

    /** Returns ±(form · 2^shift), or null if the form is null or a coefficient overflows. */
    static LinearForm of(LinearForm form, Operand operand) {
        if (form == null) {
            return null;
        }
        long[] scaled = new long[form.coefficients.length];
        for (int k = 0; k < scaled.length; k++) {
            long c = form.coefficients[k];
            if (operand.shift() >= 62 || Math.abs(c) >= (1L << (62 - operand.shift()))) {
                return null;
            }
            c <<= operand.shift();
            scaled[k] = operand.negative() ? -c : c;
        }
        return new LinearForm(form.inputs, scaled);
    }

    /** Returns a + b, or null if either is null, a sum overflows or it exceeds MAX_TERMS. */
    static LinearForm sum(LinearForm a, LinearForm b) {
        if (a == null || b == null) {
            return null;
        }
        int[] inputs = new int[a.inputs.length + b.inputs.length];
        long[] coefficients = new long[inputs.length];
        int i = 0;
        int k = 0;
        int n = 0;
        while (i < a.inputs.length || k < b.inputs.length) {
            int input;
            long c;
            if (k == b.inputs.length || (i < a.inputs.length && a.inputs[i] < b.inputs[k])) {
                input = a.inputs[i];
                c = a.coefficients[i++];
            } else if (i == a.inputs.length || b.inputs[k] < a.inputs[i]) {
                input = b.inputs[k];
                c = b.coefficients[k++];
            } else {
                input = a.inputs[i];
                try {
                    c = Math.addExact(a.coefficients[i++], b.coefficients[k++]);
                } catch (ArithmeticException overflow) {
                    return null;
                }
            }
            if (c != 0) {
                inputs[n] = input;
                coefficients[n++] = c;
            }
        }
        if (n > MAX_TERMS) {
            return null;
        }
        return new LinearForm(java.util.Arrays.copyOf(inputs, n),
                java.util.Arrays.copyOf(coefficients, n));
    }

    /** Returns the exact [min, max] of the form over inputs in [low, high]. */
    BigInteger[] range(BigInteger low, BigInteger high) {
        BigInteger min = BigInteger.ZERO;
        BigInteger max = BigInteger.ZERO;
        for (long c : coefficients) {
            BigInteger coefficient = BigInteger.valueOf(c);
            BigInteger atLow = coefficient.multiply(low);
            BigInteger atHigh = coefficient.multiply(high);
            min = min.add(atLow.min(atHigh));
            max = max.add(atLow.max(atHigh));
        }
        return new BigInteger[] {min, max};
    }
}
