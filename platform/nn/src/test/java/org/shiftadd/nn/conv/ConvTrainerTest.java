package org.shiftadd.nn.conv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.shiftadd.nn.EpochProgress;
import org.shiftadd.nn.TrainingConfig;
import org.shiftadd.nn.TrainingDivergedException;
import org.shiftadd.nn.TrainingSummary;
import org.shiftadd.nn.data.Dataset;

class ConvTrainerTest {
    @Test
    void learnsWhichHalfOfTheImageIsBright() {
        ConvNetwork network = ConvNetworkTest.smallNetwork(1);
        Dataset data = halves(200, 2);
        List<EpochProgress> epochs = new ArrayList<>();

        TrainingSummary summary = new ConvTrainer(new TrainingConfig(5, 16, 0.05, 0.9, 3),
                epochs::add).train(network, data, halves(100, 4));

        assertThat(epochs).hasSize(5);
        assertThat(epochs.get(4).meanLoss()).isLessThan(epochs.get(0).meanLoss());
        assertThat(summary.testAccuracy().getAsDouble()).isEqualTo(1.0);
        assertThat(network.accuracy(halves(100, 5))).isEqualTo(1.0);
    }

    @Test
    void hookRunsPerLayerAndKeepsChanges() {
        ConvNetwork network = ConvNetworkTest.smallNetwork(1);
        List<Layer> expected = network.weightLayers();
        int[] calls = new int[expected.size()];
        // Hold input channel 1 of the convolution and input feature 0 of the linear layer
        // at zero, as pruning does.
        WeightHook hook = (index, layer, weights, rate) -> {
            assertThat(layer).isSameAs(expected.get(index));
            assertThat(rate).isEqualTo(0.05);
            calls[index]++;
            if (layer instanceof Conv2d conv) {
                int taps = conv.spec().taps();
                for (int o = 0; o < conv.spec().outChannels(); o++) {
                    java.util.Arrays.fill(weights, (o * 2 + 1) * taps, (o * 2 + 2) * taps, 0);
                }
            } else {
                Linear linear = (Linear) layer;
                for (int o = 0; o < linear.outFeatures(); o++) {
                    weights[o * linear.inFeatures()] = 0;
                }
            }
        };

        // 40 samples in batches of 16: three steps per epoch, two epochs.
        new ConvTrainer(new TrainingConfig(2, 16, 0.05, 0.9, 3), epoch -> { }, hook)
                .train(network, halves(40, 2));

        assertThat(calls).containsExactly(6, 6);
        Conv2d conv = network.convolutions().get(0);
        for (int o = 0; o < 4; o++) {
            for (int a = 0; a < 3; a++) {
                for (int b = 0; b < 3; b++) {
                    assertThat(conv.weight(o, 1, a, b)).isZero();
                    assertThat(conv.weight(o, 0, a, b)).isNotZero();
                }
            }
        }
        Linear linear = network.linears().get(0);
        for (int o = 0; o < linear.outFeatures(); o++) {
            assertThat(linear.weights()[o * 36]).isZero();
            assertThat(linear.weights()[o * 36 + 1]).isNotZero();
        }
    }

    @Test
    void lastSingleSampleJoinsThePreviousBatch() {
        // Batch norm at one position cannot normalize a single sample: 21 samples in
        // batches of 4 would leave one alone at the end.
        Random random = new Random(9);
        Shape point = new Shape(2, 1, 1);
        ConvNetwork network = ConvNetwork.of(point, List.of(
                Conv2d.create(ConvSpec.square(2, 3, 1, 1, 0), false, random),
                BatchNorm2d.create(3),
                new Relu(),
                new Flatten(),
                Linear.create(3, 2, random)));
        double[] inputs = new double[21 * 2];
        int[] labels = new int[21];
        for (int i = 0; i < 21; i++) {
            labels[i] = i % 2;
            inputs[2 * i + labels[i]] = 1;
        }
        List<EpochProgress> epochs = new ArrayList<>();

        new ConvTrainer(new TrainingConfig(2, 4, 0.05, 0.9, 1), epochs::add)
                .train(network, Dataset.of(inputs, labels, 2, 2));

        assertThat(epochs).hasSize(2);
        assertThat(epochs.get(1).meanLoss()).isFinite();
    }

    @Test
    void sameSeedGivesIdenticalWeights() {
        Dataset data = halves(40, 6);
        ConvNetwork first = ConvNetworkTest.smallNetwork(7);
        ConvNetwork second = first.copy();
        TrainingConfig config = new TrainingConfig(2, 8, 0.05, 0.9, 8);

        new ConvTrainer(config).train(first, data);
        new ConvTrainer(config).train(second, data);

        List<Parameter> a = first.parameters();
        List<Parameter> b = second.parameters();
        for (int i = 0; i < a.size(); i++) {
            assertThat(b.get(i).values).as("parameter array %d", i)
                    .containsExactly(a.get(i).values);
        }
    }

    @Test
    void hugeLearningRateDiverges() {
        ConvNetwork network = ConvNetworkTest.smallNetwork(9);

        assertThatThrownBy(() -> new ConvTrainer(new TrainingConfig(3, 8, 1e200, 0.9, 1))
                .train(network, halves(40, 10)))
                .isInstanceOf(TrainingDivergedException.class)
                .hasMessageContaining("Lower the learning rate");
    }

    @Test
    void rejectsDataThatDoesNotFit() {
        ConvNetwork network = ConvNetworkTest.smallNetwork(11);
        Dataset wrongSize = Dataset.of(new double[10], new int[] {0}, 10, 3);
        Dataset tooManyClasses = Dataset.of(new double[72], new int[] {4}, 72, 5);
        ConvTrainer trainer = new ConvTrainer(new TrainingConfig(1, 8, 0.01, 0, 1));

        assertThatThrownBy(() -> trainer.train(network, wrongSize))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("training set has 10 features")
                .hasMessageContaining("2x6x6 images of 72 values");
        assertThatThrownBy(() -> trainer.train(network, tooManyClasses))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("5 classes but the network has only 3 outputs");
    }

    /**
     * Returns 2x6x6 images of noise in which the top half (class 0) or the bottom half
     * (class 1) of both channels is brighter by 2.
     */
    private static Dataset halves(int samples, long seed) {
        Random random = new Random(seed);
        Shape shape = new Shape(2, 6, 6);
        double[] inputs = new double[samples * shape.size()];
        int[] labels = new int[samples];
        for (int i = 0; i < samples; i++) {
            labels[i] = random.nextInt(2);
            for (int c = 0; c < 2; c++) {
                for (int y = 0; y < 6; y++) {
                    boolean bright = (y < 3) == (labels[i] == 0);
                    for (int x = 0; x < 6; x++) {
                        inputs[i * shape.size() + (c * 6 + y) * 6 + x] =
                                random.nextGaussian() * 0.5 + (bright ? 2 : 0);
                    }
                }
            }
        }
        return Dataset.of(inputs, labels, shape.size(), 3);
    }
}
