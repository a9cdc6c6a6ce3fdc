package org.shiftadd.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.shiftadd.api.Matrix;
import org.shiftadd.nn.data.Dataset;

class DenseNetworkTest {
    private static final int[] SMALL = {4, 3, 2};

    @Test
    void createHasShapesAndZeroBiases() {
        DenseNetwork network = DenseNetwork.create(new int[] {5, 4, 3, 2},
                Initialization.HE_UNIFORM, 1);

        assertThat(network.layerCount()).isEqualTo(3);
        assertThat(network.layerSizes()).containsExactly(5, 4, 3, 2);
        assertThat(network.inputSize()).isEqualTo(5);
        assertThat(network.outputSize()).isEqualTo(2);
        assertThat(network.parameterCount()).isEqualTo(5 * 4 + 4 + 4 * 3 + 3 + 3 * 2 + 2);
        assertThat(network.weights(1).rows()).isEqualTo(3);
        assertThat(network.weights(1).cols()).isEqualTo(4);
        assertThat(network.bias(2)).containsExactly(0.0, 0.0);
    }

    @Test
    void heUniformStaysWithinLimit() {
        DenseNetwork network = DenseNetwork.create(new int[] {784, 300, 10},
                Initialization.HE_UNIFORM, 1);
        double limit = Math.sqrt(6.0 / 784);
        double[] weights = network.weights(0).toArray();

        for (double w : weights) {
            assertThat(Math.abs(w)).isLessThanOrEqualTo(limit);
        }
        assertThat(variance(weights)).isCloseTo(2.0 / 784, within(0.05 * 2.0 / 784));
    }

    @Test
    void heNormalHasHeVariance() {
        DenseNetwork network = DenseNetwork.create(new int[] {784, 300, 10},
                Initialization.HE_NORMAL, 1);
        double[] weights = network.weights(0).toArray();

        assertThat(mean(weights)).isCloseTo(0, within(0.001));
        assertThat(variance(weights)).isCloseTo(2.0 / 784, within(0.05 * 2.0 / 784));
        assertThat(variance(network.weights(1).toArray()))
                .isCloseTo(2.0 / 300, within(0.1 * 2.0 / 300));
    }

    @Test
    void seedDeterminesWeights() {
        DenseNetwork first = DenseNetwork.create(SMALL, Initialization.HE_NORMAL, 7);
        DenseNetwork second = DenseNetwork.create(SMALL, Initialization.HE_NORMAL, 7);
        DenseNetwork other = DenseNetwork.create(SMALL, Initialization.HE_NORMAL, 8);

        assertThat(second.weights(0)).isEqualTo(first.weights(0));
        assertThat(second.weights(1)).isEqualTo(first.weights(1));
        assertThat(other.weights(0)).isNotEqualTo(first.weights(0));
    }

