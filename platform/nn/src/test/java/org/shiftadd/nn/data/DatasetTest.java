package org.shiftadd.nn.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class DatasetTest {
    private static final double[] INPUTS = {0.1, 0.2, 0.3, 0.4, 0.5, 0.6};
    private static final int[] LABELS = {2, 0, 1};

    @Test
    void ofCopiesArrays() {
        double[] inputs = INPUTS.clone();
        int[] labels = LABELS.clone();
        Dataset data = Dataset.of(inputs, labels, 2, 3);
        inputs[0] = 9;
        labels[0] = 0;

        assertThat(data.input(0)).containsExactly(0.1, 0.2);
        assertThat(data.label(0)).isEqualTo(2);
        assertThat(data.size()).isEqualTo(3);
        assertThat(data.classCounts()).containsExactly(1, 1, 1);
    }

    @Test
    void copyBatchFollowsOrder() {
        Dataset data = Dataset.of(INPUTS, LABELS, 2, 3);
        double[] inputs = new double[4];
        int[] labels = new int[2];

        data.copyBatch(new int[] {1, 2, 0}, 1, 2, inputs, labels);

        assertThat(inputs).containsExactly(0.5, 0.6, 0.1, 0.2);
        assertThat(labels).containsExactly(1, 2);
    }

    @Test
    void sliceKeepsClassCount() {
        Dataset slice = Dataset.of(INPUTS, LABELS, 2, 3).slice(1, 3);

        assertThat(slice.size()).isEqualTo(2);
        assertThat(slice.classes()).isEqualTo(3);
        assertThat(slice.inputs()).containsExactly(0.3, 0.4, 0.5, 0.6);
    }

    @Test
    void ofRejectsWrongLength() {
        assertThatThrownBy(() -> Dataset.of(new double[5], LABELS, 2, 3))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("need 6 inputs, found 5");
    }

    @Test
    void ofRejectsLabelOutOfRange() {
        assertThatThrownBy(() -> Dataset.of(INPUTS, new int[] {0, 3, 1}, 2, 3))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("label 3 of sample 1 is out of range [0, 3)");
    }

    @Test
    void ofRejectsNonFiniteInput() {
        double[] inputs = INPUTS.clone();
        inputs[3] = Double.NaN;

        assertThatThrownBy(() -> Dataset.of(inputs, LABELS, 2, 3))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("input 1 of sample 1 is NaN");
    }
}
