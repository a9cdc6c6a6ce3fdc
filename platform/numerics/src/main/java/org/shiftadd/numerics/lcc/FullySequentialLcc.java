package org.shiftadd.numerics.lcc;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.shiftadd.api.Matrix;
import org.shiftadd.numerics.Sqnr;

/**
 * Fully sequential linear computation coding (FS, decomposer {@code lcc-fs}): each slice
 * becomes an adder graph built one addition at a time, in the manner of Lempel–Ziv coding.
 *
 * <p>The codebook B starts as the K unit vectors (the raw inputs), and every row of the slice
 * is approximated by its best single shifted codeword (a {@link SignedPowerOfTwoPursuit} with
 * one term), which costs nothing. While the slice SQNR is below the target, every row k gets
 * its greedy two-term pursuit c_k over B. The row whose two-term form lowers the total
 * squared error the most is chosen (ties: lowest row), and c_k·B is appended to B as a new
 * codeword at the cost of exactly one addition. Under the published rule the two terms may
 * not both be negative, so no negation is ever needed. {@link FsOptions#signNormalised()}
 * lifts this rule.
 *
 * <p>Stop rules: the total SQNR is re-measured after every codeword and the loop ends when it
 * reaches the target (an exact slice included). It also ends, with the target not reached,
 * when no row has a two-term form, when the best row gains less than
 * {@link SignedPowerOfTwoPursuit#NEGLIGIBLE_GAIN} of the current total squared error (a row
 * that is exact up to rounding keeps gaining about 1e-22), or at the addition limit. Every
 * slice gets the whole matrix's target. FS needs far fewer additions than FP but its adder
 * graph is deep.
 *
 * <p>Per-row caches make a step cost about O(N·K), plus a full codebook search for each row
 * whose best first term changed, rather than O(N·|B|·K). The result is bit for bit the one of
 * a search from scratch at every step.
 *
 * <p>Sources: H. Rosenberger, R. Fischer, J. S. Fröhlich, A. Bereyhi, R. R. Müller, "Coding
 * for Computation: Efficient Compression of Neural Networks for Reconfigurable Hardware",
 * arXiv:2504.17403, 2025; R. R. Müller, B. Gäde, A. Bereyhi, "Linear Computation Coding: A
 * Framework for Joint Quantization and Computing", Algorithms 15(7):253, 2022.
 */
public final class FullySequentialLcc {
    /** The decomposer name. */
    public static final String METHOD = "lcc-fs";

    private FullySequentialLcc() {
    }

    /**
     * Decomposes {@code matrix} slice by slice.
     *
     * @param matrix T, finite values only; not modified
     * @param targetSqnrDb the SQNR every slice must reach, in dB (+∞ requests an exact result)
     * @param options the sign rule and the addition limit
     * @return the decomposition, also when the target was not reached
     * @throws IllegalArgumentException if an entry is NaN or infinite (the message names its
     *     position), the largest |entry| lies outside [2^−256, 2^256), or the target is NaN
     */
    public static LccDecomposition decompose(
            Matrix matrix, double targetSqnrDb, FsOptions options) {
        Objects.requireNonNull(options, "options");
        LccArguments.check(matrix, targetSqnrDb);
        int width = LccSlicing.sliceWidth(matrix.rows());
        List<LccDecomposition.Slice> slices = LccSlicing.decomposeSlices(matrix, width,
                (rows, sliceWidth, first) ->
                        decomposeSlice(rows, sliceWidth, first, targetSqnrDb, options));
        Map<String, Object> parameters = new LinkedHashMap<>();
        parameters.put("signNormalised", options.signNormalised());
        if (options.maxAdditions() != null) {
            parameters.put("maxAdditions", options.maxAdditions());
        }
        return LccDecomposition.of(METHOD, matrix, targetSqnrDb, width, slices, parameters);
    }

    private static LccDecomposition.Slice decomposeSlice(double[][] rows, int width,
            int firstColumn, double targetSqnrDb, FsOptions options) {
        SequentialSliceSearch.Result result =
                SequentialSliceSearch.run(rows, width, targetSqnrDb, options);
        Matrix slice = Matrix.of(rows.length, width, flatten(rows, width));
        double sqnrDb = Sqnr.db(slice, result.approximation());
        return new LccDecomposition.Slice(firstColumn, result.graph(), result.approximation(),
                sqnrDb, result.targetReached());
    }

    private static double[] flatten(double[][] rows, int width) {
        double[] values = new double[rows.length * width];
        for (int i = 0; i < rows.length; i++) {
            System.arraycopy(rows[i], 0, values, i * width, width);
        }
        return values;
    }
}