    @Test
    void createRejectsInvalidSizes() {
        assertThatThrownBy(() -> DenseNetwork.create(new int[] {4}, Initialization.HE_NORMAL, 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least one layer size");
        assertThatThrownBy(() -> DenseNetwork.create(new int[] {4, 0, 2},
                Initialization.HE_NORMAL, 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("[4, 0, 2]");
    }

    @Test
    void biasReturnsCopy() {
        DenseNetwork network = DenseNetwork.create(SMALL, Initialization.HE_UNIFORM, 1);

        network.bias(0)[0] = 5;

        assertThat(network.bias(0)[0]).isEqualTo(0.0);
    }

    @Test
    void withWeightsReplacesWeightsAndKeepsBiases() {
        DenseNetwork network = DenseNetwork.create(SMALL, Initialization.HE_UNIFORM, 1);
        network.setBiasInPlace(1, new double[] {0.5, -0.5});
        Matrix original = network.weights(0);
        List<Matrix> replacement = List.of(Matrix.zeros(3, 4),
                Matrix.of(2, 3, new double[] {1, 2, 3, 4, 5, 6}));

        DenseNetwork replaced = network.withWeights(replacement);

        assertThat(replaced.weights(0)).isEqualTo(Matrix.zeros(3, 4));
        assertThat(replaced.weights(1)).isEqualTo(replacement.get(1));
        assertThat(replaced.bias(1)).containsExactly(0.5, -0.5);
        assertThat(network.weights(0)).isEqualTo(original);
        assertThat(replaced.logits(new double[] {1, 2, 3, 4}, 1)).containsExactly(0.5, -0.5);
    }

    @Test
    void withWeightsRejectsWrongCount() {
        DenseNetwork network = DenseNetwork.create(SMALL, Initialization.HE_UNIFORM, 1);

        assertThatThrownBy(() -> network.withWeights(List.of(Matrix.zeros(3, 4))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the network has 2 layers but 1 weight matrices were given");
    }

    @Test
    void withWeightsRejectsWrongShape() {
        DenseNetwork network = DenseNetwork.create(SMALL, Initialization.HE_UNIFORM, 1);

        assertThatThrownBy(() -> network.withWeights(List.of(Matrix.zeros(3, 4),
                Matrix.zeros(3, 2))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("layer 1 needs a 2x3 weight matrix (outputs x inputs), found 3x2");
    }

    @Test
    void withWeightsRejectsNonFinite() {
        DenseNetwork network = DenseNetwork.create(SMALL, Initialization.HE_UNIFORM, 1);
        double[] values = new double[12];
        values[5] = Double.POSITIVE_INFINITY;

        assertThatThrownBy(() -> network.withWeights(List.of(Matrix.of(3, 4, values),
                Matrix.zeros(2, 3))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("weight (1, 1) of layer 0 is Infinity");
    }

    @Test
    void ofRoundTripsWeightsAndBiases() {
        DenseNetwork network = DenseNetwork.create(SMALL, Initialization.HE_NORMAL, 3);
        network.setBiasInPlace(0, new double[] {0.1, 0.2, 0.3});

        DenseNetwork rebuilt = DenseNetwork.of(List.of(network.weights(0), network.weights(1)),
                List.of(network.bias(0), network.bias(1)));

        assertThat(rebuilt.layerSizes()).isEqualTo(network.layerSizes());
        assertThat(rebuilt.weights(0)).isEqualTo(network.weights(0));
        assertThat(rebuilt.weights(1)).isEqualTo(network.weights(1));
        assertThat(rebuilt.bias(0)).isEqualTo(network.bias(0));
    }

    @Test
    void ofRejectsShapesThatDoNotChain() {
        assertThatThrownBy(() -> DenseNetwork.of(List.of(Matrix.zeros(3, 4), Matrix.zeros(2, 5)),
                List.of(new double[3], new double[2])))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("layer 1 needs a 2x3 weight matrix (outputs x inputs), found 2x5");
    }

    @Test
    void copyIsIndependent() {
        DenseNetwork network = DenseNetwork.create(SMALL, Initialization.HE_UNIFORM, 1);
        DenseNetwork copy = network.copy();

        copy.setWeightsInPlace(0, Matrix.zeros(3, 4));
        copy.setBiasInPlace(0, new double[] {1, 1, 1});

        assertThat(network.weights(0)).isNotEqualTo(Matrix.zeros(3, 4));
        assertThat(network.bias(0)).containsExactly(0.0, 0.0, 0.0);
    }

    @Test
    void logitsMatchReferenceOnSmallNetwork() {
        checkLogitsAgainstReference(new int[] {7, 5, 4, 3}, 9, 0.3, new Random(1));
    }

    /** A 784-300-10 network runs the forward pass in several blocks of weight columns. */
    @Test
    void logitsMatchReferenceOnMnistSizedNetwork() {
        checkLogitsAgainstReference(new int[] {784, 300, 10}, 300, 0.8, new Random(2));
    }

    @Test
    void predictAndEvaluateAgreeWithLogits() {
        Random random = new Random(3);
        DenseNetwork network = DenseNetwork.create(new int[] {6, 8, 4},
                Initialization.HE_NORMAL, 4);
        Dataset data = randomData(random, 600, 6, 4, 0.2);
        double[] logits = network.logits(data.inputs(), data.size());

        int[] predictions = network.predict(data);
        int correct = 0;
        double loss = 0;
        for (int i = 0; i < data.size(); i++) {
            int best = 0;
            for (int o = 1; o < 4; o++) {
                best = logits[i * 4 + o] > logits[i * 4 + best] ? o : best;
            }
            assertThat(predictions[i]).as("prediction %d", i).isEqualTo(best);
            correct += best == data.label(i) ? 1 : 0;
            double sum = 0;
            for (int o = 0; o < 4; o++) {
                sum += Math.exp(logits[i * 4 + o]);
            }
            loss += Math.log(sum) - logits[i * 4 + data.label(i)];
        }

        assertThat(network.predict(data.inputs(), data.size())).isEqualTo(predictions);
        assertThat(network.accuracy(data)).isEqualTo((double) correct / data.size());
        assertThat(network.meanLoss(data)).isCloseTo(loss / data.size(), within(1e-12));
    }

    @Test
    void evaluateRejectsWrongFeatureCount() {
        DenseNetwork network = DenseNetwork.create(SMALL, Initialization.HE_NORMAL, 4);
        Dataset data = randomData(new Random(1), 3, 5, 2, 0);

        assertThatThrownBy(() -> network.accuracy(data))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the data set has 5 features but the network takes 4 inputs");
    }

    private static void checkLogitsAgainstReference(int[] sizes, int samples,
            double zeroFraction, Random random) {
        DenseNetwork network = DenseNetwork.create(sizes, Initialization.HE_NORMAL, 5);
        List<double[]> biases = new ArrayList<>();
        for (int l = 0; l < network.layerCount(); l++) {
            double[] bias = new double[sizes[l + 1]];
            for (int o = 0; o < bias.length; o++) {
                bias[o] = 0.1 * random.nextGaussian();
            }
            network.setBiasInPlace(l, bias);
            biases.add(bias);
        }
        Dataset data = randomData(random, samples, sizes[0], sizes[sizes.length - 1],
                zeroFraction);

        double[] logits = network.logits(data.inputs(), samples);

        for (int i = 0; i < samples; i++) {
            double[] expected = reference(network, biases, data.input(i));
            for (int o = 0; o < expected.length; o++) {
                assertThat(logits[i * expected.length + o])
                        .as("logit %d of sample %d", o, i)
                        .isCloseTo(expected[o], within(1e-12 * (1 + Math.abs(expected[o]))));
            }
        }
    }

    /** Computes the logits of one sample with plain loops over {@link Matrix#get}. */
    private static double[] reference(DenseNetwork network, List<double[]> biases,
            double[] input) {
        double[] x = input;
        for (int l = 0; l < network.layerCount(); l++) {
            Matrix w = network.weights(l);
            double[] y = new double[w.rows()];
            for (int o = 0; o < w.rows(); o++) {
                double sum = biases.get(l)[o];
                for (int k = 0; k < w.cols(); k++) {
                    sum += w.get(o, k) * x[k];
                }
                y[o] = l + 1 < network.layerCount() ? Math.max(sum, 0) : sum;
            }
            x = y;
        }
        return x;
    }

    static Dataset randomData(Random random, int samples, int features, int classes,
            double zeroFraction) {
        double[] inputs = new double[samples * features];
        for (int k = 0; k < inputs.length; k++) {
            inputs[k] = random.nextDouble() < zeroFraction ? 0 : random.nextGaussian();
        }
        int[] labels = new int[samples];
        for (int i = 0; i < samples; i++) {
            labels[i] = random.nextInt(classes);
        }
        return Dataset.of(inputs, labels, features, classes);
    }

    private static double mean(double[] values) {
        double sum = 0;
        for (double v : values) {
            sum += v;
        }
        return sum / values.length;
    }

    private static double variance(double[] values) {
        double mean = mean(values);
        double sum = 0;
        for (double v : values) {
            sum += (v - mean) * (v - mean);
        }
        return sum / values.length;
    }
}
