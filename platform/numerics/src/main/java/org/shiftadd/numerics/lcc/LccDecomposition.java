package org.shiftadd.numerics.lcc;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.shiftadd.api.Decomposition;
import org.shiftadd.api.Matrix;
import org.shiftadd.numerics.Sqnr;

/**
 * A matrix decomposed slice by slice into shift-and-add networks, with its approximation,
 * SQNR, additions and adder depth.
 *
 * <p>y = ∑_i T̂_i x_i: every slice network reads its own K inputs, and the slice outputs are
 * summed row by row in a balanced tree, N·(s − 1) additions for s slices. The additions are
 * those of the slice networks plus these slice sums. The adder depth is the longest chain of
 * additions from an input to an output, slice sums included.
 *
 * <p>Sources: R. R. Müller, B. Gäde, A. Bereyhi, "Linear Computation Coding: A Framework for
 * Joint Quantization and Computing", Algorithms 15(7):253, 2022; H. Rosenberger et al.,
 * "Coding for Computation: Efficient Compression of Neural Networks for Reconfigurable
 * Hardware", arXiv:2504.17403, 2025.
 */
public final class LccDecomposition {
    private final String method;
    private final Matrix target;
    private final double targetSqnrDb;
    private final int sliceWidth;
    private final List<Slice> slices;
    private final Matrix approximation;
    private final double sqnrDb;
    private final Map<String, Object> parameters;

    /**
     * One slice: columns [firstColumn, firstColumn + width) of T and the network for them.
     *
     * @param firstColumn the first column of T in the slice
     * @param network the network that computes T̂_i x_i
     * @param approximation T̂_i as the decomposer computed it while searching (N × width)
     * @param sqnrDb the SQNR of T̂_i against T_i in dB
     * @param targetReached whether this slice reached the target SQNR
     */
    public record Slice(int firstColumn, ShiftAddNetwork network, Matrix approximation,
            double sqnrDb, boolean targetReached) {

        /** Returns the number of columns of the slice. */
        public int width() {
            return network.inputCount();
        }

        /** Returns the additions of the slice network, slice sums excluded. */
        public long additions() {
            return network.additions();
        }
    }

    private LccDecomposition(String method, Matrix target, double targetSqnrDb, int sliceWidth,
            List<Slice> slices, Map<String, Object> parameters) {
        this.method = method;
        this.target = target;
        this.targetSqnrDb = targetSqnrDb;
        this.sliceWidth = sliceWidth;
        this.slices = List.copyOf(slices);
        this.parameters = Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
        this.approximation = assembleApproximation(target.rows(), target.cols(), this.slices);
        this.sqnrDb = Sqnr.db(target, approximation);
    }

    /**
     * Creates the decomposition from its slices.
     *
     * @param method the decomposer name, {@code lcc-fp} or {@code lcc-fs}
     * @param target T
     * @param targetSqnrDb the target every slice was given
     * @param sliceWidth K
     * @param slices the slices, left to right
     * @param parameters the method's options, JSON types only, for {@link #toDecomposition()}
     */
    static LccDecomposition of(String method, Matrix target, double targetSqnrDb,
            int sliceWidth, List<Slice> slices, Map<String, Object> parameters) {
        return new LccDecomposition(method, target, targetSqnrDb, sliceWidth, slices,
                parameters);
    }

    private static Matrix assembleApproximation(int rows, int cols, List<Slice> slices) {
        double[] values = new double[rows * cols];
        for (Slice slice : slices) {
            Matrix part = slice.approximation();
            for (int i = 0; i < rows; i++) {
                for (int j = 0; j < part.cols(); j++) {
                    values[i * cols + slice.firstColumn() + j] = part.get(i, j);
                }
            }
        }
        return Matrix.of(rows, cols, values);
    }

    /** Returns the decomposer name, {@code lcc-fp} or {@code lcc-fs}. */
    public String method() {
        return method;
    }

    /** Returns T, the matrix that was decomposed. */
    public Matrix target() {
        return target;
    }

    /** Returns the target SQNR in dB that every slice was given. */
    public double targetSqnrDb() {
        return targetSqnrDb;
    }

    /** Returns the slice width K. */
    public int sliceWidth() {
        return sliceWidth;
    }

    /** Returns the slices, left to right. */
    public List<Slice> slices() {
        return slices;
    }

    /** Returns T̂, reassembled from the slice approximations. */
    public Matrix approximation() {
        return approximation;
    }

    /** Returns 20·log10(‖T‖_F / ‖T − T̂‖_F) of the whole matrix in dB, +∞ when exact. */
    public double sqnrDb() {
        return sqnrDb;
    }

    /** Returns whether the SQNR of the whole matrix reaches the target. */
    public boolean targetReached() {
        return sqnrDb >= targetSqnrDb;
    }

    /** Returns the number of slices that reached the target on their own. */
    public int slicesReachingTarget() {
        int count = 0;
        for (Slice slice : slices) {
            count += slice.targetReached() ? 1 : 0;
        }
        return count;
    }

    /** Returns the additions of the slice networks, one entry per slice. */
    public List<Long> additionsPerSlice() {
        List<Long> additions = new ArrayList<>(slices.size());
        for (Slice slice : slices) {
            additions.add(slice.additions());
        }
        return additions;
    }

