package org.shiftadd.numerics.lcc;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A growing codebook that finds the best single term for a residual, as a scan of every
 * codeword in index order does, but with most codewords rejected by a cheap bound.
 *
 * <p>A codeword c can only win when its gain bound ⟨r, c⟩²/‖c‖² reaches the best gain so
 * far (see {@link TermSearch#improvementFloor}). That bound is ‖r‖² cos²θ for the angle θ
 * between r and c. So the codebook also keeps every codeword as a float unit vector and
 * computes all cosines in float arithmetic first, which moves half the bytes of a double
 * product and fills twice as many vector lanes. A codeword whose cosine, widened by its
 * rounding error, cannot reach the floor is skipped. The others get the exact double inner
 * product and the usual tests, in index order, so the result is the one of a full double
 * scan, bit for bit.
 */
final class ScanCodebook {
    /**
     * Squared norms below this (about 1e-271) are not normalised to float unit vectors,
     * because their own rounding could then exceed the error bound. Such codewords, and
     * residuals this small, take the exact path.
     */
    private static final double NORMALISE_LIMIT = 0x1p-900;
    /** Relative widening of the cosine bound, far above the double rounding it covers. */
    private static final double BOUND_WIDENING = 1 + 1e-9;

    private final int width;
    /** Bound on |cos_float − cos| for unit vectors rounded to float, with margin. */
    private final double cosineError;
    private final List<double[]> codewords = new ArrayList<>();
    private double[] norms;
    private double[] inverseNorms;
    private float[][] unitColumns;
    private float[] cosines;
    private final float[] unitResidual;
    private final float[] unitVector;

    /**
     * Creates an empty codebook.
     *
     * @param width K, the length of every codeword
     * @param capacity the expected number of codewords; the codebook grows beyond it
     */
    ScanCodebook(int width, int capacity) {
        this.width = width;
        // Rounding r/‖r‖ and c/‖c‖ to float and summing K float products moves the cosine
        // by at most about (K + 3)·2^−24, plus underflow of products near 2^−149.
        this.cosineError = (width + 8) * 0x1p-24 + 0x1p-100;
        int size = Math.max(1, capacity);
        this.norms = new double[size];
        this.inverseNorms = new double[size];
        this.unitColumns = new float[width][size];
        this.cosines = new float[size];
        this.unitResidual = new float[width];
        this.unitVector = new float[width];
    }

    /** Returns the number of codewords. */
    int size() {
        return codewords.size();
    }

    /** Returns codeword j; not to be modified. */
    double[] codeword(int j) {
        return codewords.get(j);
    }

    /** Returns the codewords in index order; not to be modified. */
    List<double[]> codewords() {
        return codewords;
    }

    /** Returns ‖c_j‖², summed in index order. */
    double norm(int j) {
        return norms[j];
    }

    /** Returns 1 / ‖c_j‖², or 0 for a zero codeword. */
    double inverseNorm(int j) {
        return inverseNorms[j];
    }

    /** Appends a codeword, kept by reference. */
    void add(double[] codeword) {
        int m = codewords.size();
        if (m == norms.length) {
            grow(2 * m);
        }
        codewords.add(codeword);
        double norm = SignedPowerOfTwoPursuit.squaredNorm(codeword);
        norms[m] = norm;
        inverseNorms[m] = norm > 0 ? 1 / norm : 0;
        if (norm == 0) {
            return;
        }
        normalise(codeword, norm, unitVector);
        for (int i = 0; i < width; i++) {
            unitColumns[i][m] = unitVector[i];
        }
    }

    /**
     * Writes v / ‖v‖ rounded to float into {@code unit}, or NaN everywhere when ‖v‖² is too
     * small to normalise. NaN never passes as rejected by a cosine threshold.
     *
     * @param v the vector; not modified
     * @param norm ‖v‖², summed in index order
     * @param unit receives K values
     */
    static void normalise(double[] v, double norm, float[] unit) {
        double scale = norm >= NORMALISE_LIMIT ? Math.sqrt(norm) : Double.NaN;
        for (int i = 0; i < unit.length; i++) {
            unit[i] = (float) (v[i] / scale);
        }
    }

    /** Returns the float unit vector of codeword j, NaN if it could not be normalised. */
    void unitCodeword(int j, float[] unit) {
        for (int i = 0; i < width; i++) {
            unit[i] = unitColumns[i][j];
        }
    }

    private void grow(int capacity) {
        norms = Arrays.copyOf(norms, capacity);
        inverseNorms = Arrays.copyOf(inverseNorms, capacity);
        for (int i = 0; i < width; i++) {
            unitColumns[i] = Arrays.copyOf(unitColumns[i], capacity);
        }
        cosines = new float[capacity];
    }

    /**
     * Finds the best term q·c_j for the residual r over all codewords, as
     * {@link TermSearch#offer} of every codeword in index order would.
     *
     * @param r the residual, K values; not modified
     * @param rr ‖r‖², summed in index order
     * @param positiveOnly whether only q &gt; 0 is allowed
     * @param search receives the best term; reset first
     */
    void search(double[] r, double rr, boolean positiveOnly, TermSearch search) {
        search.reset();
        int count = codewords.size();

        // Phase 1: float cosines of r with every codeword, unless r is too small to normalise.
        boolean bounded = rr >= NORMALISE_LIMIT;
        if (bounded) {
            normalise(r, rr, unitResidual);
            Kernels.innerProducts(unitResidual, unitColumns, count, cosines);
        }

        // Phase 2: in index order, exact offers for codewords the cosine bound cannot reject.
        // The inner loop only compares float cosines with a threshold; it rarely exits.
        double floor = Double.NEGATIVE_INFINITY;
        float threshold = Float.NEGATIVE_INFINITY;
        for (int j = 0; j < count; j++) {
            if (bounded) {
                while (j < count && Math.abs(cosines[j]) < threshold) {
                    j++;
                }
                if (j == count) {
                    break;
                }
            }
            double inverse = inverseNorms[j];
            double product = SignedPowerOfTwoPursuit.dot(r, codewords.get(j));
            if (inverse != 0 && product * product * inverse >= floor
                    && search.offer(j, rr, product, norms[j], positiveOnly)) {
                floor = search.improvementFloor(rr);
                threshold = cosineThreshold(floor, rr);
            }
        }
    }

    /**
     * Returns the smallest |cos_float| that a codeword needs to reach the gain bound
     * {@code floor} for a residual of squared norm rr, rounded down, or −∞ when every
     * codeword may reach it or r is too small to normalise.
     *
     * <p>The exact bound satisfies ⟨r, c⟩²/‖c‖² ≤ ‖r‖²(|cos_float| + error)², up to double
     * rounding that the widening covers. A codeword whose exact bound reaches the floor
     * therefore has |cos_float| ≥ √(floor / (‖r‖²·widening)) − error.
     */
    float cosineThreshold(double floor, double rr) {
        if (!(floor > 0) || !(rr >= NORMALISE_LIMIT)) {
            return Float.NEGATIVE_INFINITY;
        }
        double cosine = Math.sqrt(floor / (rr * BOUND_WIDENING)) * (1 - 1e-9) - cosineError;
        return Math.nextDown((float) cosine);
    }
}
