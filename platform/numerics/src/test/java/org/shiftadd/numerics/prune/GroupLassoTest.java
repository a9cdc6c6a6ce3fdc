package org.shiftadd.numerics.prune;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.shiftadd.api.Matrix;

class GroupLassoTest {
    /** A 3x4 matrix whose column norms are 5, 0, 13 and 1e-9. */
    private static double[] sample() {
        return new double[] {
            3, 0, 5, 1e-9,
            4, 0, 12, 0,
            0, 0, 0, 0,
        };
    }

    @Test
    void columnNormsOfSample() {
        assertThat(GroupLasso.columnNorms(sample(), 3, 4))
                .containsExactly(new double[] {5, 0, 13, 1e-9}, within(1e-15));
    }

    @Test
    void penaltyUsesNormTimesSqrtRows() {
        Matrix weights = Matrix.of(3, 4, sample());

        double penalty = GroupLasso.penalty(weights, 0.5);

        assertThat(penalty).isCloseTo(0.5 * Math.sqrt(3) * (5 + 13 + 1e-9), within(1e-12));
    }

    @Test
    void proximalStepKeepsZeroColumnExactlyZero() {
        double[] weights = sample();

        GroupLasso.proximalStepInPlace(weights, 3, 4, 0.1, 1.0);

        for (int i = 0; i < 3; i++) {
            assertThat(Double.doubleToRawLongBits(weights[i * 4 + 1])).as("row %d", i).isZero();
        }
    }

    @Test
    void proximalStepShrinksAndKills() {
        double[] weights = sample();
        double threshold = 0.1 * 2.0 * Math.sqrt(3);

        GroupLasso.proximalStepInPlace(weights, 3, 4, 0.1, 2.0);

        double factor = 1 - threshold / 13;
        assertThat(weights[2]).isCloseTo(5 * factor, within(1e-14));
        assertThat(weights[6]).isCloseTo(12 * factor, within(1e-14));
        // The threshold is about 0.35: column 0 (norm 5) shrinks, column 3 (norm 1e-9) goes.
        assertThat(weights[0]).isCloseTo(3 * (1 - threshold / 5), within(1e-14));
        assertThat(weights[3]).isZero();
    }

    @Test
    void proximalStepWithNegativeEntriesGivesPositiveZero() {
        double[] weights = {-1e-3, -2e-3};

        GroupLasso.proximalStepInPlace(weights, 2, 1, 1.0, 1.0);

        assertThat(Double.doubleToRawLongBits(weights[0])).isZero();
        assertThat(Double.doubleToRawLongBits(weights[1])).isZero();
    }

    @Test
    void proximalStepRejectsNegativeLearningRate() {
        assertThatThrownBy(() -> GroupLasso.proximalStepInPlace(sample(), 3, 4, -1, 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("learning rate");
    }

    @Test
    void proximalStepRejectsWrongLength() {
        assertThatThrownBy(() -> GroupLasso.proximalStepInPlace(new double[5], 2, 3, 1, 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("2x3");
    }

    @Test
    void zeroingUsesThresholdRelativeToLargestColumn() {
        double[] weights = sample();

        int zero = GroupLasso.zeroSmallColumnsInPlace(weights, 3, 4, 1e-8);

        // 1e-9 <= 1e-8 * 13, so column 3 goes; column 1 was zero already.
        assertThat(zero).isEqualTo(2);
        assertThat(weights[3]).isZero();
        assertThat(weights[0]).isEqualTo(3);
        assertThat(weights[2]).isEqualTo(5);
    }

    @Test
    void zeroingKeepsColumnJustAboveThreshold() {
        double[] weights = {1.0, 2e-8};

        int zero = GroupLasso.zeroSmallColumnsInPlace(weights, 1, 2, 1e-8);

        assertThat(zero).isZero();
        assertThat(weights[1]).isEqualTo(2e-8);
    }

    @Test
    void zeroingColumnAtThresholdSetsItToZero() {
        double[] weights = {1.0, 1e-8, -0.0};

        int zero = GroupLasso.zeroSmallColumnsInPlace(weights, 1, 3, 1e-8);

        assertThat(zero).isEqualTo(2);
        assertThat(Double.doubleToRawLongBits(weights[1])).isZero();
        assertThat(Double.doubleToRawLongBits(weights[2])).as("-0.0 becomes +0.0").isZero();
    }

    @Test
    void zeroingAllZeroMatrixStaysZero() {
        double[] weights = new double[6];

        assertThat(GroupLasso.zeroSmallColumnsInPlace(weights, 2, 3, 1e-8)).isEqualTo(3);
        assertThat(weights).containsOnly(0.0);
    }

    @Test
    void zeroingRejectsThresholdOfOne() {
        assertThatThrownBy(() -> GroupLasso.zeroSmallColumnsInPlace(sample(), 3, 4, 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("[0, 1)");
    }

    @Test
    void zeroColumnsListsExactlyZeroColumns() {
        Matrix zeroed = GroupLasso.zeroSmallColumns(Matrix.of(3, 4, sample()), 1e-8);

        assertThat(GroupLasso.zeroColumns(zeroed)).containsExactly(1, 3);
    }

    @Test
    void repeatedStepsZeroWeakColumnsOfRandomMatrix() {
        Random random = new Random(3);
        int rows = 30;
        int cols = 40;
        double[] weights = new double[rows * cols];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                // Even columns are strong, odd ones weak.
                weights[i * cols + j] = random.nextGaussian() * (j % 2 == 0 ? 1 : 0.01);
            }
        }

        for (int step = 0; step < 10; step++) {
            GroupLasso.proximalStepInPlace(weights, rows, cols, 0.01, 0.2);
        }

        double[] norms = GroupLasso.columnNorms(weights, rows, cols);
        for (int j = 0; j < cols; j++) {
            if (j % 2 == 0) {
                assertThat(norms[j]).as("strong column %d", j).isGreaterThan(1);
            } else {
                assertThat(norms[j]).as("weak column %d", j).isZero();
            }
        }
    }

    @Test
    void parametersReadLambdaAndDefaultThreshold() {
        GroupLassoParameters parameters = GroupLassoParameters.fromMap(Map.of("lambda", 1e-4));

        assertThat(parameters.lambda()).isEqualTo(1e-4);
        assertThat(parameters.zeroThreshold()).isEqualTo(GroupLasso.DEFAULT_ZERO_THRESHOLD);
    }

    @Test
    void parametersAcceptNumericStrings() {
        GroupLassoParameters parameters =
                GroupLassoParameters.fromMap(Map.of("lambda", "1e-4", "threshold", 0));

        assertThat(parameters.lambda()).isEqualTo(1e-4);
        assertThat(parameters.zeroThreshold()).isZero();
    }

    @Test
    void parametersReportEveryProblem() {
        assertThat(GroupLassoParameters.validate(Map.of("threshold", 2, "lamda", 1)))
                .hasSize(3)
                .anySatisfy(p -> assertThat(p).contains("'lambda' is missing"))
                .anySatisfy(p -> assertThat(p).contains("unknown parameter 'lamda'"))
                .anySatisfy(p -> assertThat(p).contains("'threshold'").contains("found 2"));
    }

    @Test
    void parametersRejectNonPositiveLambda() {
        assertThat(GroupLassoParameters.validate(Map.of("lambda", -1)))
                .singleElement().asString().contains("greater than 0").contains("found -1");
        assertThat(GroupLassoParameters.validate(Map.of("lambda", "abc")))
                .singleElement().asString().contains("found abc");
    }
}
