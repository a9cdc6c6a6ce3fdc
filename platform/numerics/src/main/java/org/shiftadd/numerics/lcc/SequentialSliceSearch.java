package org.shiftadd.numerics.lcc;

import java.util.ArrayList;
import java.util.List;
import org.shiftadd.api.Matrix;
import org.shiftadd.numerics.Sqnr;

/**
 * The fully sequential search on one slice, with per-row caches.
 *
 * <p>Each row k keeps its first term (its best single term over the codebook, which is also
 * its current one-term approximation), the residual r_k that term leaves, and its best second
 * term for r_k. When a codeword is appended, every row is offered the new codeword only: as a
 * first term against t_k and as a second term against r_k. Because the new codeword has the
 * highest index, a strict improvement is exactly what a scan of the whole codebook would pick.
 * Only a row whose first term changes is searched again in full. A step therefore costs
 * O(N·K) plus one full search of O(|B|·K) per row whose first term changed, instead of
 * O(N·|B|·K).
 *
 * <p>Float cosines of unit vectors first rule out most rows and most codewords, which cannot
 * improve on their current best term (see {@link ScanCodebook}). All exact inner products and
 * norms are summed in index order, and every decision uses the same formulas as a search from
 * scratch, so the result is bit for bit the one a search from scratch at every step gives.
 */
final class SequentialSliceSearch {
    private final double[][] target;
    private final float[][] targetUnitColumns;
    private final int rows;
    private final int width;
    private final boolean signNormalised;
    private final VectorArithmetic vectors;

    // Codebook B: codeword j is node j of the adder graph.
    private final ScanCodebook codebook;
    private final List<AdderGraph.Adder> adders = new ArrayList<>();

    // Per-row caches.
    private final double[] targetNorms;
    private final int[] firstIndex;
    private final double[] firstCoefficient;
    private final double[] firstError;
    private final double[] firstFloor;
    private final float[] firstThreshold;
    private final boolean[] firstUsed;
    private final double[][] residuals;
    private final float[][] residualUnitColumns;
    private final double[] residualNorms;
    private final boolean[] residualZero;
    private final int[] secondIndex;
    private final double[] secondCoefficient;
    private final double[] secondError;
    private final double[] secondFloor;
    private final float[] secondThreshold;
    private final boolean[] hasPair;
    private final double[] pairGains;

    // Scratch.
    private final TermSearch search = new TermSearch();
    private final float[] unitCodeword;
    private final float[] targetCosines;
    private final float[] residualCosines;
    private final int[] candidateRows;

    /** The outcome of a slice: its graph, its approximation and whether it reached the target. */
    record Result(AdderGraph graph, Matrix approximation, boolean targetReached) {
    }

    private SequentialSliceSearch(double[][] target, int width, boolean signNormalised) {
        this.target = target;
        this.rows = target.length;
        this.width = width;
        this.signNormalised = signNormalised;
        this.vectors = new VectorArithmetic(width);
        this.targetUnitColumns = new float[width][rows];
        this.residualUnitColumns = new float[width][rows];
        this.residuals = new double[rows][];
        this.targetNorms = new double[rows];
        this.firstIndex = new int[rows];
        this.firstCoefficient = new double[rows];
        this.firstError = new double[rows];
        this.firstFloor = new double[rows];
        this.firstThreshold = new float[rows];
        this.firstUsed = new boolean[rows];
        this.residualNorms = new double[rows];
        this.residualZero = new boolean[rows];
        this.secondIndex = new int[rows];
        this.secondCoefficient = new double[rows];
        this.secondError = new double[rows];
        this.secondFloor = new double[rows];
        this.secondThreshold = new float[rows];
        this.hasPair = new boolean[rows];
        this.pairGains = new double[rows];
        this.unitCodeword = new float[width];
        this.targetCosines = new float[rows];
        this.residualCosines = new float[rows];
        this.candidateRows = new int[rows];
        this.codebook = new ScanCodebook(width, Math.max(16, 2 * width));
    }

    /**
     * Runs FS on one slice.
     *
     * @param target the slice rows, N × K; not modified
     * @param width K
     * @param targetSqnrDb the target SQNR in dB
     * @param options the sign rule and the addition limit
     * @return the adder graph and the approximation
     */
    static Result run(double[][] target, int width, double targetSqnrDb, FsOptions options) {
        SequentialSliceSearch search =
                new SequentialSliceSearch(target, width, options.signNormalised());
        search.initialise();
        boolean reached = search.appendUntilDone(
                targetSqnrDb, options.maxAdditions(target.length, width));
        return new Result(search.graph(), search.approximation(), reached);
    }

