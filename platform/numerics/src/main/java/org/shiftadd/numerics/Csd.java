package org.shiftadd.numerics;

import org.shiftadd.api.Matrix;

/**
 * B-bit fixed-point quantization with one scale per matrix, and canonical signed digit (CSD)
 * addition counting.
 *
 * <p>Quantization: q = rint(w · 2^shift) with shift = B − 1 − ⌈log2 max|W|⌉, where the
 * logarithm is exact (taken from the binary exponent) and rint rounds half to even. There is
 * no clipping, so an entry may reach ±2^(B−1) when max|W| is, or rounds to, a power of two.
 * Additions of y = Q x: for every row, the CSD digits of its nonzero entries minus one; rows
 * without a nonzero entry cost nothing, and shifts and negations are free.
 */
public final class Csd {
    private Csd() {
    }

    /**
     * A quantized matrix and its CSD cost.
     *
     * @param rows number of rows
     * @param cols number of columns
     * @param shift the scale exponent: w ≈ q · 2^(−shift)
     * @param integers q, row-major
     * @param additions Σ over rows of (CSD digits of the row − 1), rows without digits excluded
     * @param depth adder depth: ⌈log2 (digits)⌉ of the row with the most digits
     */
    public record Quantized(int rows, int cols, int shift, long[] integers, long additions,
            int depth) {

        /** Returns Q · 2^(−shift), the matrix that the adders compute exactly. */
        public Matrix approximation() {
            double[] values = new double[integers.length];
            for (int k = 0; k < values.length; k++) {
                values[k] = Math.scalb((double) integers[k], -shift);
            }
            return Matrix.of(rows, cols, values);
        }
    }

    /**
     * Quantizes {@code matrix} to {@code bits} bits and counts its CSD additions.
     *
     * @param matrix the weights, finite values only; not modified
     * @param bits B, from 1 to 52
     * @return the quantization; an all-zero matrix gives shift 0, zero integers and 0 additions
     * @throws IllegalArgumentException if B is out of range or an entry is not finite
     */
    public static Quantized quantize(Matrix matrix, int bits) {
        if (bits < 1 || bits > 52) {
            throw new IllegalArgumentException("bits must be in 1..52, found " + bits);
        }
        Matrices.requireFinite(matrix);
        double[] w = matrix.toArray();
        double maxAbs = 0;
        for (double v : w) {
            maxAbs = Math.max(maxAbs, Math.abs(v));
        }
        int shift = maxAbs == 0 ? 0 : bits - 1 - ceilLog2(maxAbs);
        long[] q = new long[w.length];
        for (int k = 0; k < w.length; k++) {
            q[k] = (long) Math.rint(Math.scalb(w[k], shift));
        }
        return count(matrix.rows(), matrix.cols(), shift, q);
    }

    /**
     * Counts the CSD additions and depth of integer weights.
     *
     * @param rows number of rows
     * @param cols number of columns
     * @param shift scale exponent recorded with the result
     * @param integers row-major integer weights; not modified, kept by reference
     * @return the counted quantization
     */
    public static Quantized count(int rows, int cols, int shift, long[] integers) {
        long additions = 0;
        int depth = 0;
        for (int i = 0; i < rows; i++) {
            long digits = 0;
            for (int j = 0; j < cols; j++) {
                digits += digits(integers[i * cols + j]);
            }
            if (digits > 1) {
                additions += digits - 1;
                depth = Math.max(depth, ceilLog2(digits));
            }
        }
        return new Quantized(rows, cols, shift, integers, additions, depth);
    }

    /**
     * Returns the number of nonzero digits of {@code value} in canonical signed digit form.
     *
     * <p>The nonzero digits of the non-adjacent form of x sit where (3x XOR x) has a set bit,
     * shifted down by one.
     *
     * @param value any integer with |value| &lt; 2^61
     * @return the CSD weight, 0 for 0
     */
    public static int digits(long value) {
        long x = Math.abs(value);
        return Long.bitCount(((3 * x) ^ x) >>> 1);
    }

    /**
     * Returns ⌈log2 x⌉ for x &gt; 0, exactly, from the binary exponent.
     *
     * @param x a positive finite value
     * @return the smallest e with 2^e ≥ x
     */
    public static int ceilLog2(double x) {
        if (!(x > 0) || Double.isInfinite(x)) {
            throw new IllegalArgumentException("ceilLog2 needs a positive finite value, found " + x);
        }
        int exponent = Math.getExponent(x);
        if (exponent < Double.MIN_EXPONENT) {
            // Subnormal: scale into the normal range first.
            return ceilLog2(Math.scalb(x, 64)) - 64;
        }
        boolean powerOfTwo = (Double.doubleToRawLongBits(x) & 0x000fffffffffffffL) == 0;
        return powerOfTwo ? exponent : exponent + 1;
    }

    /**
     * Returns the SQNR of the B-bit quantization of {@code matrix}, capped at 6.02·B + 20 dB.
     *
     * <p>This is what a bit width means as a decomposition target: a matrix already on the
     * B-bit grid would otherwise ask for an infinite SQNR.
     *
     * @param matrix the weights; not modified
     * @param bits B
     * @return the target SQNR in dB
     */
    public static double targetSqnrDb(Matrix matrix, int bits) {
        double sqnr = Sqnr.db(matrix, quantize(matrix, bits).approximation());
        return Math.min(sqnr, 6.02 * bits + 20);
    }
}
