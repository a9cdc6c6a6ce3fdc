package org.shiftadd.numerics.lcc;

import java.util.ArrayList;
import java.util.List;

/**
 * Signed-power-of-two pursuit: the greedy approximation of one target row t by a few terms
 * q·c over a codebook of rows c that are already computed, with every q = ±2^e.
 *
 * <p>Starting from r = t, each step picks the codeword c with ‖c‖ &gt; 0 and the power of two
 * q ∈ {q_lo, 2·q_lo}, q_lo = sign(ρ)·2^⌊log2|ρ|⌋ around the least-squares coefficient
 * ρ = ⟨r, c⟩ / ‖c‖², that minimise ‖r − q c‖² = (‖r‖² − 2q⟨r, c⟩) + q²‖c‖². Ties go to the
 * lowest codeword index, then to q_lo. Then r ← r − q c. ⌊log2|ρ|⌋ is taken from the binary
 * exponent, never from a rounded logarithm. The pursuit stops early when r is exactly zero or
 * when the best term would lower ‖r‖² by no more than {@link #NEGLIGIBLE_GAIN}·‖t‖²: such a
 * term costs an addition and only moves rounding noise. Inner products and norms are summed in
 * index order.
 *
 * <p>This is the primitive of both LCC algorithms (R. R. Müller, B. Gäde, A. Bereyhi, "Linear
 * Computation Coding: A Framework for Joint Quantization and Computing", Algorithms
 * 15(7):253, 2022; H. Rosenberger et al., "Coding for Computation: Efficient Compression of
 * Neural Networks for Reconfigurable Hardware", arXiv:2504.17403, 2025). The decomposers run
 * it in batched form; this class is the plain version for one row.
 */
public final class SignedPowerOfTwoPursuit {
    /** A term that lowers ‖r‖² by at most this fraction of ‖t‖² is not taken. */
    public static final double NEGLIGIBLE_GAIN = 1e-12;

    private SignedPowerOfTwoPursuit() {
    }

    /**
     * Approximates {@code target} by at most {@code maxTerms} terms over {@code codebook}.
     *
     * <p>Costs O(maxTerms · |C| · K).
     *
     * @param target t, K values; not modified
     * @param codebook the codewords, each K values; not modified
     * @param maxTerms S, at least 0
     * @return the terms in the order they were chosen; a codeword may appear more than once
     * @throws IllegalArgumentException if a codeword's length differs from the target's
     */
    public static List<Term> pursue(double[] target, double[][] codebook, int maxTerms) {
        for (int j = 0; j < codebook.length; j++) {
            if (codebook[j].length != target.length) {
                throw new IllegalArgumentException("codeword " + j + " has "
                        + codebook[j].length + " values, the target " + target.length);
            }
        }
        double[] residual = target.clone();
        double residualNorm = squaredNorm(residual);
        double targetNorm = residualNorm;
        List<Term> terms = new ArrayList<>(maxTerms);
        TermSearch search = new TermSearch();
        while (terms.size() < maxTerms && !isZero(residual)) {
            search.reset();
            for (int j = 0; j < codebook.length; j++) {
                double[] c = codebook[j];
                search.offer(j, residualNorm, dot(residual, c), squaredNorm(c), false);
            }
            if (!search.found() || isNegligible(residualNorm, search.error(), targetNorm)) {
                break;
            }
            terms.add(Term.of(search.index(), search.coefficient()));
            subtractInPlace(residual, search.coefficient(), codebook[search.index()]);
            residualNorm = squaredNorm(residual);
        }
        return terms;
    }

    /** Returns whether lowering ‖r‖² from rr to {@code error} is too little to pay for. */
    static boolean isNegligible(double rr, double error, double targetNorm) {
        return rr - error <= NEGLIGIBLE_GAIN * targetNorm;
    }

    /** Returns ∑ a_i b_i, summed in index order. */
    static double dot(double[] a, double[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += a[i] * b[i];
        }
        return sum;
    }

    /** Returns ∑ a_i², summed in index order. */
    static double squaredNorm(double[] a) {
        return dot(a, a);
    }

    /** Returns whether every entry is exactly zero. */
    static boolean isZero(double[] a) {
        for (double value : a) {
            if (value != 0) {
                return false;
            }
        }
        return true;
    }

    /** Sets r ← r − q c, entry by entry. */
    static void subtractInPlace(double[] r, double q, double[] c) {
        for (int i = 0; i < r.length; i++) {
            r[i] -= q * c[i];
        }
    }
}
