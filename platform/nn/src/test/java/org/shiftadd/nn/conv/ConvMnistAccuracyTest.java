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
        Dataset train = ImageShifts.withShiftedCopies(data.train(), DIGIT, MAX_SHIFT,
                new Random(101));
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
}
