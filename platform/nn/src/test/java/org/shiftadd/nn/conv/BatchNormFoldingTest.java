package org.shiftadd.nn.conv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.shiftadd.nn.conv.ArrayAssertions.assertAllClose;
import static org.shiftadd.nn.conv.Conv2dTest.gaussian;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.shiftadd.nn.TrainingConfig;
import org.shiftadd.nn.data.Dataset;

/** Checks that folding batch normalization into convolutions keeps evaluation outputs. */
class BatchNormFoldingTest {
    private static final double TOLERANCE = 1e-9;

    @Test
    void foldedConvolutionMatchesConvolutionThenBatchNorm() {
        Random random = new Random(1);
        ConvSpec spec = ConvSpec.square(3, 4, 3, 2, 1);
        Shape shape = new Shape(3, 9, 8);
        double[] input = gaussian(random, 2 * shape.size());
        BatchNorm2d norm = randomBatchNorm(4, random);

        for (boolean withBias : new boolean[] {false, true}) {
            double[] bias = withBias ? gaussian(random, 4) : null;
            Conv2d conv = Conv2d.of(spec, gaussian(random, spec.weightCount()), bias);

            double[] expected = norm.forward(conv.forward(input, 2, shape), 2,
                    conv.outputShape(shape));
            Conv2d folded = norm.foldInto(conv);

            assertThat(folded.hasBias()).isTrue();
            assertAllClose(folded.forward(input, 2, shape), expected, TOLERANCE,
                    "folded output, convolution with bias " + withBias);
        }
    }

    @Test
    void foldedResidualNetworkMatchesOriginal() {
        ConvNetwork network = ResNets.basicResNet(new int[] {1, 2}, new int[] {4, 6}, 3, 8, 5,
                2);
        trainBriefly(network);
        Random random = new Random(3);
        double[] images = gaussian(random, 4 * network.inputSize());

        ConvNetwork folded = network.foldBatchNorm();

        assertAllClose(folded.logits(images, 4), network.logits(images, 4), TOLERANCE,
                "logits");
        assertThat(batchNormCount(folded.layers())).isZero();
        assertThat(batchNormCount(network.layers())).isEqualTo(1 + 2 + 2 * 2 + 1);
        assertThat(folded.convolutions()).hasSameSizeAs(network.convolutions());
        assertThat(folded.convolutions()).allMatch(Conv2d::hasBias);
        assertThat(folded.parameterCount()).isLessThan(network.parameterCount());
    }

    @Test
    void batchNormAfterOtherLayerIsKept() {
        Random random = new Random(4);
        ConvNetwork network = ConvNetwork.of(new Shape(2, 4, 4), List.of(
                Conv2d.create(ConvSpec.square(2, 3, 3, 1, 1), true, random),
                new Relu(),
                randomBatchNorm(3, random),
                new GlobalAvgPool(),
                Linear.create(3, 2, random)));
        double[] images = gaussian(random, 3 * network.inputSize());

        ConvNetwork folded = network.foldBatchNorm();

        assertThat(batchNormCount(folded.layers())).isEqualTo(1);
        assertAllClose(folded.logits(images, 3), network.logits(images, 3), TOLERANCE,
                "logits");
    }

    @Test
    void foldIntoRejectsOtherChannelCount() {
        Conv2d conv = Conv2d.create(ConvSpec.square(2, 3, 3, 1, 1), false, new Random(5));

        assertThatThrownBy(() -> BatchNorm2d.create(4).foldInto(conv))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("batch normalization of 4 channels")
                .hasMessageContaining("3 output channels");
    }

    private static BatchNorm2d randomBatchNorm(int channels, Random random) {
        double[] variance = new double[channels];
        for (int c = 0; c < channels; c++) {
            variance[c] = 0.2 + random.nextDouble();
        }
        return BatchNorm2d.of(gaussian(random, channels), gaussian(random, channels),
                gaussian(random, channels), variance, BatchNorm2d.DEFAULT_EPSILON,
                BatchNorm2d.DEFAULT_MOMENTUM);
    }

    /** Trains one epoch on random data so the batch norms get non-trivial statistics. */
    private static void trainBriefly(ConvNetwork network) {
        Random random = new Random(6);
        int samples = 16;
        double[] inputs = gaussian(random, samples * network.inputSize());
        int[] labels = new int[samples];
        for (int i = 0; i < samples; i++) {
            labels[i] = random.nextInt(network.outputSize());
        }
        Dataset data = Dataset.of(inputs, labels, network.inputSize(), network.outputSize());
        new ConvTrainer(new TrainingConfig(1, 4, 0.01, 0.9, 1)).train(network, data);
    }

    private static int batchNormCount(List<Layer> layers) {
        List<Layer> all = new ArrayList<>();
        flatten(layers, all);
        return (int) all.stream().filter(layer -> layer instanceof BatchNorm2d).count();
    }

    private static void flatten(List<Layer> layers, List<Layer> target) {
        for (Layer layer : layers) {
            target.add(layer);
            if (layer instanceof ResidualBlock block) {
                flatten(block.main(), target);
                flatten(block.shortcut(), target);
            }
        }
    }
}
