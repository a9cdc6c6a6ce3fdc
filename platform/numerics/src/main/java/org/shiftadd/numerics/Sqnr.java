package org.shiftadd.numerics;

import org.shiftadd.api.Matrix;

/** Signal-to-quantization-noise ratio of an approximation. */
public final class Sqnr {
    private Sqnr() {
    }

    /**
     * Returns 20·log10(‖T‖_F / ‖T − T̂‖_F) in dB.
     *
     * <p>Returns {@link Double#POSITIVE_INFINITY} when T̂ = T exactly (an all-zero T included)
     * and {@link Double#NEGATIVE_INFINITY} when T is zero but T̂ is not.
     *
     * @param target T; not modified
     * @param approximation T̂, same shape; not modified
     * @return the SQNR in dB
     */
    public static double db(Matrix target, Matrix approximation) {
        requireSameShape(target, approximation);
        double[] t = target.toArray();
        double[] a = approximation.toArray();
        // Scaling both by the same power of two keeps squares of huge or tiny entries from
        // overflowing or underflowing, and leaves the ratio unchanged.
        double largest = 0;
        for (int k = 0; k < t.length; k++) {
            largest = Math.max(largest, Math.max(Math.abs(t[k]), Math.abs(a[k])));
        }
        int scale = largest == 0 || !Double.isFinite(largest) ? 0 : -Math.getExponent(largest);
        double signal = 0;
        double noise = 0;
        for (int k = 0; k < t.length; k++) {
            double x = Math.scalb(t[k], scale);
            double d = x - Math.scalb(a[k], scale);
            signal += x * x;
            noise += d * d;
        }
        return fromEnergies(signal, noise);
    }

    /**
     * Returns 10·log10(signal / noise) for squared Frobenius norms.
     *
     * @param signal ‖T‖²
     * @param noise ‖T − T̂‖²
     * @return the SQNR in dB, infinite for zero noise as in {@link #db(Matrix, Matrix)}
     */
    public static double fromEnergies(double signal, double noise) {
        if (noise == 0) {
            return Double.POSITIVE_INFINITY;
        }
        if (signal == 0) {
            return Double.NEGATIVE_INFINITY;
        }
        return 10 * Math.log10(signal / noise);
    }

    private static void requireSameShape(Matrix a, Matrix b) {
        if (a.rows() != b.rows() || a.cols() != b.cols()) {
            throw new IllegalArgumentException("shapes differ: (" + a.rows() + "x" + a.cols()
                    + ") vs (" + b.rows() + "x" + b.cols() + ")");
        }
    }
}
