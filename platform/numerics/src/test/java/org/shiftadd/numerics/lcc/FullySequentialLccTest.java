package org.shiftadd.numerics.lcc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.shiftadd.api.Matrix;
import org.shiftadd.numerics.Csd;

/** The cached fully sequential search against the search from scratch, and its stop rules. */
class FullySequentialLccTest {

    static Stream<Arguments> gaussianCases() {
        // {rows, cols, bits, seeds}: the 16-bit 64x6 slice needs about 800 naive steps.
        int[][] shapes = {
            {16, 4, 8, 3}, {16, 4, 16, 3}, {32, 5, 8, 3}, {32, 5, 16, 2}, {64, 6, 8, 2},
            {64, 6, 16, 1}, {20, 4, 8, 3}, {12, 7, 16, 3}, {9, 3, 8, 3}, {9, 3, 16, 3},
            {40, 10, 8, 2}, {40, 10, 16, 1},
        };
        List<Arguments> cases = new ArrayList<>();
        for (int[] shape : shapes) {
            for (long seed = 1; seed <= shape[3]; seed++) {
                cases.add(Arguments.of(shape[0], shape[1], shape[2], seed, false));
                cases.add(Arguments.of(shape[0], shape[1], shape[2], seed, true));
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0}x{1} at {2} bits, seed {3}, signNormalised {4}")
    @MethodSource("gaussianCases")
    void cachedSearchEqualsNaiveOnGaussian(
            int rows, int cols, int bits, long seed, boolean signNormalised) {
        Matrix matrix = TestMatrices.gaussian(rows, cols, seed);
        double target = Csd.targetSqnrDb(matrix, bits);
        assertSameAsNaive(matrix, target, FsOptions.defaults().withSignNormalised(signNormalised));
    }

    static Stream<Arguments> integerCases() {
        List<Arguments> cases = new ArrayList<>();
        for (long seed = 1; seed <= 12; seed++) {
            cases.add(Arguments.of(seed, seed % 2 == 0));
        }
        return cases.stream();
    }

    /**
     * Small integers make exact ties between codewords, powers of two and rows, and exact
     * rows, which is where caching is most likely to pick differently.
     */
    @ParameterizedTest(name = "seed {0}, signNormalised {1}")
    @MethodSource("integerCases")
    void cachedSearchEqualsNaiveOnIntegers(long seed, boolean signNormalised) {
        Random random = new Random(seed);
        int rows = 8 + random.nextInt(40);
        int cols = 1 + random.nextInt(9);
        double[] values = new double[rows * cols];
        for (int k = 0; k < values.length; k++) {
            values[k] = random.nextInt(5) == 0 ? 0 : random.nextInt(17) - 8;
        }
        Matrix matrix = Matrix.of(rows, cols, values);
        FsOptions options = FsOptions.defaults().withSignNormalised(signNormalised);
        assertSameAsNaive(matrix, 60, options);
        assertSameAsNaive(matrix, Double.POSITIVE_INFINITY, options);
    }

    /**
     * Rows that differ by about 1e-9 make cosines closer than float resolution, so the float
     * bounds cannot separate candidates and the exact double tests must decide.
     */
    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3})
    void cachedSearchEqualsNaiveOnNearDuplicates(long seed) {
        Matrix matrix = nearDuplicates(24, 5, seed);
        assertSameAsNaive(matrix, Csd.targetSqnrDb(matrix, 16), FsOptions.defaults());
        assertSameAsNaive(matrix, 90, FsOptions.defaults().withSignNormalised(true));
    }

    /** Returns rows that are ±2^k times a few base rows plus perturbations of about 1e-9. */
    static Matrix nearDuplicates(int rows, int cols, long seed) {
        Random random = new Random(seed);
        double[][] bases = new double[3][cols];
        for (double[] base : bases) {
            for (int j = 0; j < cols; j++) {
                base[j] = random.nextGaussian();
            }
        }
        double[] values = new double[rows * cols];
        for (int i = 0; i < rows; i++) {
            double[] base = bases[random.nextInt(bases.length)];
            double scale = (random.nextBoolean() ? 1 : -1) * Math.scalb(1.0, random.nextInt(3));
            for (int j = 0; j < cols; j++) {
                values[i * cols + j] = scale * base[j] + 1e-9 * random.nextGaussian();
            }
        }
        return Matrix.of(rows, cols, values);
    }

    @Test
    void cachedSearchEqualsNaiveWithAdditionLimit() {
        Matrix matrix = TestMatrices.gaussian(32, 5, 9);
        assertSameAsNaive(matrix, 80, FsOptions.defaults().withMaxAdditions(17));
    }

