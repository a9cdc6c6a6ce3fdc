package org.shiftadd.api;

import java.io.Serializable;
/**
 * The precision a decomposition must reach: either a bit width B or a signal-to-quantization
 * noise ratio in dB. Exactly one of the two is set.
 *
 * @param bits B, the width of signed fixed-point weights, or {@code null}
 * @param sqnrDb target SQNR = 20·log10(‖T‖_F / ‖T − T̂‖_F) in dB, or {@code null}
 */
public record PrecisionTarget(Integer bits, Double sqnrDb)
        implements Serializable {
    /**
     * Validates that exactly one field is set and in range.
     *
     * @throws IllegalArgumentException otherwise
     */
    public PrecisionTarget {
        if ((bits == null) == (sqnrDb == null)) {
            throw new IllegalArgumentException("give exactly one of bits or sqnrDb");
        }
        if (bits != null && (bits < 1 || bits > 52)) {
            throw new IllegalArgumentException("bits must be in 1..52, found " + bits);
        }
        if (sqnrDb != null && (sqnrDb.isNaN() || sqnrDb.isInfinite())) {
            throw new IllegalArgumentException("sqnrDb must be finite, found " + sqnrDb);
        }
    }

    /** Returns a target of B-bit precision. */
    public static PrecisionTarget ofBits(int bits) {
        return new PrecisionTarget(bits, null);
    }

    /** Returns a target SQNR in dB. */
    public static PrecisionTarget ofSqnrDb(double sqnrDb) {
        return new PrecisionTarget(null, sqnrDb);
    }

    @Override
    public String toString() {
        return bits != null ? bits + " bits" : sqnrDb + " dB";
    }
}
