package org.shiftadd.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.shiftadd.api.Matrix;
import org.shiftadd.nn.data.Dataset;

class TiedColumnsTest {
    private static final int HELD = TiedColumns.HELD_AT_ZERO;

    /** Gaussian clusters, one per class, in {@code features} dimensions. */
    private static Dataset clusters(int samples, int features, int classes, long seed) {
        Random centers = new Random(99);
        double[][] means = new double[classes][features];
        for (double[] mean : means) {
            for (int k = 0; k < features; k++) {
                mean[k] = 2 * centers.nextGaussian();
            }
        }
        Random random = new Random(seed);
        double[] inputs = new double[samples * features];
        int[] labels = new int[samples];
        for (int i = 0; i < samples; i++) {
            labels[i] = random.nextInt(classes);
            for (int k = 0; k < features; k++) {
                inputs[i * features + k] = means[labels[i]][k] + random.nextGaussian();
            }
        }
        return Dataset.of(inputs, labels, features, classes);
    }

    private static void assertTied(DenseNetwork network, int layer, int[] labels) {
        Matrix weights = network.weights(layer);
        for (int j = 0; j < labels.length; j++) {
            if (labels[j] == HELD) {
                assertThat(weights.column(j)).as("held column %d of layer %d", j, layer)
                        .containsOnly(0.0);
                continue;
            }
            for (int k = 0; k < j; k++) {
                if (labels[k] == labels[j]) {
                    assertThat(weights.column(j)).as("column %d equals %d in layer %d", j, k,
                            layer).containsExactly(weights.column(k));
                }
            }
        }
    }

    @Test
    void retrainingKeepsMembersIdenticalAndLowersLoss() {
        Dataset train = clusters(400, 20, 4, 1);
        DenseNetwork network = DenseNetwork.create(new int[] {20, 16, 4},
                Initialization.HE_NORMAL, 2);
        new Trainer(new TrainingConfig(2, 16, 0.05, 0.9, 1)).train(network, train);
        int[] first = new int[20];
        Arrays.setAll(first, j -> j < 18 ? j / 3 : HELD);
        int[] second = {0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7};
        TiedColumns ties = TiedColumns.of(List.of(first, second));
        ties.tieInPlace(network);
        assertTied(network, 0, first);
        assertTied(network, 1, second);
        double lossBefore = network.meanLoss(train);

        new Trainer(new TrainingConfig(4, 16, 0.05, 0.9, 3), TrainingListener.NONE, ties)
                .train(network, train);

        assertTied(network, 0, first);
        assertTied(network, 1, second);
        assertThat(network.meanLoss(train)).isLessThan(lossBefore);
    }

    /**
     * Compares the hook with a direct implementation of gradient averaging: softmax
     * regression, full-batch steps, heavy-ball momentum, and the gradient of every cluster
     * replaced by the mean over its columns.
     */
    @Test
    void hookEqualsGradientAveragingWithMomentum() {
        int features = 6;
        int classes = 3;
        int samples = 24;
        Dataset data = clusters(samples, features, classes, 5);
        int[] labels = {0, 0, 1, 2, 2, HELD};
        double learningRate = 0.1;
        double momentum = 0.9;
        int steps = 8;
        DenseNetwork network = DenseNetwork.create(new int[] {features, classes},
                Initialization.HE_NORMAL, 6);
        TiedColumns ties = TiedColumns.of(List.<int[]>of(labels));
        ties.tieInPlace(network);
        double[][] w = new double[classes][];
        Arrays.setAll(w, o -> network.weights(0).row(o));
        double[] b = network.bias(0);

        new Trainer(new TrainingConfig(steps, samples, learningRate, momentum, 7),
                TrainingListener.NONE, ties).train(network, data);

        double[][] velocity = new double[classes][features];
        double[] biasVelocity = new double[classes];
        for (int step = 0; step < steps; step++) {
            double[][] gradient = new double[classes][features];
            double[] biasGradient = new double[classes];
            accumulateGradient(data, w, b, gradient, biasGradient);
            averageWithinClusters(gradient, labels);
            for (int o = 0; o < classes; o++) {
                for (int k = 0; k < features; k++) {
                    velocity[o][k] = momentum * velocity[o][k] + gradient[o][k];
                    w[o][k] -= learningRate * velocity[o][k];
                }
                biasVelocity[o] = momentum * biasVelocity[o] + biasGradient[o];
                b[o] -= learningRate * biasVelocity[o];
            }
        }
        for (int o = 0; o < classes; o++) {
            assertThat(network.weights(0).row(o)).as("row %d", o)
                    .containsExactly(w[o], within(1e-12));
        }
        assertThat(network.bias(0)).containsExactly(b, within(1e-12));
    }

