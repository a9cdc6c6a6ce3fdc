package org.shiftadd.nn;

import java.util.Objects;
import java.util.OptionalDouble;
import java.util.Random;
import org.shiftadd.nn.data.Dataset;

/**
 * Trains a {@link DenseNetwork} in place with mini-batch SGD and momentum, on one thread.
 *
 * <p>Before every epoch the sample order is shuffled with a {@link Random} seeded from
 * {@link TrainingConfig#seed()}, so two runs with the same configuration, initial network
 * and data give bit-identical weights. The loss is checked after every step and the weights
 * after every epoch: NaN or an infinity stops training with a
 * {@link TrainingDivergedException} and leaves the network as it was at that point.
 */
public final class Trainer {
    private final TrainingConfig config;
    private final TrainingListener listener;
    private final StepHook stepHook;

    /**
     * Creates a trainer that reports nothing and has no step hook.
     *
     * @param config the SGD settings
     */
    public Trainer(TrainingConfig config) {
        this(config, TrainingListener.NONE, StepHook.NONE);
    }

    /**
     * Creates a trainer.
     *
     * @param config the SGD settings
     * @param listener receives the statistics of every epoch
     * @param stepHook runs after every step for every layer; {@link StepHook#NONE} skips
     *     the copies of the weights that a hook needs
     */
    public Trainer(TrainingConfig config, TrainingListener listener, StepHook stepHook) {
        this.config = Objects.requireNonNull(config, "config");
        this.listener = Objects.requireNonNull(listener, "listener");
        this.stepHook = Objects.requireNonNull(stepHook, "stepHook");
    }

    /** Returns the SGD settings. */
    public TrainingConfig config() {
        return config;
    }

    /**
     * Trains without a test set; progress reports the training accuracy only.
     *
     * @param network the network to train in place
     * @param train the training samples
     * @return statistics of the run
     * @throws IllegalArgumentException if the data does not fit the network
     * @throws TrainingDivergedException if the loss or a weight becomes NaN or infinite
     */
    public TrainingSummary train(DenseNetwork network, Dataset train) {
        return train(network, train, null);
    }

    /**
     * Trains and measures the test accuracy after every epoch.
     *
     * @param network the network to train in place
     * @param train the training samples
     * @param test held-out samples, or null
     * @return statistics of the run
     * @throws IllegalArgumentException if the data does not fit the network
     * @throws TrainingDivergedException if the loss or a weight becomes NaN or infinite
     */
    public TrainingSummary train(DenseNetwork network, Dataset train, Dataset test) {
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

    private static void checkFits(DenseNetwork network, Dataset data, String name) {
        if (data.features() != network.inputSize()) {
            throw new IllegalArgumentException("the " + name + " set has " + data.features()
                    + " features but the network takes " + network.inputSize() + " inputs");
        }
        if (data.classes() > network.outputSize()) {
            throw new IllegalArgumentException("the " + name + " set has " + data.classes()
                    + " classes but the network has only " + network.outputSize()
                    + " outputs");
        }
    }

    /** The state that lives across the epochs of one call to {@code train}. */
    private final class Epochs {
        private final DenseNetwork network;
        private final Dataset train;
        private final SgdStep step;
        private final Random random = new Random(config.seed());
        private final int[] order;
        private final int capacity;
        private final double[] batchInputs;
        private final int[] batchLabels;

        Epochs(DenseNetwork network, Dataset train) {
            this.network = network;
            this.train = train;
            this.capacity = Math.min(config.batchSize(), train.size());
            this.step = new SgdStep(network, capacity);
            this.order = new int[train.size()];
            for (int i = 0; i < order.length; i++) {
                order[i] = i;
            }
            this.batchInputs = new double[capacity * train.features()];
            this.batchLabels = new int[capacity];
        }

        EpochProgress run(int epoch, Dataset test) {
            shuffle();
            StepHook hook = stepHook == StepHook.NONE ? null : stepHook;
            double lossSum = 0;
            long correct = 0;
            int stepNumber = 0;
            long start = System.nanoTime();
            for (int first = 0; first < order.length; first += capacity) {
                int count = Math.min(capacity, order.length - first);
                train.copyBatch(order, first, count, batchInputs, batchLabels);
                double loss = step.run(batchInputs, batchLabels, count, config.learningRate(),
                        config.momentum(), hook);
                stepNumber++;
                if (!Double.isFinite(loss)) {
                    throw diverged(epoch, stepNumber, "the mini-batch loss is " + loss);
                }
                lossSum += loss * count;
                correct += step.lastCorrect();
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            int badLayer = network.firstNonFiniteLayer();
            if (badLayer >= 0) {
                throw diverged(epoch, stepNumber, "layer " + badLayer
                        + " has a weight or bias that is NaN or infinite");
            }
            OptionalDouble testAccuracy = test == null ? OptionalDouble.empty()
                    : OptionalDouble.of(network.accuracy(test));
            return new EpochProgress(epoch, config.epochs(), lossSum / train.size(),
                    (double) correct / train.size(), testAccuracy, train.size() / seconds,
                    seconds);
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
