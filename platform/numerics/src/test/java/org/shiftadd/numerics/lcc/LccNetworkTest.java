package org.shiftadd.numerics.lcc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.shiftadd.api.Decomposition;
import org.shiftadd.api.Matrix;
import org.shiftadd.numerics.Csd;
import org.shiftadd.numerics.Sqnr;

/**
 * Properties every LCC decomposition must have, on random and on degenerate matrices: the
 * networks compute the reported approximation, evaluations perform exactly the counted
 * additions, and the reported SQNR, depth and details are consistent.
 */
class LccNetworkTest {

    /** Double arithmetic that counts the additions it performs. */
    private static final class CountingArithmetic implements Arithmetic<Double> {
        private final Arithmetic<Double> doubles = Arithmetic.doubles();
        long additions;

        @Override
        public Double zero() {
            return 0.0;
        }

        @Override
        public Double scale(Double value, int exponent, boolean negative) {
            return doubles.scale(value, exponent, negative);
        }

        @Override
        public Double add(Double left, Double right) {
            additions++;
            return left + right;
        }
    }

    private record Method(String name, Function<Matrix, LccDecomposition> run) {
        @Override
        public String toString() {
            return name;
        }
    }

    private static List<Method> methods(double target) {
        return List.of(
                new Method("FP S=2", m -> FullyParallelLcc.decompose(m, target,
                        FpOptions.defaults())),
                new Method("FP S=3", m -> FullyParallelLcc.decompose(m, target,
                        FpOptions.defaults().withTermsPerRow(3))),
                new Method("FS", m -> FullySequentialLcc.decompose(m, target,
                        FsOptions.defaults())),
                new Method("FS signNormalised", m -> FullySequentialLcc.decompose(m, target,
                        FsOptions.defaults().withSignNormalised(true))));
    }

    static Stream<Arguments> randomCases() {
        List<Arguments> cases = new ArrayList<>();
        int[][] shapes = {{16, 4}, {24, 11}, {40, 20}, {7, 9}, {33, 3}};
        for (int[] shape : shapes) {
            Matrix matrix = TestMatrices.gaussian(shape[0], shape[1], shape[0] * 31L + shape[1]);
            for (Method method : methods(Csd.targetSqnrDb(matrix, 8))) {
                cases.add(Arguments.of(shape[0] + "x" + shape[1], method, matrix));
            }
        }
        return cases.stream();
    }

    static Stream<Arguments> degenerateCases() {
        double[] powers = {1, -0.5, 0, 4, -0.25, 8, 0, 1, 2, -2, 0.5, -1};
        Matrix[] matrices = {
            Matrix.zeros(6, 4),
            Matrix.fromRows(new double[][] {{0.3, -1.2, 2.5, 0.01, -0.7}}),
            Matrix.fromRows(new double[][] {{0.3}, {-1.2}, {2.5}, {0.01}, {-0.7}, {0}}),
            Matrix.of(5, 7, constant(35, 0.7)),
            Matrix.of(4, 3, powers),
            Matrix.zeros(5, 0),
            Matrix.zeros(0, 3),
            Matrix.fromRows(new double[][] {{1e-70, -3e-71}, {2e-70, 0}, {1e-300, 1e-71}}),
            Matrix.fromRows(new double[][] {{1e70, -3e69}, {2e70, 1e70}}),
        };
        String[] names = {"all zero", "single row", "single column", "constant",
            "powers of two", "no columns", "no rows", "small scale", "large scale"};
        List<Arguments> cases = new ArrayList<>();
        for (int i = 0; i < matrices.length; i++) {
            for (Method method : methods(60)) {
                cases.add(Arguments.of(names[i], method, matrices[i]));
            }
        }
        return cases.stream();
    }

    private static double[] constant(int length, double value) {
        double[] values = new double[length];
        java.util.Arrays.fill(values, value);
        return values;
    }

