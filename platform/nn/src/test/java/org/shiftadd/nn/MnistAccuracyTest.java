package org.shiftadd.nn;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.shiftadd.nn.data.DatasetPair;
import org.shiftadd.nn.data.IdxDatasets;

/** Trains on the built-in MNIST sample with the tuned settings, in a few seconds. */
class MnistAccuracyTest {
    @Test
    void builtInSampleReachesNinetyFivePercent() {
        DatasetPair data = IdxDatasets.loadDirectory(Path.of("../../distribution/data/mnist"));
        DenseNetwork network = DenseNetwork.create(new int[] {784, 300, 10},
                Initialization.HE_NORMAL, 1);

        TrainingSummary summary = new Trainer(TrainingConfig.forBuiltInMnist())
                .train(network, data.train(), data.test());

        assertThat(summary.testAccuracy().getAsDouble()).isGreaterThanOrEqualTo(0.95);
        assertThat(network.accuracy(data.test())).isGreaterThanOrEqualTo(0.95);
    }
}
