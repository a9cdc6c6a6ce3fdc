package org.shiftadd.stage.verilog;

import java.util.Map;
import org.shiftadd.api.CompressedLayer;
import org.shiftadd.api.Decomposition;
import org.shiftadd.api.Matrix;
import org.shiftadd.numerics.Csd;
import org.shiftadd.numerics.lcc.FpOptions;
import org.shiftadd.numerics.lcc.FsOptions;
import org.shiftadd.numerics.lcc.FullyParallelLcc;
import org.shiftadd.numerics.lcc.FullySequentialLcc;
import org.shiftadd.numerics.lcc.LccDecomposition;
import org.shiftadd.numerics.lcc.LccNetworkCodec;

/**
 * Recovers the shift-and-add structure of a {@link CompressedLayer}.
 *
 * <p>An {@code lcc-fs} or {@code lcc-fp} layer normally carries its slice networks in the
 * {@value LccNetworkCodec#DETAIL} detail, and they are used exactly as decomposed. A
 * {@code csd} layer, and any layer of another method, is rebuilt exactly: T̂ is dyadic, so
 * Q = T̂ · 2^s is an integer matrix for the smallest such s, and the CSD digits of Q are the
 * network.
 *
 * <p>An LCC layer without the detail (from an older or a third-party decomposer) is
 * decomposed again from T̂ with the recorded target SQNR and options. That network computes a
 * matrix T̂' close to T̂, within the target, but in general not equal to it; the back end
 * reports the difference.
 */
public final class Rederivation {
    private Rederivation() {
    }

    /**
     * Builds the model of one layer.
     *
     * @param layer the layer
     * @param inputBits B_in
     * @param signedInputs whether inputs are two's complement
     * @return the model
     */
    public static LayerModel model(CompressedLayer layer, int inputBits, boolean signedInputs) {
        Decomposition decomposition = layer.decomposition();
        Map<String, Object> details = decomposition.details();
        Matrix approximation = decomposition.approximation();
        int[] inputColumns = layer.inputColumns();
        double target = details.get("targetSqnrDb") instanceof Number n
                ? n.doubleValue() : Double.POSITIVE_INFINITY;
        boolean lccMethod = decomposition.method().equals(FullySequentialLcc.METHOD)
                || decomposition.method().equals(FullyParallelLcc.METHOD);
        if (lccMethod && details.get(LccNetworkCodec.DETAIL) instanceof Map<?, ?> network) {
            LccDecomposition lcc = LccNetworkCodec.decode(decomposition.method(), network,
                    approximation, target);
            return LayerModel.lcc(layer.name(), lcc, inputBits, signedInputs, inputColumns);
        }
        switch (decomposition.method()) {
            case FullySequentialLcc.METHOD -> {
                FsOptions options = new FsOptions(
                        Boolean.TRUE.equals(details.get("signNormalised")),
                        details.get("maxAdditions") instanceof Number n ? n.intValue() : null);
                LccDecomposition lcc =
                        FullySequentialLcc.decompose(approximation, target, options);
                return LayerModel.lcc(layer.name(), lcc, inputBits, signedInputs, inputColumns);
            }
            case FullyParallelLcc.METHOD -> {
                FpOptions options = new FpOptions(
                        intDetail(details, "termsPerRow", FpOptions.DEFAULT_TERMS_PER_ROW),
                        intDetail(details, "maxFactors", FpOptions.DEFAULT_MAX_FACTORS));
                LccDecomposition lcc = FullyParallelLcc.decompose(approximation, target, options);
                return LayerModel.lcc(layer.name(), lcc, inputBits, signedInputs, inputColumns);
            }
            default -> {
                return LayerModel.csd(layer.name(), exactIntegers(approximation), inputBits,
                        signedInputs, inputColumns);
            }
        }
    }

    private static int intDetail(Map<String, Object> details, String key, int fallback) {
        return details.get(key) instanceof Number n ? n.intValue() : fallback;
    }

    /**
     * Writes a dyadic matrix as Q · 2^(−s) with integer Q and the smallest s.
     *
     * @param matrix finite entries; not modified
     * @return Q, s and the CSD additions of Q
     * @throws IllegalArgumentException if an integer would need more than 52 bits
     */
    public static Csd.Quantized exactIntegers(Matrix matrix) {
        double[] values = matrix.toArray();
        int shift = Integer.MIN_VALUE;
        for (double value : values) {
            if (value != 0) {
                shift = Math.max(shift, -lowestBitExponent(value));
            }
        }
        if (shift == Integer.MIN_VALUE) {
            shift = 0;
        }
        long[] integers = new long[values.length];
        for (int k = 0; k < values.length; k++) {
            double scaled = Math.scalb(values[k], shift);
            if (Math.abs(scaled) >= 0x1p52) {
                throw new IllegalArgumentException("entry " + k + " = " + values[k]
                        + " needs more than 52 bits at the common scale 2^" + (-shift)
                        + "; the matrix spans too many binary orders of magnitude");
            }
            integers[k] = (long) scaled;
        }
        return Csd.count(matrix.rows(), matrix.cols(), shift, integers);
    }

    /** Returns the exponent of the lowest set bit of a nonzero finite double. */
    static int lowestBitExponent(double value) {
        long bits = Double.doubleToRawLongBits(Math.abs(value));
        int biased = (int) (bits >>> 52);
        long mantissa = bits & 0x000fffffffffffffL;
        if (biased == 0) {
            return -1074 + Long.numberOfTrailingZeros(mantissa); // subnormal
        }
        mantissa |= 1L << 52;
        return biased - 1075 + Long.numberOfTrailingZeros(mantissa);
    }
}
