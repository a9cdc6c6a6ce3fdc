package org.shiftadd.nn.conv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class BatchNorm2dTest {
    /** Two images of two channels of 1x2 values. */
    private static final Shape SHAPE = new Shape(2, 1, 2);
    private static final double[] INPUT = {1, 3, 10, 10, 5, 7, 20, 40};

    @Test
    void trainingNormalizesEveryChannelOverTheBatch() {
        BatchNorm2d norm = BatchNorm2d.create(2);

        double[] output = norm.forward(INPUT, 2, SHAPE, true);

        // Channel 0 contains 1, 3, 5, 7: mean 4, biased variance 5.
        double inverse0 = 1 / Math.sqrt(5 + BatchNorm2d.DEFAULT_EPSILON);
        assertThat(output[0]).isCloseTo(-3 * inverse0, within(1e-12));
        assertThat(output[5]).isCloseTo(3 * inverse0, within(1e-12));
        // Channel 1 contains 10, 10, 20, 40: mean 20, biased variance 150.
        double inverse1 = 1 / Math.sqrt(150 + BatchNorm2d.DEFAULT_EPSILON);
        assertThat(output[2]).isCloseTo(-10 * inverse1, within(1e-12));
        assertThat(output[7]).isCloseTo(20 * inverse1, within(1e-12));
    }

    @Test
    void runningStatisticsUseUnbiasedVariance() {
        BatchNorm2d norm = BatchNorm2d.create(2);

        norm.forward(INPUT, 2, SHAPE, true);

        assertThat(norm.runningMean()).containsExactly(new double[] {0.4, 2.0},
                within(1e-12));
        // Unbiased variances are 20 / 3 and 600 / 3.
        assertThat(norm.runningVariance()).containsExactly(
                new double[] {0.9 + 0.1 * 20 / 3, 0.9 + 0.1 * 200}, within(1e-12));
    }

    @Test
    void evaluationUsesRunningStatistics() {
        BatchNorm2d norm = BatchNorm2d.of(new double[] {2, 0.5}, new double[] {1, -1},
                new double[] {3, 10}, new double[] {4, 25}, 1e-5, 0.1);

        double[] output = norm.forward(INPUT, 2, SHAPE);

        assertThat(output[0]).isCloseTo(2 * (1 - 3) / Math.sqrt(4 + 1e-5) + 1, within(1e-12));
        assertThat(output[7]).isCloseTo(0.5 * (40 - 10) / Math.sqrt(25 + 1e-5) - 1,
                within(1e-12));
        assertThat(norm.runningMean()).containsExactly(3, 10);
    }

    @Test
    void trainingRejectsOneValuePerChannel() {
        BatchNorm2d norm = BatchNorm2d.create(2);

        assertThatThrownBy(() -> norm.forward(new double[2], 1, new Shape(2, 1, 1), true))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least 2 values per channel")
                .hasMessageContaining("larger batch");
    }

    @Test
    void ofRejectsInvalidStatistics() {
        double[] two = {1, 1};

        assertThatThrownBy(() -> BatchNorm2d.of(two, two, two, new double[] {1, -1}, 1e-5, 0.1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("running variance 1 is -1.0");
        assertThatThrownBy(() -> BatchNorm2d.of(two, new double[3], two, two, 1e-5, 0.1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("found 3 values for 2 channels");
        assertThatThrownBy(() -> BatchNorm2d.of(two, two, two, two, 0, 0.1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("epsilon");
        assertThatThrownBy(() -> BatchNorm2d.of(two, two, two, two, 1e-5, 1.5))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("momentum must be in [0, 1], found 1.5");
    }

    @Test
    void rejectsInputWithOtherChannelCount() {
        assertThatThrownBy(() -> BatchNorm2d.create(3).outputShape(new Shape(2, 4, 4)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("3 channels cannot take a 2x4x4 input");
    }
}