    /** Adds the gradient of the mean cross-entropy of a softmax regression. */
    private static void accumulateGradient(Dataset data, double[][] w, double[] b,
            double[][] gradient, double[] biasGradient) {
        int classes = w.length;
        for (int n = 0; n < data.size(); n++) {
            double[] x = data.input(n);
            double[] p = new double[classes];
            double largest = Double.NEGATIVE_INFINITY;
            for (int o = 0; o < classes; o++) {
                p[o] = b[o];
                for (int k = 0; k < x.length; k++) {
                    p[o] += w[o][k] * x[k];
                }
                largest = Math.max(largest, p[o]);
            }
            double sum = 0;
            for (int o = 0; o < classes; o++) {
                p[o] = Math.exp(p[o] - largest);
                sum += p[o];
            }
            for (int o = 0; o < classes; o++) {
                double delta = (p[o] / sum - (o == data.label(n) ? 1 : 0)) / data.size();
                biasGradient[o] += delta;
                for (int k = 0; k < x.length; k++) {
                    gradient[o][k] += delta * x[k];
                }
            }
        }
    }

    /** Replaces each column's gradient by its cluster mean, and zero for held columns. */
    private static void averageWithinClusters(double[][] gradient, int[] labels) {
        for (double[] row : gradient) {
            double[] copy = row.clone();
            for (int k = 0; k < labels.length; k++) {
                double sum = 0;
                int members = 0;
                for (int j = 0; j < labels.length; j++) {
                    if (labels[j] == labels[k]) {
                        sum += copy[j];
                        members++;
                    }
                }
                row[k] = labels[k] == HELD ? 0 : sum / members;
            }
        }
    }

    @Test
    void holdingZeroColumnsKeepsPrunedInputsAtZero() {
        Dataset train = clusters(200, 8, 3, 8);
        DenseNetwork network = DenseNetwork.create(new int[] {8, 5, 3},
                Initialization.HE_NORMAL, 9);
        double[] w0 = network.weights(0).toArray();
        for (int o = 0; o < 5; o++) {
            w0[o * 8 + 2] = 0;
            w0[o * 8 + 7] = 0;
        }
        network.setWeightsInPlace(0, Matrix.of(5, 8, w0));
        TiedColumns ties = TiedColumns.holdingZeroColumns(network);

        new Trainer(new TrainingConfig(2, 16, 0.05, 0.9, 1), TrainingListener.NONE, ties)
                .train(network, train);

        assertThat(network.weights(0).column(2)).containsOnly(0.0);
        assertThat(network.weights(0).column(7)).containsOnly(0.0);
        assertThat(network.weights(0).column(3)).doesNotContain(0.0);
    }

    @Test
    void layerWithoutLabelsTrainsFreely() {
        DenseNetwork network = DenseNetwork.create(new int[] {3, 2}, Initialization.HE_NORMAL,
                1);
        Matrix before = network.weights(0);
        TiedColumns ties = TiedColumns.of(Arrays.asList((int[]) null));

        ties.tieInPlace(network);

        assertThat(network.weights(0)).isEqualTo(before);
    }

    @Test
    void rejectsLabelBelowHeld() {
        assertThatThrownBy(() -> TiedColumns.of(List.of(new int[] {0, -2})))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("column 1 of layer 0");
    }

    @Test
    void tieRejectsLabelsOfOtherShape() {
        DenseNetwork network = DenseNetwork.create(new int[] {3, 2}, Initialization.HE_NORMAL,
                1);
        TiedColumns ties = TiedColumns.of(List.of(new int[] {0, 0}));

        assertThatThrownBy(() -> ties.tieInPlace(network))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("layer 0 has 3 input columns but 2 labels");
    }
}
