package org.shiftadd.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.shiftadd.api.Matrix;
import org.shiftadd.nn.data.Dataset;

/** Compares the backward pass with central finite differences of the mean loss. */
class GradientCheckTest {
    private static final int[] SIZES = {6, 5, 4, 3};
    private static final int SAMPLES = 7;
    private static final double STEP = 1e-6;
    private static final double TOLERANCE = 1e-7;

    @Test
    void weightAndBiasGradientsMatchFiniteDifferences() {
        Random random = new Random(42);
        DenseNetwork network = DenseNetwork.create(SIZES, Initialization.HE_NORMAL, 3);
        for (int l = 0; l < network.layerCount(); l++) {
            double[] bias = new double[SIZES[l + 1]];
            for (int o = 0; o < bias.length; o++) {
                bias[o] = 0.1 * random.nextGaussian();
            }
            network.setBiasInPlace(l, bias);
        }
        Dataset batch = batch(random);

        SgdStep step = new SgdStep(network, SAMPLES);
        step.run(batch.inputs(), batch.labels(), SAMPLES, 0, 0, null);

        for (int l = 0; l < network.layerCount(); l++) {
            double[][] weightGradient = step.weightVelocity(l);
            for (int o = 0; o < SIZES[l + 1]; o++) {
                for (int k = 0; k < SIZES[l]; k++) {
                    double numeric = numericWeightGradient(network, batch, l, o, k);
                    assertThat(weightGradient[k][o])
                            .as("dL/dW[%d][%d] of layer %d", o, k, l)
                            .isCloseTo(numeric, within(TOLERANCE));
                }
                double numeric = numericBiasGradient(network, batch, l, o);
                assertThat(step.biasVelocity(l)[o])
                        .as("dL/db[%d] of layer %d", o, l)
                        .isCloseTo(numeric, within(TOLERANCE));
            }
        }
    }

    @Test
    void zeroLearningRateLeavesWeightsUnchanged() {
        Random random = new Random(7);
        DenseNetwork network = DenseNetwork.create(SIZES, Initialization.HE_UNIFORM, 5);
        DenseNetwork before = network.copy();
        Dataset batch = batch(random);

        new SgdStep(network, SAMPLES).run(batch.inputs(), batch.labels(), SAMPLES, 0, 0, null);

        for (int l = 0; l < network.layerCount(); l++) {
            assertThat(network.weights(l)).isEqualTo(before.weights(l));
            assertThat(network.bias(l)).isEqualTo(before.bias(l));
        }
    }

    /** Samples with zeros, negative and positive inputs, so the sparse paths all run. */
    private static Dataset batch(Random random) {
        double[] inputs = new double[SAMPLES * SIZES[0]];
        for (int k = 0; k < inputs.length; k++) {
            inputs[k] = random.nextInt(3) == 0 ? 0 : random.nextGaussian();
        }
        int[] labels = new int[SAMPLES];
        for (int i = 0; i < SAMPLES; i++) {
            labels[i] = random.nextInt(SIZES[SIZES.length - 1]);
        }
        return Dataset.of(inputs, labels, SIZES[0], SIZES[SIZES.length - 1]);
    }

    private static double numericWeightGradient(DenseNetwork network, Dataset batch, int layer,
            int row, int col) {
        double[] weights = network.weights(layer).toArray();
        int position = row * SIZES[layer] + col;
        double original = weights[position];
        weights[position] = original + STEP;
        double plus = lossWithWeights(network, batch, layer, weights);
        weights[position] = original - STEP;
        double minus = lossWithWeights(network, batch, layer, weights);
        return (plus - minus) / (2 * STEP);
    }

    private static double lossWithWeights(DenseNetwork network, Dataset batch, int layer,
            double[] weights) {
        List<Matrix> all = new ArrayList<>();
        for (int l = 0; l < network.layerCount(); l++) {
            all.add(l == layer ? Matrix.of(SIZES[l + 1], SIZES[l], weights) : network.weights(l));
        }
        return network.withWeights(all).meanLoss(batch);
    }

    private static double numericBiasGradient(DenseNetwork network, Dataset batch, int layer,
            int output) {
        DenseNetwork shifted = network.copy();
        double[] bias = network.bias(layer);
        double original = bias[output];
        bias[output] = original + STEP;
        shifted.setBiasInPlace(layer, bias);
        double plus = shifted.meanLoss(batch);
        bias[output] = original - STEP;
        shifted.setBiasInPlace(layer, bias);
        double minus = shifted.meanLoss(batch);
        return (plus - minus) / (2 * STEP);
    }
}