    private static void assertSameAsNaive(Matrix matrix, double target, FsOptions options) {
        LccDecomposition fast = FullySequentialLcc.decompose(matrix, target, options);
        for (LccDecomposition.Slice slice : fast.slices()) {
            double[][] rows = LccSlicing.sliceRows(matrix, slice.firstColumn(), slice.width());
            NaiveFullySequentialLcc.Result naive =
                    NaiveFullySequentialLcc.run(rows, slice.width(), target, options);
            AdderGraph graph = (AdderGraph) slice.network();
            String where = "slice at column " + slice.firstColumn();
            assertThat(graph.adders()).as(where + ": adders").isEqualTo(naive.adders());
            for (int k = 0; k < rows.length; k++) {
                assertThat(graph.output(k).orElse(null)).as(where + ": output " + k)
                        .isEqualTo(naive.outputs()[k]);
            }
            assertThat(slice.approximation()).as(where + ": approximation")
                    .isEqualTo(Matrix.fromRows(naive.approximation()));
            assertThat(slice.targetReached()).as(where + ": target reached")
                    .isEqualTo(naive.targetReached());
        }
    }

    @Test
    void publishedRuleFreezesNegativeOnlyRow() {
        // Row 0 needs two negative terms, and row 1 is positive and soon exact.
        Matrix matrix = Matrix.fromRows(new double[][] {{-0.0007093}, {0.0321587}});
        LccDecomposition result = FullySequentialLcc.decompose(matrix, 60, FsOptions.defaults());
        assertThat(result.targetReached()).as("target reached").isFalse();
        assertThat(result.sqnrDb()).as("SQNR in dB").isLessThan(60);
        assertThat(result.additions()).as("additions").isLessThanOrEqualTo(64);
        for (AdderGraph.Adder adder : ((AdderGraph) result.slices().get(0).network()).adders()) {
            boolean bothNegative = adder.left().negative() && adder.right().negative();
            assertThat(bothNegative).as("adder with two negative terms: " + adder).isFalse();
        }
    }

    @Test
    void signNormalisedReachesTargetWithPositiveAdders() {
        Matrix matrix = Matrix.fromRows(new double[][] {{-0.0007093}, {0.0321587}});
        FsOptions options = FsOptions.defaults().withSignNormalised(true);
        LccDecomposition result = FullySequentialLcc.decompose(matrix, 60, options);
        assertThat(result.targetReached()).as("target reached").isTrue();
        assertThat(result.sqnrDb()).as("SQNR in dB").isGreaterThanOrEqualTo(60);
        AdderGraph graph = (AdderGraph) result.slices().get(0).network();
        assertThat(graph.output(0)).as("output of the negative row").isPresent();
        for (AdderGraph.Adder adder : graph.adders()) {
            boolean bothNegative = adder.left().negative() && adder.right().negative();
            assertThat(bothNegative).as("adder with two negative terms: " + adder).isFalse();
        }
    }

    @Test
    void additionLimitStopsSearch() {
        Matrix matrix = TestMatrices.gaussian(64, 6, 3);
        FsOptions options = FsOptions.defaults().withMaxAdditions(10);
        LccDecomposition result = FullySequentialLcc.decompose(matrix, 40, options);
        assertThat(result.additions()).as("additions").isEqualTo(10);
        assertThat(result.targetReached()).as("target reached").isFalse();
        assertThat(result.toDecomposition().details()).as("details")
                .containsEntry("maxAdditions", 10);
    }

    @Test
    void defaultAdditionLimitFollowsSliceSize() {
        assertThat(FsOptions.defaults().maxAdditions(2, 1)).as("2x1").isEqualTo(64);
        assertThat(FsOptions.defaults().maxAdditions(64, 6)).as("64x6").isEqualTo(3072);
        assertThat(FsOptions.defaults().withMaxAdditions(5).maxAdditions(64, 6))
                .as("explicit limit").isEqualTo(5);
    }

    /**
     * An infinite target never stops on SQNR. Each row stops near 120 dB instead, because a
     * term that gains less than 1e-12·‖t‖² is not taken, and then no row has a two-term form.
     */
    @Test
    void infiniteTargetStopsByItself() {
        Matrix matrix = TestMatrices.gaussian(16, 4, 5);
        double target = Double.POSITIVE_INFINITY;
        LccDecomposition result =
                FullySequentialLcc.decompose(matrix, target, FsOptions.defaults());
        assertThat(result.additions()).as("additions").isLessThan(8L * 16 * 4);
        assertThat(result.sqnrDb()).as("SQNR in dB").isGreaterThan(110);
        assertThat(result.targetReached()).as("target reached").isFalse();
    }

    @Test
    void rejectsNonFiniteEntryWithPosition() {
        Matrix matrix = Matrix.fromRows(new double[][] {{1, 2}, {3, Double.NaN}});
        assertThatThrownBy(() -> FullySequentialLcc.decompose(matrix, 40, FsOptions.defaults()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("(1, 1)")
                .hasMessageContaining("NaN");
    }

    @Test
    void rejectsNanTarget() {
        Matrix matrix = TestMatrices.gaussian(4, 2, 1);
        assertThatThrownBy(
                () -> FullySequentialLcc.decompose(matrix, Double.NaN, FsOptions.defaults()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("targetSqnrDb");
    }

    @Test
    void rejectsAdditionLimitBelowOne() {
        assertThatThrownBy(() -> FsOptions.defaults().withMaxAdditions(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("maxAdditions");
    }
}
