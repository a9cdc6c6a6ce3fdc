package org.shiftadd.nn.bench;

import java.util.Objects;
import java.util.Random;
import org.shiftadd.nn.DenseNetwork;
import org.shiftadd.nn.Initialization;
import org.shiftadd.nn.Trainer;
import org.shiftadd.nn.TrainingConfig;
import org.shiftadd.nn.data.Dataset;

/**
 * Measures how many samples per second {@link Trainer} processes when it trains a
 * 784-300-10 network with SGD and momentum.
 *
 * <p>The run first trains for a warm-up period, so the JIT compiler has compiled the inner
 * loops, then counts the samples of whole epochs over the measured period. The trainer
 * skips inputs that are zero, so sparse data such as MNIST trains faster than the dense
 * synthetic data used when no data set is given.
 */
public final class TrainingThroughput {
    /** Layer sizes of the measured network. */
    private static final int[] LAYER_SIZES = {784, 300, 10};
    private static final int SYNTHETIC_SAMPLES = 4096;

    private TrainingThroughput() {
    }

    /**
     * The measured throughput.
     *
     * @param samplesPerSecond training samples processed per second
     * @param batchSize samples per SGD step
     * @param threads threads that did the arithmetic
     * @param seconds wall-clock time of the measured epochs, without the warm-up
     * @param samples training samples processed in that time
     * @param data description of the training data
     */
    public record Result(double samplesPerSecond, int batchSize, int threads, double seconds,
            long samples, String data) {
    }

    /**
     * Measures on dense synthetic data: 4096 samples with 784 inputs uniform in
     * {@code [0, 1)} and 10 classes.
     *
     * @param batchSize samples per SGD step, at least 1
     * @param warmupSeconds training time before the measurement starts, at least 0
     * @param measureSeconds minimum measured time; whole epochs run until it has passed
     * @return the result
     */
    public static Result measureSynthetic(int batchSize, double warmupSeconds,
            double measureSeconds) {
        return measure(syntheticData(), batchSize, warmupSeconds, measureSeconds);
    }

    /**
     * Measures on the given data.
     *
     * @param data training samples with 784 features and at most 10 classes
     * @param batchSize samples per SGD step, at least 1
     * @param warmupSeconds training time before the measurement starts, at least 0
     * @param measureSeconds minimum measured time; whole epochs run until it has passed
     * @return the result
     * @throws IllegalArgumentException if the data does not fit a 784-300-10 network or a
     *     duration is negative or not finite
     */
    public static Result measure(Dataset data, int batchSize, double warmupSeconds,
            double measureSeconds) {
        Objects.requireNonNull(data, "data");
        checkSeconds(warmupSeconds, "warm-up");
        checkSeconds(measureSeconds, "measured");
        DenseNetwork network = DenseNetwork.create(LAYER_SIZES, Initialization.HE_UNIFORM, 1);
        // A small learning rate keeps long runs on random labels from diverging.
        Trainer trainer = new Trainer(new TrainingConfig(1, batchSize, 0.001, 0.9, 1));
        runFor(trainer, network, data, warmupSeconds);
        long start = System.nanoTime();
        long samples = runFor(trainer, network, data, measureSeconds);
        double seconds = (System.nanoTime() - start) / 1e9;
        String description = data.size() + " samples, " + data.features() + " features";
        return new Result(samples / seconds, batchSize, 1, seconds, samples, description);
    }

    /** Trains whole epochs until the time has passed and returns the samples processed. */
    private static long runFor(Trainer trainer, DenseNetwork network, Dataset data,
            double seconds) {
        long end = System.nanoTime() + (long) (seconds * 1e9);
        long samples = 0;
        do {
            trainer.train(network, data);
            samples += data.size();
        } while (System.nanoTime() < end);
        return samples;
    }

    private static void checkSeconds(double seconds, String name) {
        if (!(seconds >= 0) || !Double.isFinite(seconds)) {
            throw new IllegalArgumentException("the " + name + " time must be finite and at"
                    + " least 0 seconds, found " + seconds);
        }
    }

    private static Dataset syntheticData() {
        Random random = new Random(1);
        int features = LAYER_SIZES[0];
        double[] inputs = new double[SYNTHETIC_SAMPLES * features];
        int[] labels = new int[SYNTHETIC_SAMPLES];
        for (int k = 0; k < inputs.length; k++) {
            inputs[k] = random.nextDouble();
        }
        for (int i = 0; i < labels.length; i++) {
            labels[i] = random.nextInt(LAYER_SIZES[2]);
        }
        return Dataset.of(inputs, labels, features, LAYER_SIZES[2]);
    }
}
