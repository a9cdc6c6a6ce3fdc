package org.shiftadd.nn.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TrainingThroughputTest {
    @Test
    void syntheticRunReportsThroughput() {
        TrainingThroughput.Result result = TrainingThroughput.measureSynthetic(64, 0, 0.1);

        assertThat(result.samplesPerSecond()).isPositive();
        assertThat(result.batchSize()).isEqualTo(64);
        assertThat(result.threads()).isEqualTo(1);
        assertThat(result.seconds()).isGreaterThanOrEqualTo(0.1);
        assertThat(result.samples()).isEqualTo(4096);
        assertThat(result.samplesPerSecond())
                .isEqualTo(result.samples() / result.seconds());
    }

    @Test
    void negativeDurationIsRejected() {
        assertThatThrownBy(() -> TrainingThroughput.measureSynthetic(64, -1, 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("warm-up time must be finite and at least 0 seconds");
    }
}