    @ParameterizedTest(name = "{0}, {1}")
    @MethodSource({"randomCases", "degenerateCases"})
    void networkComputesReportedApproximation(String name, Method method, Matrix matrix) {
        LccDecomposition result = method.run().apply(matrix);

        // The stored approximation is what the networks compute, bit for bit.
        Matrix rebuilt = result.reconstruct();
        assertThat(rebuilt).as("reconstruction").isEqualTo(result.approximation());
        assertThat(Sqnr.db(matrix, rebuilt)).as("SQNR of the reconstruction")
                .isEqualTo(result.sqnrDb());

        // Columns of T̂ are the outputs for unit vectors, slice sums included.
        for (int j = 0; j < matrix.cols(); j++) {
            double[] column = result.apply(TestMatrices.unit(matrix.cols(), j));
            assertThat(column).as("output for unit vector " + j)
                    .containsExactly(rebuilt.column(j));
        }

        // A plain product of the factors, or a plain walk of the graph, gives the same T̂.
        assertThat(maxDifference(independentReconstruction(result), rebuilt))
                .as("largest difference to the independent reconstruction")
                .isLessThanOrEqualTo(1e-12 * (1 + maxAbs(rebuilt)));
    }

    @ParameterizedTest(name = "{0}, {1}")
    @MethodSource({"randomCases", "degenerateCases"})
    void evaluationPerformsCountedAdditions(String name, Method method, Matrix matrix) {
        LccDecomposition result = method.run().apply(matrix);
        Random random = new Random(7);
        List<Double> inputs = new ArrayList<>();
        for (int j = 0; j < matrix.cols(); j++) {
            inputs.add(random.nextGaussian());
        }
        CountingArithmetic counting = new CountingArithmetic();
        List<Double> outputs = result.evaluate(inputs, counting);

        assertThat(counting.additions).as("additions performed").isEqualTo(result.additions());
        assertThat(outputs).as("outputs").hasSize(matrix.rows());
        long perSlice = 0;
        for (LccDecomposition.Slice slice : result.slices()) {
            CountingArithmetic sliceCounting = new CountingArithmetic();
            slice.network().evaluate(inputs.subList(slice.firstColumn(),
                    slice.firstColumn() + slice.width()), sliceCounting);
            assertThat(sliceCounting.additions).as("additions of the slice at column "
                    + slice.firstColumn()).isEqualTo(slice.additions());
            perSlice += sliceCounting.additions;
        }
        assertThat(perSlice + result.sliceSumAdditions()).as("slices plus slice sums")
                .isEqualTo(result.additions());
        long slices = result.slices().size();
        assertThat(result.sliceSumAdditions()).as("slice sums")
                .isEqualTo(matrix.rows() * Math.max(0, slices - 1));
    }

    @ParameterizedTest(name = "{0}, {1}")
    @MethodSource({"randomCases", "degenerateCases"})
    void exactEvaluationMatchesDoubles(String name, Method method, Matrix matrix) {
        LccDecomposition result = method.run().apply(matrix);
        Random random = new Random(11);
        List<BigDecimal> exactInputs = new ArrayList<>();
        double[] inputs = new double[matrix.cols()];
        for (int j = 0; j < matrix.cols(); j++) {
            int value = random.nextInt(255) - 127;
            exactInputs.add(BigDecimal.valueOf(value));
            inputs[j] = value;
        }
        List<BigDecimal> exact = result.evaluate(exactInputs, Arithmetic.exact());
        double[] rounded = result.apply(inputs);
        double scale = 1 + 127.0 * matrix.cols() * maxAbs(result.approximation());
        for (int i = 0; i < rounded.length; i++) {
            assertThat(exact.get(i).doubleValue()).as("output " + i)
                    .isCloseTo(rounded[i], within(1e-12 * scale));
        }
    }

    @ParameterizedTest(name = "{0}, {1}")
    @MethodSource({"randomCases", "degenerateCases"})
    void decompositionReportsConsistentFigures(String name, Method method, Matrix matrix) {
        LccDecomposition result = method.run().apply(matrix);
        Decomposition converted = result.toDecomposition();

        assertThat(converted.approximation()).as("approximation")
                .isEqualTo(result.approximation());
        assertThat(converted.additions()).as("additions").isEqualTo(result.additions());
        assertThat(converted.sqnrDb()).as("SQNR in dB").isEqualTo(result.sqnrDb());
        assertThat(converted.targetReached()).as("target reached")
                .isEqualTo(result.sqnrDb() >= result.targetSqnrDb());
        assertThat(converted.depth()).as("depth").isEqualTo(result.depth());
        assertThat(converted.details()).as("details")
                .containsEntry("slices", result.slices().size())
                .containsEntry("K", LccSlicing.sliceWidth(matrix.rows()))
                .containsEntry("additionsPerSlice", result.additionsPerSlice())
                .containsEntry("additionsWithoutSliceSum", result.additionsWithoutSliceSum());
        assertThat((long) converted.depth()).as("depth")
                .isLessThanOrEqualTo(depthLimit(result));
        if (result.additions() > 0) {
            assertThat(converted.depth()).as("depth with additions").isPositive();
        }
    }

