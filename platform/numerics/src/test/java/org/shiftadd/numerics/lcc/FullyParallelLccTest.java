package org.shiftadd.numerics.lcc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.shiftadd.api.Matrix;
import org.shiftadd.numerics.Csd;

/** Factor structure, dead-end removal and stop rules of the fully parallel decomposer. */
class FullyParallelLccTest {

    @ParameterizedTest(name = "S = {0}")
    @ValueSource(ints = {1, 2, 3})
    void factorsAreRowPursuitsOverPreviousLevel(int terms) {
        assertFactorsArePursuits(TestMatrices.gaussian(32, 5, 4), terms);
    }

    /** Near-duplicate rows make cosines closer than float resolution. */
    @ParameterizedTest(name = "S = {0}")
    @ValueSource(ints = {2, 3})
    void nearDuplicateFactorsArePursuits(int terms) {
        assertFactorsArePursuits(FullySequentialLccTest.nearDuplicates(32, 5, 6), terms);
    }

    private static void assertFactorsArePursuits(Matrix matrix, int terms) {
        for (int factors = 1; factors <= 3; factors++) {
            FpOptions options = new FpOptions(terms, factors);
            LccDecomposition previous = factors == 1 ? null
                    : FullyParallelLcc.decompose(matrix, 200, options.withMaxFactors(factors - 1));
            WiringNetwork network = (WiringNetwork) FullyParallelLcc
                    .decompose(matrix, 200, options).slices().get(0).network();
            WiringMatrix last = network.factors().get(factors - 1);

            double[][] codebook = previous == null
                    ? initialCodebook(matrix.rows(), matrix.cols())
                    : rows(previous.approximation());
            for (int i = 0; i < matrix.rows(); i++) {
                List<Term> expected = PowerOfTwo.canonicalRow(
                        SignedPowerOfTwoPursuit.pursue(matrix.row(i), codebook, terms));
                assertThat(last.row(i)).as("factor " + factors + ", row " + i)
                        .isEqualTo(expected);
            }
        }
    }

    @ParameterizedTest(name = "S = {0}")
    @ValueSource(ints = {2, 3, 4})
    void deadEndsAreRemovedExactly(int terms) {
        Matrix matrix = TestMatrices.gaussian(64, 6, 8);
        double target = Csd.targetSqnrDb(matrix, 12);
        FpOptions options = FpOptions.defaults().withTermsPerRow(terms);
        LccDecomposition result = FullyParallelLcc.decompose(matrix, target, options);
        List<WiringMatrix> factors =
                ((WiringNetwork) result.slices().get(0).network()).factors();
        WiringMatrix output = factors.get(factors.size() - 1);
        assertThat(output.computedRowCount()).as("computed rows of the output factor")
                .isEqualTo(64);
        for (int p = 0; p + 1 < factors.size(); p++) {
            Set<Integer> read = new HashSet<>();
            WiringMatrix next = factors.get(p + 1);
            for (int i = 0; i < next.rowCount(); i++) {
                next.row(i).forEach(term -> read.add(term.source()));
            }
            for (int i = 0; i < factors.get(p).rowCount(); i++) {
                assertThat(factors.get(p).isComputed(i)).as("factor " + (p + 1) + ", row " + i)
                        .isEqualTo(read.contains(i));
            }
        }
    }

    @ParameterizedTest(name = "S = {0}")
    @ValueSource(ints = {2, 3, 5})
    void rowsCostTermsMinusOneInCanonicalDigits(int terms) {
        Matrix matrix = TestMatrices.gaussian(40, 10, 2);
        LccDecomposition result = FullyParallelLcc.decompose(matrix,
                Csd.targetSqnrDb(matrix, 10), FpOptions.defaults().withTermsPerRow(terms));
        for (LccDecomposition.Slice slice : result.slices()) {
            long additions = 0;
            for (WiringMatrix factor : ((WiringNetwork) slice.network()).factors()) {
                for (int i = 0; i < factor.rowCount(); i++) {
                    List<Term> row = factor.row(i);
                    assertThat(row.size()).as("terms of a row").isLessThanOrEqualTo(terms);
                    assertNonAdjacentPerSource(row);
                    additions += Math.max(0, row.size() - 1);
                }
            }
            assertThat(slice.additions()).as("additions of the slice").isEqualTo(additions);
        }
    }

    private static void assertNonAdjacentPerSource(List<Term> row) {
        Map<Integer, List<Integer>> exponents = new HashMap<>();
        for (Term term : row) {
            exponents.computeIfAbsent(term.source(), s -> new ArrayList<>()).add(term.exponent());
        }
        for (List<Integer> list : exponents.values()) {
            for (int a = 0; a < list.size(); a++) {
                for (int b = a + 1; b < list.size(); b++) {
                    int distance = Math.abs(list.get(a) - list.get(b));
                    assertThat(distance).as("exponent distance in " + row).isGreaterThan(1);
                }
            }
        }
    }

