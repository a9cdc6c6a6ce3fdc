package org.shiftadd.engine.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.shiftadd.api.ColumnClustering;
import org.shiftadd.api.Matrix;

class LayerFormTest {
    private final Matrix weights = Matrix.fromRows(new double[][] {
        {1, 0, 2, 1},
        {3, 0, 4, 3}});

    @Test
    void plainFormDropsZeroColumns() {
        LayerForm form = LayerForm.plain(weights);

        assertThat(form.compact()).isEqualTo(Matrix.fromRows(new double[][] {{1, 2, 1}, {3, 4, 3}}));
        assertThat(form.source()).containsExactly(0, -1, 1, 2);
        assertThat(form.preAdditions()).isZero();
        assertThat(form.expand(form.compact())).isEqualTo(weights);
    }

    @Test
    void sharedFormUsesCentroidsAndCountsPreAdditions() {
        LayerForm plain = LayerForm.plain(weights);
        ColumnClustering clusters = new ColumnClustering(new int[] {0, 1, 0}, 2, true, 3, "");

        LayerForm shared = LayerForm.shared(plain, clusters);

        assertThat(shared.compact()).isEqualTo(Matrix.fromRows(new double[][] {{1, 2}, {3, 4}}));
        assertThat(shared.source()).containsExactly(0, -1, 1, 0);
        assertThat(shared.preAdditions()).isEqualTo(1);
        assertThat(shared.expand(shared.compact())).isEqualTo(weights);
    }

    @Test
    void allZeroLayerHasEmptyCompactForm() {
        LayerForm form = LayerForm.plain(Matrix.zeros(2, 3));

        assertThat(form.compact().cols()).isZero();
        assertThat(form.expand(form.compact())).isEqualTo(Matrix.zeros(2, 3));
    }
}
