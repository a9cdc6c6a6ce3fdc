package org.shiftadd.nn.conv;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.shiftadd.nn.TrainingConfig;
import org.shiftadd.nn.data.Dataset;
import org.shiftadd.nn.data.DatasetPair;
import org.shiftadd.nn.data.IdxDatasets;

/**
 * Trains a small CNN on the built-in MNIST sample of 8,000 training and 2,000 test digits.
 *
 * <p>The training set is doubled with a copy of every digit shifted by up to 2 pixels, and
 * training runs 4 epochs at learning rate 0.02, then 2 at 0.002. Without the shifted copies,
 * 6 epochs at 0.02 and 2 at 0.002 reached 96.7 % to 97.6 % test accuracy over weight seeds
 * 1 to 3, too close to the 97 % this test requires.
 */
class ConvMnistAccuracyTest {
    private static final Shape DIGIT = new Shape(1, 28, 28);
    private static final int MAX_SHIFT = 2;

    @Test
    void smallCnnReachesNinetySevenPercent() {
        DatasetPair data = IdxDatasets.loadDirectory(Path.of("../../distribution/data/mnist"));
        Dataset train = withShiftedCopies(data.train(), new Random(101));
        ConvNetwork network = smallCnn(new Random(1));

        new ConvTrainer(new TrainingConfig(4, 32, 0.02, 0.9, 1)).train(network, train);
        new ConvTrainer(new TrainingConfig(2, 32, 0.002, 0.9, 2)).train(network, train);

        assertThat(network.accuracy(data.test())).isGreaterThanOrEqualTo(0.97);
    }

    /** Convolution 1->8 3x3, ReLU, max pool 2, convolution 8->16 3x3, ReLU, max pool 2, linear. */
    private static ConvNetwork smallCnn(Random random) {
        return ConvNetwork.of(DIGIT, List.of(
                Conv2d.create(ConvSpec.square(1, 8, 3, 1, 1), true, random),
                new Relu(),
                new MaxPool2d(2, 2),
                Conv2d.create(ConvSpec.square(8, 16, 3, 1, 1), true, random),
                new Relu(),
                new MaxPool2d(2, 2),
                new Flatten(),
                Linear.create(16 * 7 * 7, 10, random)));
    }

    /**
     * Returns the samples followed by a copy of each moved by a random whole number of
     * pixels in {@code [-MAX_SHIFT, MAX_SHIFT]} in both directions, filled with 0.
     */
    private static Dataset withShiftedCopies(Dataset data, Random random) {
        int size = DIGIT.size();
        int count = data.size();
        double[] original = data.inputs();
        double[] inputs = new double[2 * original.length];
        System.arraycopy(original, 0, inputs, 0, original.length);
        int[] labels = new int[2 * count];
        for (int i = 0; i < count; i++) {
            labels[i] = data.label(i);
            labels[count + i] = data.label(i);
            int dx = random.nextInt(2 * MAX_SHIFT + 1) - MAX_SHIFT;
            int dy = random.nextInt(2 * MAX_SHIFT + 1) - MAX_SHIFT;
            shift(original, i * size, inputs, (count + i) * size, dx, dy);
        }
        return Dataset.of(inputs, labels, size, data.classes());
    }

    private static void shift(double[] source, int from, double[] target, int to, int dx,
            int dy) {
        for (int y = 0; y < DIGIT.height(); y++) {
            int sourceY = y - dy;
            for (int x = 0; x < DIGIT.width(); x++) {
                int sourceX = x - dx;
                boolean inside = sourceY >= 0 && sourceY < DIGIT.height() && sourceX >= 0
                        && sourceX < DIGIT.width();
                target[to + y * DIGIT.width() + x] = inside
                        ? source[from + sourceY * DIGIT.width() + sourceX] : 0;
            }
        }
    }
}