    /** Sets B to the K unit vectors and gives every row its best single term. */
    private void initialise() {
        for (int i = 0; i < width; i++) {
            double[] unit = new double[width];
            unit[i] = 1;
            codebook.add(unit);
        }
        for (int k = 0; k < rows; k++) {
            targetNorms[k] = SignedPowerOfTwoPursuit.squaredNorm(target[k]);
            setUnitColumn(targetUnitColumns, k, target[k], targetNorms[k]);
            codebook.search(target[k], targetNorms[k], false, search);
            storeFirst(k);
            refreshRow(k);
        }
    }

    /**
     * Appends codewords while the slice is below the target.
     *
     * @return whether the target was reached
     */
    private boolean appendUntilDone(double targetSqnrDb, long maxAdditions) {
        double signal = 0;
        for (double norm : targetNorms) {
            signal += norm;
        }
        while (true) {
            // Re-measure the total error of the current one-term approximations.
            double noise = 0;
            for (double norm : residualNorms) {
                noise += norm;
            }
            if (Sqnr.fromEnergies(signal, noise) >= targetSqnrDb) {
                return true;
            }

            // Stop rules: the addition limit, no row with a two-term form, a negligible gain.
            if (adders.size() >= maxAdditions) {
                return false;
            }
            int best = bestRow();
            if (best < 0 || pairGains[best] < SignedPowerOfTwoPursuit.NEGLIGIBLE_GAIN * noise) {
                return false;
            }
            append(best);
        }
    }

    /** Returns the row whose two-term form gains the most (ties: lowest row), or −1. */
    private int bestRow() {
        int best = -1;
        for (int k = 0; k < rows; k++) {
            if (hasPair[k] && (best < 0 || pairGains[k] > pairGains[best])) {
                best = k;
            }
        }
        return best;
    }

    /** Appends the two-term form of row {@code row} as a codeword and updates every row. */
    private void append(int row) {
        Term left = Term.of(firstIndex[row], firstCoefficient[row]);
        Term right = Term.of(secondIndex[row], secondCoefficient[row]);
        if (left.negative() && right.negative()) {
            // Only with signNormalised: store the negation, which the row reads with sign −1.
            left = left.negate();
            right = right.negate();
        }
        AdderGraph.Adder adder = new AdderGraph.Adder(left, right);
        adders.add(adder);
        codebook.add(AdderGraph.evaluateAdder(adder, codebook.codewords(), vectors));
        offerNewCodeword();
    }

    /**
     * Offers the newest codeword to every row, as a first and as a second term.
     *
     * <p>As in {@link ScanCodebook#search}, float cosines of the unit vectors reject most rows
     * cheaply, and the others get the exact double inner product and the usual tests.
     */
    private void offerNewCodeword() {
        int m = codebook.size() - 1;
        double[] c = codebook.codeword(m);
        double norm = codebook.norm(m);
        double inverse = codebook.inverseNorm(m);

        // Phase 1: float cosines of the codeword with every target row and every residual.
        codebook.unitCodeword(m, unitCodeword);
        Kernels.innerProducts(unitCodeword, targetUnitColumns, rows, targetCosines);
        Kernels.innerProducts(unitCodeword, residualUnitColumns, rows, residualCosines);

        // Phase 2: rows whose cosines cannot rule out an improvement (NaN cannot), in a
        // tight loop without calls.
        int count = 0;
        for (int k = 0; k < rows; k++) {
            boolean first = !(Math.abs(targetCosines[k]) < firstThreshold[k]);
            boolean second = !(Math.abs(residualCosines[k]) < secondThreshold[k]);
            if (first || second) {
                candidateRows[count++] = k;
            }
        }

        // Phase 3: exact offers to those rows.
        for (int n = 0; n < count; n++) {
            int k = candidateRows[n];
            double product = SignedPowerOfTwoPursuit.dot(target[k], c);
            if (product * product * inverse >= firstFloor[k] && offerFirst(k, m, product, norm)) {
                continue;
            }
            product = SignedPowerOfTwoPursuit.dot(residuals[k], c);
            if (product * product * inverse >= secondFloor[k]) {
                offerSecond(k, m, product, norm);
            }
        }
    }

    /** Offers codeword m as the first term of row k; on success the row is recomputed. */
    private boolean offerFirst(int k, int m, double product, double norm) {
        search.set(firstIndex[k], firstCoefficient[k], firstError[k]);
        if (!search.offer(m, targetNorms[k], product, norm, false)) {
            return false;
        }
        storeFirst(k);
        refreshRow(k);
        return true;
    }

