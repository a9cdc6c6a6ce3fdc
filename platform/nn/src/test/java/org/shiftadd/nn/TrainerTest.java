package org.shiftadd.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.shiftadd.nn.data.Dataset;

class TrainerTest {
    private static final int[] SIZES = {20, 16, 4};

    /** Four Gaussian clusters in 20 dimensions, with some inputs zero. */
    private static Dataset clusters(int samples, long seed) {
        Random random = new Random(seed);
        double[][] centers = new double[4][20];
        Random centerRandom = new Random(99);
        for (double[] center : centers) {
            for (int k = 0; k < 20; k++) {
                center[k] = 2 * centerRandom.nextGaussian();
            }
        }
        double[] inputs = new double[samples * 20];
        int[] labels = new int[samples];
        for (int i = 0; i < samples; i++) {
            labels[i] = random.nextInt(4);
            for (int k = 0; k < 20; k++) {
                double value = centers[labels[i]][k] + random.nextGaussian();
                inputs[i * 20 + k] = k % 3 == 0 ? Math.max(value, 0) : value;
            }
        }
        return Dataset.of(inputs, labels, 20, 4);
    }

    @Test
    void trainingLearnsClusters() {
        DenseNetwork network = DenseNetwork.create(SIZES, Initialization.HE_NORMAL, 1);
        Dataset train = clusters(500, 1);
        Dataset test = clusters(200, 2);
        double lossBefore = network.meanLoss(train);

        TrainingSummary summary = new Trainer(new TrainingConfig(5, 16, 0.05, 0.9, 1))
                .train(network, train, test);

        assertThat(network.meanLoss(train)).isLessThan(lossBefore / 4);
        assertThat(summary.testAccuracy()).hasValue(network.accuracy(test));
        assertThat(summary.testAccuracy().getAsDouble()).isGreaterThan(0.95);
        assertThat(summary.epochs()).isEqualTo(5);
        assertThat(summary.samplesPerSecond()).isPositive();
    }

    @Test
    void sameSeedGivesIdenticalWeights() {
        Dataset train = clusters(300, 1);
        TrainingConfig config = new TrainingConfig(3, 32, 0.05, 0.9, 11);

        DenseNetwork first = DenseNetwork.create(SIZES, Initialization.HE_UNIFORM, 5);
        new Trainer(config).train(first, train);
        DenseNetwork second = DenseNetwork.create(SIZES, Initialization.HE_UNIFORM, 5);
        new Trainer(config).train(second, train);

        for (int l = 0; l < first.layerCount(); l++) {
            assertThat(second.weights(l)).as("weights of layer %d", l)
                    .isEqualTo(first.weights(l));
            assertThat(second.bias(l)).as("bias of layer %d", l).isEqualTo(first.bias(l));
        }
    }

    @Test
    void otherSeedGivesOtherWeights() {
        Dataset train = clusters(300, 1);
        DenseNetwork first = DenseNetwork.create(SIZES, Initialization.HE_UNIFORM, 5);
        new Trainer(new TrainingConfig(1, 32, 0.05, 0.9, 11)).train(first, train);
        DenseNetwork second = DenseNetwork.create(SIZES, Initialization.HE_UNIFORM, 5);
        new Trainer(new TrainingConfig(1, 32, 0.05, 0.9, 12)).train(second, train);

        assertThat(second.weights(0)).isNotEqualTo(first.weights(0));
    }

    @Test
    void listenerReceivesEveryEpoch() {
        Dataset train = clusters(100, 1);
        Dataset test = clusters(50, 2);
        List<EpochProgress> events = new ArrayList<>();
        DenseNetwork network = DenseNetwork.create(SIZES, Initialization.HE_UNIFORM, 5);

        new Trainer(new TrainingConfig(3, 30, 0.05, 0.9, 1), events::add, StepHook.NONE)
                .train(network, train, test);

        assertThat(events).extracting(EpochProgress::epoch).containsExactly(1, 2, 3);
        EpochProgress last = events.get(2);
        assertThat(last.epochs()).isEqualTo(3);
        assertThat(last.meanLoss()).isPositive();
        assertThat(last.trainAccuracy()).isBetween(0.0, 1.0);
        assertThat(last.testAccuracy()).hasValue(network.accuracy(test));
        assertThat(last.samplesPerSecond()).isPositive();
    }

