package org.shiftadd.numerics.lcc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Signed-power-of-two pursuit, exact binary exponents, canonical digits and slicing. */
class PursuitTest {

    @Test
    void floorLog2IsExactAtPowersOfTwo() {
        assertThat(PowerOfTwo.floorLog2(1.0)).as("1").isZero();
        assertThat(PowerOfTwo.floorLog2(Math.nextDown(1.0))).as("just below 1").isEqualTo(-1);
        assertThat(PowerOfTwo.floorLog2(8.0)).as("8").isEqualTo(3);
        assertThat(PowerOfTwo.floorLog2(Math.nextDown(8.0))).as("just below 8").isEqualTo(2);
        assertThat(PowerOfTwo.floorLog2(Math.nextUp(8.0))).as("just above 8").isEqualTo(3);
        assertThat(PowerOfTwo.floorLog2(Double.MIN_NORMAL)).as("MIN_NORMAL").isEqualTo(-1022);
        assertThat(PowerOfTwo.floorLog2(Double.MIN_VALUE)).as("MIN_VALUE").isEqualTo(-1074);
        assertThat(PowerOfTwo.floorLog2(3 * Double.MIN_VALUE)).as("3 MIN_VALUE").isEqualTo(-1073);
        assertThat(PowerOfTwo.floorLog2(Double.MAX_VALUE)).as("MAX_VALUE").isEqualTo(1023);
    }

    @Test
    void floorLog2MatchesLogarithm() {
        for (double x = 1e-6; x < 1e6; x *= 1.37) {
            int expected = (int) Math.floor(Math.log(x) / Math.log(2));
            assertThat(PowerOfTwo.floorLog2(x)).as("floorLog2(" + x + ")").isEqualTo(expected);
        }
    }

    @Test
    void termOfRejectsNonPowerOfTwo() {
        assertThat(Term.of(3, -0.125)).isEqualTo(new Term(3, -3, true));
        assertThat(Term.of(0, Double.MIN_VALUE).exponent()).isEqualTo(-1074);
        assertThatThrownBy(() -> Term.of(0, 3.0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("3.0");
        assertThatThrownBy(() -> Term.of(0, 0.0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Term(-1, 0, false))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void tieBetweenPowersGoesToLowerOne() {
        // ρ = 1.5 lies halfway between 1 and 2: both leave 0.25, and q_lo wins.
        List<Term> terms = SignedPowerOfTwoPursuit.pursue(
                new double[] {1.5}, new double[][] {{1}}, 1);
        assertThat(terms).containsExactly(new Term(0, 0, false));
    }

    @Test
    void tieBetweenCodewordsGoesToLowestIndex() {
        List<Term> terms = SignedPowerOfTwoPursuit.pursue(
                new double[] {0.75, 0}, new double[][] {{0, 0}, {1, 0}, {1, 0}}, 1);
        assertThat(terms).containsExactly(new Term(1, -1, false));
    }

    @Test
    void pursuitStopsWhenResidualIsExactlyZero() {
        // 3 = 2 + 1: ρ = 3 ties between 2 and 4, so q_lo = 2 and then 1 finish exactly.
        List<Term> terms = SignedPowerOfTwoPursuit.pursue(
                new double[] {3, 0}, new double[][] {{1, 0}, {0, 1}}, 5);
        assertThat(terms).containsExactly(new Term(0, 1, false), new Term(0, 0, false));
    }

    @Test
    void pursuitSkipsNegligibleTerm() {
        // The second term would lower ‖r‖² by about 1e-14 of ‖t‖², below 1e-12.
        List<Term> terms = SignedPowerOfTwoPursuit.pursue(
                new double[] {1, 1e-7}, new double[][] {{1, 0}, {0, 1}}, 2);
        assertThat(terms).containsExactly(new Term(0, 0, false));
    }

    @Test
    void pursuitSkipsZeroCodewords() {
        List<Term> terms = SignedPowerOfTwoPursuit.pursue(
                new double[] {-0.3}, new double[][] {{0}, {2}}, 1);
        assertThat(terms).containsExactly(new Term(1, -3, true));
    }

    @Test
    void pursuitRejectsCodewordOfWrongLength() {
        assertThatThrownBy(() -> SignedPowerOfTwoPursuit.pursue(
                new double[] {1, 2}, new double[][] {{1}}, 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("codeword 0");
    }

    @Test
    void canonicalRowMergesRepeatedSource() {
        assertThat(PowerOfTwo.canonicalRow(List.of(new Term(0, 3, false), new Term(0, 3, false))))
                .as("2^3 + 2^3").containsExactly(new Term(0, 4, false));
        assertThat(PowerOfTwo.canonicalRow(List.of(new Term(1, 3, false), new Term(1, 2, false))))
                .as("2^3 + 2^2 = 16 - 4")
                .containsExactly(new Term(1, 2, true), new Term(1, 4, false));
        assertThat(PowerOfTwo.canonicalRow(List.of(
                new Term(2, 2, false), new Term(2, 1, false), new Term(2, 0, false))))
                .as("4 + 2 + 1 = 8 - 1")
                .containsExactly(new Term(2, 0, true), new Term(2, 3, false));
        assertThat(PowerOfTwo.canonicalRow(List.of(new Term(0, 1, false), new Term(0, 1, true))))
                .as("2 - 2").isEmpty();
    }

    @Test
    void canonicalRowKeepsDistinctSourcesInOrder() {
        List<Term> row = List.of(new Term(5, -2, true), new Term(0, 7, false));
        assertThat(PowerOfTwo.canonicalRow(row)).isEqualTo(row);
        List<Term> mixed = List.of(new Term(5, 0, false), new Term(2, 0, false),
                new Term(5, 0, false));
        assertThat(PowerOfTwo.canonicalRow(mixed))
                .containsExactly(new Term(5, 1, false), new Term(2, 0, false));
    }

    @Test
    void sliceWidthRoundsLogarithm() {
        int[][] expected = {{0, 1}, {1, 1}, {2, 1}, {3, 2}, {5, 2}, {6, 3}, {11, 3}, {12, 4},
            {16, 4}, {32, 5}, {40, 5}, {45, 5}, {46, 6}, {64, 6}, {300, 8}, {4096, 12}};
        for (int[] pair : expected) {
            assertThat(LccSlicing.sliceWidth(pair[0])).as("K for N = " + pair[0])
                    .isEqualTo(pair[1]);
        }
        for (int n = 1; n <= 200_000; n++) {
            long rounded = Math.round(Math.log(n) / Math.log(2));
            assertThat(LccSlicing.sliceWidth(n)).as("K for N = " + n)
                    .isEqualTo((int) Math.max(1, rounded));
        }
    }

    @Test
    void sliceCountRoundsUp() {
        assertThat(LccSlicing.sliceCount(0, 5)).isZero();
        assertThat(LccSlicing.sliceCount(20, 5)).isEqualTo(4);
        assertThat(LccSlicing.sliceCount(21, 5)).isEqualTo(5);
        assertThat(LccSlicing.sliceSumAdditions(40, 4)).isEqualTo(120);
        assertThat(LccSlicing.sliceSumAdditions(40, 0)).isZero();
    }
}