    /** Offers codeword m as the second term of row k. */
    private void offerSecond(int k, int m, double product, double norm) {
        search.set(secondIndex[k], secondCoefficient[k], secondError[k]);
        if (search.offer(m, residualNorms[k], product, norm, positiveOnly(k))) {
            storeSecond(k);
            updatePair(k);
        }
    }

    /** Recomputes the residual and the second term of a row whose first term changed. */
    private void refreshRow(int k) {
        double[] t = target[k];
        double tt = targetNorms[k];
        firstUsed[k] = firstIndex[k] >= 0 && !SignedPowerOfTwoPursuit.isZero(t)
                && !SignedPowerOfTwoPursuit.isNegligible(tt, firstError[k], tt);
        double[] residual = t.clone();
        if (firstUsed[k]) {
            SignedPowerOfTwoPursuit.subtractInPlace(
                    residual, firstCoefficient[k], codebook.codeword(firstIndex[k]));
        }
        residuals[k] = residual;
        residualNorms[k] = SignedPowerOfTwoPursuit.squaredNorm(residual);
        residualZero[k] = SignedPowerOfTwoPursuit.isZero(residual);
        setUnitColumn(residualUnitColumns, k, residual, residualNorms[k]);

        search.reset();
        if (firstUsed[k] && !residualZero[k]) {
            codebook.search(residual, residualNorms[k], positiveOnly(k), search);
        }
        storeSecond(k);
        updatePair(k);
    }

    /**
     * Returns whether the second term of row k must be positive: under the published rule the
     * two terms may not both be negative, so no negation is ever needed.
     */
    private boolean positiveOnly(int k) {
        return !signNormalised && firstCoefficient[k] < 0;
    }

    /** Decides whether row k has a two-term form and what it gains over its one-term form. */
    private void updatePair(int k) {
        hasPair[k] = firstUsed[k] && !residualZero[k] && secondIndex[k] >= 0
                && !SignedPowerOfTwoPursuit.isNegligible(
                        residualNorms[k], secondError[k], targetNorms[k]);
        if (!hasPair[k]) {
            pairGains[k] = 0;
            return;
        }
        double[] rest = residuals[k].clone();
        SignedPowerOfTwoPursuit.subtractInPlace(
                rest, secondCoefficient[k], codebook.codeword(secondIndex[k]));
        pairGains[k] = residualNorms[k] - SignedPowerOfTwoPursuit.squaredNorm(rest);
    }

    private void storeFirst(int k) {
        firstIndex[k] = search.index();
        firstCoefficient[k] = search.coefficient();
        firstError[k] = search.error();
        firstFloor[k] = search.improvementFloor(targetNorms[k]);
        firstThreshold[k] = codebook.cosineThreshold(firstFloor[k], targetNorms[k]);
    }

    /** Stores the second term of row k, whose residual must be up to date. */
    private void storeSecond(int k) {
        secondIndex[k] = search.index();
        secondCoefficient[k] = search.coefficient();
        secondError[k] = search.error();
        boolean searched = firstUsed[k] && !residualZero[k];
        secondFloor[k] = searched
                ? search.improvementFloor(residualNorms[k])
                : Double.POSITIVE_INFINITY;
        secondThreshold[k] = searched
                ? codebook.cosineThreshold(secondFloor[k], residualNorms[k])
                : Float.POSITIVE_INFINITY;
    }

    /** Stores v / ‖v‖ as float in column k of {@code columns}. */
    private void setUnitColumn(float[][] columns, int k, double[] v, double norm) {
        ScanCodebook.normalise(v, norm, unitCodeword);
        for (int i = 0; i < width; i++) {
            columns[i][k] = unitCodeword[i];
        }
    }

    private AdderGraph graph() {
        Term[] outputs = new Term[rows];
        for (int k = 0; k < rows; k++) {
            outputs[k] = firstUsed[k] ? Term.of(firstIndex[k], firstCoefficient[k]) : null;
        }
        return new AdderGraph(width, adders, outputs);
    }

    /** Returns T̂: each row its first term applied to its codeword, or zero. */
    private Matrix approximation() {
        double[] values = new double[rows * width];
        for (int k = 0; k < rows; k++) {
            if (firstUsed[k]) {
                Term term = Term.of(firstIndex[k], firstCoefficient[k]);
                double[] row = vectors.scale(codebook.codeword(term.source()), term);
                System.arraycopy(row, 0, values, k * width, width);
            }
        }
        return Matrix.of(rows, width, values);
    }
}
