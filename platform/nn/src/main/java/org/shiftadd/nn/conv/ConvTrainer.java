package org.shiftadd.nn.conv;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.OptionalDouble;
import java.util.Random;
import org.shiftadd.nn.EpochProgress;
import org.shiftadd.nn.Losses;
import org.shiftadd.nn.TrainingConfig;
import org.shiftadd.nn.TrainingDivergedException;
import org.shiftadd.nn.TrainingListener;
import org.shiftadd.nn.TrainingSummary;
import org.shiftadd.nn.data.Dataset;

/**
 * Trains a {@link ConvNetwork} in place with mini-batch SGD and momentum on the softmax
 * cross-entropy loss, on one thread.
 *
 * <p>It follows {@link org.shiftadd.nn.Trainer}: the update of every weight, bias and
 * batch-norm scale and shift is the heavy-ball update described in {@link TrainingConfig},
 * and before every epoch the sample order is shuffled with a {@link Random} seeded from
 * {@link TrainingConfig#seed()}, so two runs with the same configuration, initial network and
 * data give bit-identical weights. Batch normalization uses the statistics of each
 * mini-batch and updates its running statistics. A NaN or infinite loss or parameter stops
 * training with a {@link TrainingDivergedException}.
 */
public final class ConvTrainer {
    private final TrainingConfig config;
    private final TrainingListener listener;
    private final WeightHook hook;

    /**
     * Creates a trainer that reports nothing.
     *
     * @param config the SGD settings
     */
    public ConvTrainer(TrainingConfig config) {
        this(config, TrainingListener.NONE);
    }

    /**
     * Creates a trainer.
     *
     * @param config the SGD settings
     * @param listener receives the statistics of every epoch
     */
    public ConvTrainer(TrainingConfig config, TrainingListener listener) {
        this(config, listener, WeightHook.NONE);
    }

    /**
     * Creates a trainer that runs a hook on the weights after every step.
     *
     * @param config the SGD settings
     * @param listener receives the statistics of every epoch
     * @param hook runs after every step, once per convolution and linear layer
     */
    public ConvTrainer(TrainingConfig config, TrainingListener listener, WeightHook hook) {
        this.config = Objects.requireNonNull(config, "config");
        this.listener = Objects.requireNonNull(listener, "listener");
        this.hook = Objects.requireNonNull(hook, "hook");
    }

    /** Returns the SGD settings. */
    public TrainingConfig config() {
        return config;
    }

    /**
     * Trains without a test set, so progress reports the training accuracy only.
     *
     * @param network the network to train in place
     * @param train the training samples, each an image in CHW order
     * @return statistics of the run
     * @throws IllegalArgumentException if the data does not fit the network
     * @throws TrainingDivergedException if the loss or a parameter becomes NaN or infinite
     */
    public TrainingSummary train(ConvNetwork network, Dataset train) {
        return train(network, train, null);
    }

    /**
     * Trains and measures the test accuracy after every epoch.
     *
     * @param network the network to train in place
     * @param train the training samples, each an image in CHW order
     * @param test held-out samples, or null
     * @return statistics of the run
     * @throws IllegalArgumentException if the data does not fit the network
     * @throws TrainingDivergedException if the loss or a parameter becomes NaN or infinite
     */
    public TrainingSummary train(ConvNetwork network, Dataset train, Dataset test) {
        Objects.requireNonNull(network, "network");
        Objects.requireNonNull(train, "train");
        checkFits(network, train, "training");
        if (test != null) {
            checkFits(network, test, "test");
        }
        if (train.size() == 0) {
            throw new IllegalArgumentException("the training set is empty");
        }
        Epochs epochs = new Epochs(network, train);
        EpochProgress last = null;
        double seconds = 0;
        for (int epoch = 1; epoch <= config.epochs(); epoch++) {
            last = epochs.run(epoch, test);
            seconds += last.seconds();
            listener.epochFinished(last);
        }
        double samples = (double) train.size() * config.epochs();
        return new TrainingSummary(config.epochs(), last.meanLoss(), last.trainAccuracy(),
                last.testAccuracy(), samples / seconds, seconds);
    }

    private static void checkFits(ConvNetwork network, Dataset data, String name) {
        network.checkFeatures(data, name);
        if (data.classes() > network.outputSize()) {
            throw new IllegalArgumentException("the " + name + " set has " + data.classes()
                    + " classes but the network has only " + network.outputSize()
                    + " outputs");
        }
    }

    /** The state that lives across the epochs of one call to {@code train}. */
    private final class Epochs {
        private final ConvNetwork network;
        private final Dataset train;
        private final List<Parameter> parameters;
        private final List<Layer> weightLayers;
        private final double[][] velocities;
        private final Random random = new Random(config.seed());
        private final int[] order;
        private final int capacity;
        private final double[] batchInputs;
        private final int[] batchLabels;
        private int lastCorrect;

