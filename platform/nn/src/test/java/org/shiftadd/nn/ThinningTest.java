package org.shiftadd.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.shiftadd.api.Matrix;
import org.shiftadd.nn.data.Dataset;
import org.shiftadd.nn.data.IdxDatasets;

class ThinningTest {
    private static DenseNetwork small(double[][] w0, double[] b0, double[][] w1, double[] b1) {
        return DenseNetwork.of(List.of(Matrix.fromRows(w0), Matrix.fromRows(w1)),
                List.of(b0, b1));
    }

    private static void zeroColumn(double[][] rows, int column) {
        for (double[] row : rows) {
            row[column] = 0;
        }
    }

    private static double[][] rowsOf(Matrix matrix) {
        double[][] rows = new double[matrix.rows()][];
        for (int i = 0; i < rows.length; i++) {
            rows[i] = matrix.row(i);
        }
        return rows;
    }

    @Test
    void thinningPreservesOutputsOnDigits() {
        Dataset digits = IdxDatasets.loadDirectory(Path.of("../../distribution/data/mnist"))
                .test().slice(0, 1000);
        DenseNetwork dense = DenseNetwork.create(new int[] {784, 300, 100, 10},
                Initialization.HE_NORMAL, 4);
        Random random = new Random(5);
        double[][][] w = new double[3][][];
        double[][] b = new double[3][];
        for (int l = 0; l < 3; l++) {
            w[l] = rowsOf(dense.weights(l));
            b[l] = new double[w[l].length];
            for (int o = 0; o < b[l].length; o++) {
                b[l][o] = 0.5 * random.nextGaussian();
            }
        }
        // Zero columns as group lasso leaves them, and constant neurons with zero rows.
        Set<Integer> gone0 = new TreeSet<>();
        Set<Integer> gone1 = new TreeSet<>();
        for (int k = 0; k < 300; k += 3) {
            zeroColumn(w[1], k);
            gone0.add(k);
        }
        for (int k = 1; k < 100; k += 4) {
            zeroColumn(w[2], k);
            gone1.add(k);
        }
        for (int i = 2; i < 300; i += 29) {
            w[0][i] = new double[784];
            gone0.add(i);
        }
        for (int i = 6; i < 100; i += 31) {
            w[1][i] = new double[w[1][i].length];
            gone1.add(i);
        }
        DenseNetwork network = DenseNetwork.of(
                List.of(Matrix.fromRows(w[0]), Matrix.fromRows(w[1]), Matrix.fromRows(w[2])),
                List.of(b[0], b[1], b[2]));

        ThinnedNetwork thinned = Thinning.thin(network);

        assertThat(thinned.network().layerSizes())
                .containsExactly(784, 300 - gone0.size(), 100 - gone1.size(), 10);
        assertThat(thinned.removedNeurons(0)).isEqualTo(gone0.size());
        for (int kept : thinned.keptNeurons(0)) {
            assertThat(gone0).as("kept neuron %d of layer 0", kept).doesNotContain(kept);
        }
        double[] inputs = digits.inputs();
        double[] before = network.logits(inputs, 1000);
        double[] after = thinned.network().logits(inputs, 1000);
        double largest = 0;
        for (int k = 0; k < before.length; k++) {
            largest = Math.max(largest, Math.abs(before[k] - after[k]));
        }
        assertThat(largest).as("largest output difference on 1,000 digits").isLessThan(1e-6);
    }

    @Test
    void thinningCascadesAcrossLayers() {
        // Neuron 0 of layer 1 reads only neuron 2 of layer 0 and nothing reads it, so after
        // it goes, neuron 2 of layer 0 is unused as well.
        double[][] w0 = {{1, -1}, {0.5, 2}, {-1, 1}};
        double[][] w1 = {{0, 0, 3}, {1, -2, 0}};
        double[][] w2 = {{0, 1}, {0, -1}};
        DenseNetwork network = DenseNetwork.of(List.of(Matrix.fromRows(w0),
                Matrix.fromRows(w1), Matrix.fromRows(w2)),
                List.of(new double[] {0.1, 0.2, 0.3}, new double[] {0.4, 0.5},
                        new double[] {0, 0}));

        ThinnedNetwork thinned = Thinning.thin(network);

        assertThat(thinned.network().layerSizes()).containsExactly(2, 2, 1, 2);
        assertThat(thinned.keptNeurons(0)).containsExactly(0, 1);
        assertThat(thinned.keptNeurons(1)).containsExactly(1);
        double[] x = {0.7, -0.3, 2, 1, -1, -4};
        assertThat(thinned.network().logits(x, 3))
                .containsExactly(network.logits(x, 3), within(1e-12));
    }

    @Test
    void firstLayerZeroColumnsStay() {
        double[][] w0 = {{0, 1}, {0, 2}};
        DenseNetwork network = small(w0, new double[] {0, 0}, new double[][] {{1, 1}},
                new double[] {0});

        ThinnedNetwork thinned = Thinning.thin(network);

        assertThat(thinned.network().inputSize()).isEqualTo(2);
        assertThat(thinned.network().layerSizes()).containsExactly(2, 2, 1);
    }

    @Test
    void removeNeuronsRejectsNeuronInUse() {
        DenseNetwork network = small(new double[][] {{1, 2}, {3, 4}}, new double[] {0, 0},
                new double[][] {{1, 1}}, new double[] {0});

        assertThatThrownBy(() -> Thinning.removeNeurons(network, 0, new int[] {1}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("neuron 1 of layer 0")
                .hasMessageContaining("column in layer 1");
    }

    @Test
    void removeNeuronsRejectsOutputLayer() {
        DenseNetwork network = small(new double[][] {{1, 2}}, new double[] {0},
                new double[][] {{0}, {1}}, new double[] {0, 0});

        assertThatThrownBy(() -> Thinning.removeNeurons(network, 1, new int[] {0}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("layer 1")
                .hasMessageContaining("classes");
    }

    @Test
    void removeNeuronsRejectsRepeatedNeuron() {
        DenseNetwork network = small(new double[][] {{0, 0}, {1, 1}}, new double[] {1, 0},
                new double[][] {{1, 1}}, new double[] {0});

        assertThatThrownBy(() -> Thinning.removeNeurons(network, 0, new int[] {0, 0}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("twice");
    }

    @Test
    void thinningRejectsCollapsedNetwork() {
        DenseNetwork network = small(new double[][] {{1, 2}, {3, 4}}, new double[] {0, 0},
                new double[][] {{0, 0}}, new double[] {0.5});

        assertThatThrownBy(() -> Thinning.thin(network))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("all 2 neurons of layer 0")
                .hasMessageContaining("layer 1");
    }
}