    /** Returns ⌈log2 S⌉ levels per FP factor or one per FS adder, plus the slice-sum tree. */
    private static long depthLimit(LccDecomposition result) {
        long sliceDepth = 0;
        for (LccDecomposition.Slice slice : result.slices()) {
            if (slice.network() instanceof WiringNetwork wiring) {
                int terms = (Integer) result.toDecomposition().details().get("termsPerRow");
                int levels = ceilLog2(terms);
                sliceDepth = Math.max(sliceDepth, (long) wiring.factorCount() * levels);
            } else {
                sliceDepth = Math.max(sliceDepth, slice.additions());
            }
        }
        return sliceDepth + ceilLog2(Math.max(1, result.slices().size()));
    }

    private static int ceilLog2(int n) {
        return 32 - Integer.numberOfLeadingZeros(n - 1);
    }

    /** Rebuilds T̂ with dense matrix products of the factors or a walk of the adder graph. */
    private static Matrix independentReconstruction(LccDecomposition result) {
        Matrix target = result.target();
        double[] values = new double[target.rows() * target.cols()];
        for (LccDecomposition.Slice slice : result.slices()) {
            double[][] part = slice.network() instanceof WiringNetwork wiring
                    ? productOfFactors(wiring)
                    : walkGraph((AdderGraph) slice.network());
            for (int i = 0; i < target.rows(); i++) {
                for (int j = 0; j < slice.width(); j++) {
                    values[i * target.cols() + slice.firstColumn() + j] = part[i][j];
                }
            }
        }
        return Matrix.of(target.rows(), target.cols(), values);
    }

    private static double[][] productOfFactors(WiringNetwork network) {
        int n = network.outputCount();
        int k = network.inputCount();
        double[][] level = new double[n][k];
        for (int i = 0; i < Math.min(n, k); i++) {
            level[i][i] = 1;
        }
        for (WiringMatrix factor : network.factors()) {
            double[][] next = new double[n][k];
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < factor.columnCount(); j++) {
                    double entry = factor.entry(i, j);
                    for (int c = 0; c < k && entry != 0; c++) {
                        next[i][c] += entry * level[j][c];
                    }
                }
            }
            level = next;
        }
        return level;
    }

    private static double[][] walkGraph(AdderGraph graph) {
        int k = graph.inputCount();
        List<double[]> nodes = new ArrayList<>();
        for (int i = 0; i < k; i++) {
            nodes.add(TestMatrices.unit(k, i));
        }
        for (AdderGraph.Adder adder : graph.adders()) {
            double[] left = nodes.get(adder.left().source());
            double[] right = nodes.get(adder.right().source());
            double[] node = new double[k];
            for (int c = 0; c < k; c++) {
                node[c] = adder.left().coefficient() * left[c]
                        + adder.right().coefficient() * right[c];
            }
            nodes.add(node);
        }
        double[][] rows = new double[graph.outputCount()][k];
        for (int i = 0; i < rows.length; i++) {
            int row = i;
            graph.output(i).ifPresent(term -> {
                for (int c = 0; c < k; c++) {
                    rows[row][c] = term.coefficient() * nodes.get(term.source())[c];
                }
            });
        }
        return rows;
    }

    private static double maxAbs(Matrix matrix) {
        double max = 0;
        for (double value : matrix.toArray()) {
            max = Math.max(max, Math.abs(value));
        }
        return max;
    }

    private static double maxDifference(Matrix a, Matrix b) {
        double[] x = a.toArray();
        double[] y = b.toArray();
        double max = 0;
        for (int i = 0; i < x.length; i++) {
            max = Math.max(max, Math.abs(x[i] - y[i]));
        }
        return max;
    }
}