    @Test
    void listenerWithoutTestSetGetsNoTestAccuracy() {
        List<EpochProgress> events = new ArrayList<>();

        new Trainer(new TrainingConfig(1, 30, 0.05, 0.9, 1), events::add, StepHook.NONE)
                .train(DenseNetwork.create(SIZES, Initialization.HE_UNIFORM, 5),
                        clusters(100, 1));

        assertThat(events.get(0).testAccuracy()).isEmpty();
    }

    @Test
    void hookRunsAfterEveryStepForEveryLayer() {
        Dataset train = clusters(100, 1);
        List<String> calls = new ArrayList<>();
        StepHook hook = (layer, weights, rows, cols, learningRate) -> {
            calls.add(layer + ":" + rows + "x" + cols + ":" + weights.length + ":"
                    + learningRate);
        };

        new Trainer(new TrainingConfig(2, 40, 0.05, 0.9, 1), TrainingListener.NONE, hook)
                .train(DenseNetwork.create(SIZES, Initialization.HE_UNIFORM, 5), train);

        // 100 samples in batches of 40 take 3 steps per epoch.
        assertThat(calls).hasSize(2 * 3 * 2);
        assertThat(calls.get(0)).isEqualTo("0:16x20:320:0.05");
        assertThat(calls.get(1)).isEqualTo("1:4x16:64:0.05");
    }

    @Test
    void hookChangesReachNetwork() {
        Dataset train = clusters(100, 1);
        StepHook zeroFirstRow = (layer, weights, rows, cols, learningRate) -> {
            if (layer == 0) {
                java.util.Arrays.fill(weights, 0, cols, 0);
            }
        };
        DenseNetwork network = DenseNetwork.create(SIZES, Initialization.HE_UNIFORM, 5);

        new Trainer(new TrainingConfig(1, 40, 0.05, 0.9, 1), TrainingListener.NONE,
                zeroFirstRow).train(network, train);

        assertThat(network.weights(0).row(0)).containsOnly(0.0);
        assertThat(network.weights(0).row(1)).doesNotContain(0.0);
    }

    @Test
    void divergenceStopsWithClearMessage() {
        DenseNetwork network = DenseNetwork.create(SIZES, Initialization.HE_UNIFORM, 5);

        assertThatThrownBy(() -> new Trainer(new TrainingConfig(50, 10, 1e6, 0.9, 1))
                .train(network, clusters(100, 1)))
                .isInstanceOf(TrainingDivergedException.class)
                .hasMessageStartingWith("Training diverged in epoch ")
                .hasMessageContaining("the mini-batch loss is NaN")
                .hasMessageContaining("Lower the learning rate (now 1000000.0)");
    }

    @Test
    void nonFiniteHookResultStopsTraining() {
        StepHook poison = (layer, weights, rows, cols, learningRate) -> weights[0] = Double.NaN;
        DenseNetwork network = DenseNetwork.create(SIZES, Initialization.HE_UNIFORM, 5);

        assertThatThrownBy(() -> new Trainer(new TrainingConfig(1, 100, 0.05, 0.9, 1),
                TrainingListener.NONE, poison).train(network, clusters(100, 1)))
                .isInstanceOf(TrainingDivergedException.class)
                .hasMessageContaining("layer 0 has a weight or bias that is NaN or infinite");
    }

    @Test
    void mismatchedDataIsRejected() {
        DenseNetwork network = DenseNetwork.create(new int[] {21, 4, 4},
                Initialization.HE_UNIFORM, 5);

        assertThatThrownBy(() -> new Trainer(new TrainingConfig(1, 10, 0.05, 0.9, 1))
                .train(network, clusters(10, 1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the training set has 20 features but the network takes 21 inputs");
    }

    @Test
    void configRejectsInvalidSettings() {
        assertThatThrownBy(() -> new TrainingConfig(0, 64, 0.1, 0.9, 1))
                .hasMessageContaining("epochs must be at least 1");
        assertThatThrownBy(() -> new TrainingConfig(1, 0, 0.1, 0.9, 1))
                .hasMessageContaining("batch size must be at least 1");
        assertThatThrownBy(() -> new TrainingConfig(1, 64, Double.NaN, 0.9, 1))
                .hasMessageContaining("learning rate must be finite and greater than 0");
        assertThatThrownBy(() -> new TrainingConfig(1, 64, 0.1, 1.0, 1))
                .hasMessageContaining("momentum must be in [0, 1), found 1.0");
    }
}