    /** Returns the additions of the slice networks, slice sums excluded. */
    public long additionsWithoutSliceSum() {
        long additions = 0;
        for (Slice slice : slices) {
            additions += slice.additions();
        }
        return additions;
    }

    /** Returns N·(s − 1), the additions that sum the slice outputs. */
    public long sliceSumAdditions() {
        return LccSlicing.sliceSumAdditions(target.rows(), slices.size());
    }

    /** Returns the additions of one product y = T̂ x, slice sums included. */
    public long additions() {
        return additionsWithoutSliceSum() + sliceSumAdditions();
    }

    /**
     * Returns the adder depth: the longest chain of additions from an input to an output,
     * through a slice network and the balanced tree of slice sums.
     */
    public int depth() {
        List<Integer> inputs = Collections.nCopies(target.cols(), 0);
        int depth = 0;
        for (int outputDepth : evaluate(inputs, Arithmetic.adderDepth())) {
            depth = Math.max(depth, outputDepth);
        }
        return depth;
    }

    /**
     * Evaluates y = T̂ x through the slice networks and the slice sums.
     *
     * @param inputs M values, one per column of T; not modified
     * @param arithmetic the operations
     * @param <V> the value type
     * @return N values
     * @throws IllegalArgumentException if the number of inputs is wrong
     */
    public <V> List<V> evaluate(List<V> inputs, Arithmetic<V> arithmetic) {
        if (inputs.size() != target.cols()) {
            throw new IllegalArgumentException("the decomposition has " + target.cols()
                    + " inputs, found " + inputs.size() + " values");
        }
        List<List<V>> sliceOutputs = new ArrayList<>(slices.size());
        for (Slice slice : slices) {
            int first = slice.firstColumn();
            List<V> sliceInputs = inputs.subList(first, first + slice.width());
            sliceOutputs.add(slice.network().evaluate(sliceInputs, arithmetic));
        }
        List<V> outputs = new ArrayList<>(target.rows());
        for (int i = 0; i < target.rows(); i++) {
            List<V> terms = new ArrayList<>(slices.size());
            for (List<V> sliceOutput : sliceOutputs) {
                terms.add(sliceOutput.get(i));
            }
            outputs.add(arithmetic.sum(terms));
        }
        return outputs;
    }

    /**
     * Computes y = T̂ x in double arithmetic.
     *
     * @param x M values; not modified
     * @return N values
     */
    public double[] apply(double[] x) {
        return DoubleEvaluation.apply(x, inputs -> evaluate(inputs, Arithmetic.doubles()));
    }

    /**
     * Returns T̂ reconstructed from the slice networks alone (each evaluated on its unit
     * vectors), independent of the stored {@link #approximation()}.
     */
    public Matrix reconstruct() {
        List<Slice> rebuilt = new ArrayList<>(slices.size());
        for (Slice slice : slices) {
            Matrix part = slice.network().reconstruct();
            rebuilt.add(new Slice(slice.firstColumn(), slice.network(), part, 0, false));
        }
        return assembleApproximation(target.rows(), target.cols(), rebuilt);
    }

    /**
     * Converts to the platform's result type.
     *
     * <p>The details hold {@code slices}, {@code K}, {@code additionsPerSlice},
     * {@code additionsWithoutSliceSum}, {@code sliceSumAdditions},
     * {@code slicesReachingTarget}, {@code targetSqnrDb} (when finite), the method's options
     * and, for {@code lcc-fp}, {@code factors} (the most factors of any slice) and
     * {@code factorsPerSlice}, and the slice networks themselves under {@code network}
     * (see {@link LccNetworkCodec}).
     */
    public Decomposition toDecomposition() {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("slices", slices.size());
        details.put("K", sliceWidth);
        details.put("additionsPerSlice", additionsPerSlice());
        details.put("additionsWithoutSliceSum", additionsWithoutSliceSum());
        details.put("sliceSumAdditions", sliceSumAdditions());
        details.put("slicesReachingTarget", slicesReachingTarget());
        if (Double.isFinite(targetSqnrDb)) {
            details.put("targetSqnrDb", targetSqnrDb);
        }
        details.putAll(parameters);
        putFactorDetails(details);
        details.put(LccNetworkCodec.DETAIL, LccNetworkCodec.encode(this));
        return new Decomposition(method, approximation, additions(), sqnrDb, targetReached(),
                depth(), details);
    }

    /** Returns the factors of each fully parallel slice, or an empty list for other slices. */
    public List<Integer> factorsPerSlice() {
        List<Integer> factors = new ArrayList<>(slices.size());
        for (Slice slice : slices) {
            if (slice.network() instanceof WiringNetwork wiring) {
                factors.add(wiring.factorCount());
            }
        }
        return factors;
    }

    private void putFactorDetails(Map<String, Object> details) {
        List<Integer> factors = factorsPerSlice();
        if (factors.isEmpty()) {
            return;
        }
        details.put("factors", Collections.max(factors));
        details.put("factorsPerSlice", factors);
    }

    @Override
    public String toString() {
        return "LccDecomposition[" + method + ", " + target.rows() + "x" + target.cols()
                + ", slices " + slices.size() + ", additions " + additions() + ", SQNR "
                + sqnrDb + " dB]";
    }
}