        Epochs(ConvNetwork network, Dataset train) {
            this.network = network;
            this.train = train;
            this.parameters = network.parameters();
            this.weightLayers = network.weightLayers();
            this.velocities = new double[parameters.size()][];
            for (int i = 0; i < velocities.length; i++) {
                velocities[i] = new double[parameters.get(i).values.length];
            }
            this.capacity = Math.min(config.batchSize(), train.size());
            this.order = new int[train.size()];
            for (int i = 0; i < order.length; i++) {
                order[i] = i;
            }
            // One more than a batch: a last batch of one sample joins the batch before it,
            // because batch norm cannot normalize a single sample at a 1x1 position.
            this.batchInputs = new double[(capacity + 1) * train.features()];
            this.batchLabels = new int[capacity + 1];
        }

        EpochProgress run(int epoch, Dataset test) {
            shuffle();
            double lossSum = 0;
            long correct = 0;
            int stepNumber = 0;
            long start = System.nanoTime();
            for (int first = 0; first < order.length; ) {
                int count = Math.min(capacity, order.length - first);
                if (order.length - first - count == 1 && capacity > 1) {
                    count++;
                }
                train.copyBatch(order, first, count, batchInputs, batchLabels);
                first += count;
                double[] inputs = count * train.features() == batchInputs.length ? batchInputs
                        : Arrays.copyOf(batchInputs, count * train.features());
                double loss = step(inputs, count);
                stepNumber++;
                if (!Double.isFinite(loss)) {
                    throw diverged(epoch, stepNumber, "the mini-batch loss is " + loss);
                }
                lossSum += loss * count;
                correct += lastCorrect;
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            int bad = firstNonFiniteParameter();
            if (bad >= 0) {
                throw diverged(epoch, stepNumber, "a weight, bias or batch-norm parameter is"
                        + " NaN or infinite (parameter array " + bad + " of "
                        + parameters.size() + " in forward order)");
            }
            OptionalDouble testAccuracy = test == null ? OptionalDouble.empty()
                    : OptionalDouble.of(network.accuracy(test));
            return new EpochProgress(epoch, config.epochs(), lossSum / train.size(),
                    (double) correct / train.size(), testAccuracy, train.size() / seconds,
                    seconds);
        }

        /** Runs forward, backward and the update on one mini-batch and returns its mean loss. */
        private double step(double[] inputs, int count) {
            for (Parameter parameter : parameters) {
                parameter.zeroGradient();
            }
            double[] logits = network.forwardTraining(inputs, count);
            int classes = network.outputSize();
            double[] gradient = new double[logits.length];
            double[] sample = new double[classes];
            double[] sampleGradient = new double[classes];
            double loss = 0;
            int correct = 0;
            for (int j = 0; j < count; j++) {
                System.arraycopy(logits, j * classes, sample, 0, classes);
                if (Losses.argmax(sample, 0, classes) == batchLabels[j]) {
                    correct++;
                }
                loss += Losses.crossEntropyGradient(sample, classes, batchLabels[j],
                        1.0 / count, sampleGradient);
                System.arraycopy(sampleGradient, 0, gradient, j * classes, classes);
            }
            lastCorrect = correct;
            network.backward(gradient);
            update();
            return loss / count;
        }

        private void update() {
            double learningRate = config.learningRate();
            double momentum = config.momentum();
            for (int i = 0; i < velocities.length; i++) {
                double[] values = parameters.get(i).values;
                double[] gradient = parameters.get(i).gradient();
                double[] velocity = velocities[i];
                for (int k = 0; k < values.length; k++) {
                    velocity[k] = momentum * velocity[k] + gradient[k];
                    values[k] -= learningRate * velocity[k];
                }
            }
            for (int i = 0; i < weightLayers.size(); i++) {
                Layer layer = weightLayers.get(i);
                Parameter weights = layer instanceof Conv2d conv ? conv.weightParameter()
                        : ((Linear) layer).weightParameter();
                hook.afterStep(i, layer, weights.values, learningRate);
            }
        }

        private int firstNonFiniteParameter() {
            for (int i = 0; i < parameters.size(); i++) {
                for (double value : parameters.get(i).values) {
                    if (!Double.isFinite(value)) {
                        return i;
                    }
                }
            }
            return -1;
        }

        /** Fisher-Yates shuffle, continuing from the previous epoch's order. */
        private void shuffle() {
            for (int i = order.length - 1; i > 0; i--) {
                int j = random.nextInt(i + 1);
                int swap = order[i];
                order[i] = order[j];
                order[j] = swap;
            }
        }

        private TrainingDivergedException diverged(int epoch, int stepNumber, String problem) {
            return new TrainingDivergedException("Training diverged in epoch " + epoch
                    + ", step " + stepNumber + ": " + problem + ". Lower the learning rate (now "
                    + config.learningRate() + ") or the momentum (now " + config.momentum()
                    + ").");
        }
    }
}