    @Test
    void factorLimitMeansTargetNotReached() {
        Matrix matrix = TestMatrices.gaussian(16, 4, 3);
        LccDecomposition result =
                FullyParallelLcc.decompose(matrix, 100, FpOptions.defaults().withMaxFactors(3));
        assertThat(result.factorsPerSlice()).as("factors").containsExactly(3);
        assertThat(result.targetReached()).as("target reached").isFalse();
        assertThat(result.slicesReachingTarget()).as("slices reaching the target").isZero();
    }

    @Test
    void singleTermPerRowCostsNothing() {
        Matrix matrix = TestMatrices.gaussian(16, 4, 3);
        LccDecomposition result =
                FullyParallelLcc.decompose(matrix, 40, new FpOptions(1, 5));
        assertThat(result.additions()).as("additions").isZero();
        assertThat(result.depth()).as("depth").isZero();
    }

    @Test
    void initialCodebookAlreadyExactNeedsNoFactor() {
        Matrix matrix = Matrix.fromRows(new double[][] {{1, 0}, {0, 1}, {0, 0}});
        LccDecomposition result = FullyParallelLcc.decompose(matrix, 300, FpOptions.defaults());
        assertThat(result.factorsPerSlice()).as("factors").containsExactly(0);
        assertThat(result.additions()).as("additions").isZero();
        assertThat(result.sqnrDb()).as("SQNR in dB").isEqualTo(Double.POSITIVE_INFINITY);
        assertThat(result.reconstruct()).as("reconstruction").isEqualTo(matrix);
    }

    @Test
    void twoTermDepthEqualsFactors() {
        Matrix matrix = TestMatrices.gaussian(64, 6, 1);
        LccDecomposition result = FullyParallelLcc.decompose(matrix,
                Csd.targetSqnrDb(matrix, 8), FpOptions.defaults());
        assertThat(result.depth()).as("depth").isEqualTo(result.factorsPerSlice().get(0));
    }

    @Test
    void sliceSumsAddToDepthAndCount() {
        Matrix matrix = TestMatrices.gaussian(40, 20, 4);
        LccDecomposition result = FullyParallelLcc.decompose(matrix,
                Csd.targetSqnrDb(matrix, 8), FpOptions.defaults());
        assertThat(result.slices()).as("slices").hasSize(4);
        assertThat(result.sliceSumAdditions()).as("slice sums").isEqualTo(40 * 3);
        int factors = result.factorsPerSlice().stream().mapToInt(Integer::intValue).max()
                .orElseThrow();
        assertThat(result.depth()).as("depth").isEqualTo(factors + 2);
    }

    @Test
    void lastSliceIsNarrower() {
        Matrix matrix = TestMatrices.gaussian(16, 10, 6);
        LccDecomposition result = FullyParallelLcc.decompose(matrix, 30, FpOptions.defaults());
        assertThat(result.slices()).extracting(LccDecomposition.Slice::width)
                .as("slice widths").containsExactly(4, 4, 2);
        assertThat(result.slices()).extracting(LccDecomposition.Slice::firstColumn)
                .as("first columns").containsExactly(0, 4, 8);
    }

    @Test
    void rejectsInfiniteEntryWithPosition() {
        Matrix matrix = Matrix.fromRows(new double[][] {{1, 2}, {Double.NEGATIVE_INFINITY, 3}});
        assertThatThrownBy(() -> FullyParallelLcc.decompose(matrix, 40, FpOptions.defaults()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("(1, 0)")
                .hasMessageContaining("Infinity");
    }

    @Test
    void rejectsMagnitudeOutsideRange() {
        Matrix matrix = Matrix.fromRows(new double[][] {{1e300, 2}, {0, 3}});
        assertThatThrownBy(() -> FullyParallelLcc.decompose(matrix, 40, FpOptions.defaults()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("1.0E300")
                .hasMessageContaining("power of two");
    }

    @Test
    void rejectsInvalidOptions() {
        assertThatThrownBy(() -> new FpOptions(0, 64))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("termsPerRow");
        assertThatThrownBy(() -> new FpOptions(2, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("maxFactors");
    }

    private static double[][] initialCodebook(int rows, int width) {
        double[][] codebook = new double[rows][width];
        for (int i = 0; i < width; i++) {
            codebook[i][i] = 1;
        }
        return codebook;
    }

    private static double[][] rows(Matrix matrix) {
        double[][] rows = new double[matrix.rows()][];
        for (int i = 0; i < rows.length; i++) {
            rows[i] = matrix.row(i);
        }
        return rows;
    }
}
