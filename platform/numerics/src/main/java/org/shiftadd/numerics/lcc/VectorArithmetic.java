package org.shiftadd.numerics.lcc;

/**
 * Elementwise double arithmetic on linear forms (vectors of input coefficients).
 *
 * <p>The decomposers build their codewords with it, so a codeword contains bit for bit what the
 * finished network computes when it is evaluated on unit vectors.
 */
final class VectorArithmetic implements Arithmetic<double[]> {
    private final int length;

    VectorArithmetic(int length) {
        this.length = length;
    }

    @Override
    public double[] zero() {
        return new double[length];
    }

    @Override
    public double[] scale(double[] value, int exponent, boolean negative) {
        double[] result = new double[length];
        for (int i = 0; i < length; i++) {
            result[i] = PowerOfTwo.scale(value[i], exponent, negative);
        }
        return result;
    }

    @Override
    public double[] add(double[] left, double[] right) {
        double[] result = new double[length];
        for (int i = 0; i < length; i++) {
            result[i] = left[i] + right[i];
        }
        return result;
    }
}
