package org.shiftadd.numerics.lcc;

/**
 * The best single term q·c for a residual r: one step of signed-power-of-two pursuit.
 *
 * <p>For a codeword c with ‖c‖ &gt; 0 and ρ = ⟨r, c⟩ / ‖c‖² ≠ 0 the candidates are
 * q_lo = sign(ρ)·2^⌊log2|ρ|⌋ and q_hi = 2·q_lo, the two powers of two around ρ. The squared
 * error of a candidate is (‖r‖² − 2q⟨r, c⟩) + q²‖c‖², evaluated in exactly this order so that
 * every caller gets the same bits. The smallest error wins; ties go to the lowest codeword
 * index, then to q_lo. A search keeps the best candidate seen so far and is reused.
 */
final class TermSearch {
    /** Safety margin of the bound filter, relative to ‖r‖²; see {@link #slack}. */
    private static final double FILTER_MARGIN = 1e-12;

    private int index = -1;
    private double coefficient;
    private double error = Double.POSITIVE_INFINITY;

    /** Forgets the best candidate. */
    void reset() {
        index = -1;
        coefficient = 0;
        error = Double.POSITIVE_INFINITY;
    }

    /** Sets the best candidate. */
    void set(int index, double coefficient, double error) {
        this.index = index;
        this.coefficient = coefficient;
        this.error = error;
    }

    boolean found() {
        return index >= 0;
    }

    int index() {
        return index;
    }

    double coefficient() {
        return coefficient;
    }

    /** Returns the predicted squared error of the best candidate, +∞ if there is none. */
    double error() {
        return error;
    }

    /** Returns (rr − 2q·ip) + q²·nc, the squared norm of r − q c. */
    static double errorOf(double rr, double q, double ip, double nc) {
        return (rr - 2 * q * ip) + q * q * nc;
    }

    /**
     * Offers both powers of two around ρ = ip / nc of one codeword.
     *
     * @param codeword the codeword index, larger than every index offered before
     * @param rr ‖r‖²
     * @param ip ⟨r, c⟩
     * @param nc ‖c‖²
     * @param positiveOnly whether only q &gt; 0 is allowed
     * @return whether the best candidate changed
     */
    boolean offer(int codeword, double rr, double ip, double nc, boolean positiveOnly) {
        if (!(nc > 0) || ip == 0 || (positiveOnly && !(ip > 0))) {
            return false;
        }
        double rho = ip / nc;
        if (rho == 0 || !Double.isFinite(rho)) {
            return false;
        }
        double low = Math.copySign(Math.scalb(1.0, PowerOfTwo.floorLog2(Math.abs(rho))), rho);
        double high = 2 * low;
        boolean changed = false;
        double lowError = errorOf(rr, low, ip, nc);
        if (lowError < error) {
            set(codeword, low, lowError);
            changed = true;
        }
        double highError = errorOf(rr, high, ip, nc);
        if (highError < error) {
            set(codeword, high, highError);
            changed = true;
        }
        return changed;
    }

    /**
     * Returns the safety margin of the bound filter. No power of two gains more than the
     * least-squares coefficient does, ⟨r, c⟩²/‖c‖². The margin covers the rounding of the
     * error formula, whose terms are all at most about 4‖r‖², plus an absolute term for
     * results near the subnormal range.
     */
    private static double slack(double rr) {
        return FILTER_MARGIN * rr + 4 * Double.MIN_NORMAL;
    }

    /**
     * Returns the gain bound below which a codeword can neither beat nor tie the best
     * candidate, −∞ while there is none. A codeword with a lower bound is safe to skip.
     */
    double improvementFloor(double rr) {
        return rr - error - slack(rr);
    }
}
