package org.shiftadd.nn.conv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.shiftadd.nn.conv.Conv2dTest.gaussian;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.shiftadd.nn.Evaluation;
import org.shiftadd.nn.data.Dataset;

class ConvNetworkTest {
    private static final Shape INPUT = new Shape(2, 6, 6);
    private static final int CLASSES = 3;

    @Test
    void parameterCountAddsEveryLayer() {
        ConvNetwork network = smallNetwork(1);

        // Convolution 2->4 3x3 with bias, batch norm of 4, linear 4*3*3 -> 3.
        assertThat(network.parameterCount()).isEqualTo(4 * 2 * 9 + 4 + 2 * 4 + 36 * 3 + 3);
        assertThat(network.outputSize()).isEqualTo(CLASSES);
        assertThat(network.inputSize()).isEqualTo(72);
        assertThat(network.shapes()).containsExactly(INPUT, new Shape(4, 6, 6),
                new Shape(4, 6, 6), new Shape(4, 6, 6), new Shape(4, 3, 3), Shape.vector(36),
                Shape.vector(CLASSES));
    }

    @Test
    void predictIsArgmaxOfLogits() {
        ConvNetwork network = smallNetwork(2);
        double[] images = gaussian(new Random(3), 5 * network.inputSize());

        double[] logits = network.logits(images, 5);
        int[] predictions = network.predict(images, 5);

        for (int j = 0; j < 5; j++) {
            for (int o = 0; o < CLASSES; o++) {
                assertThat(logits[j * CLASSES + o]).as("logit %d of image %d", o, j)
                        .isLessThanOrEqualTo(logits[j * CLASSES + predictions[j]]);
            }
        }
    }

    @Test
    void datasetEvaluationSpansSeveralChunks() {
        ConvNetwork network = smallNetwork(4);
        Random random = new Random(5);
        int samples = 150;
        double[] images = gaussian(random, samples * network.inputSize());
        int[] labels = new int[samples];
        for (int i = 0; i < samples; i++) {
            labels[i] = random.nextInt(CLASSES);
        }
        Dataset data = Dataset.of(images, labels, network.inputSize(), CLASSES);

        int[] predictions = network.predict(data);
        Evaluation evaluation = network.evaluate(data);

        assertThat(predictions).containsExactly(network.predict(images, samples));
        long correct = 0;
        for (int i = 0; i < samples; i++) {
            correct += predictions[i] == labels[i] ? 1 : 0;
        }
        assertThat(evaluation.accuracy()).isEqualTo((double) correct / samples);
        assertThat(network.accuracy(data)).isEqualTo(evaluation.accuracy());
        assertThat(evaluation.meanLoss()).isGreaterThan(0);
    }

    @Test
    void weightLayersInForwardOrder() {
        Random random = new Random(6);
        ResidualBlock block = ResidualBlock.basic(4, 5, 2, random);
        ConvNetwork network = ConvNetwork.of(INPUT, List.of(
                Conv2d.create(ConvSpec.square(2, 4, 3, 1, 1), false, random),
                block,
                new GlobalAvgPool(),
                Linear.create(5, CLASSES, random)));

        List<Conv2d> convolutions = network.convolutions();

        assertThat(convolutions).hasSize(4);
        assertThat(convolutions.get(1)).isSameAs(block.main().get(0));
        assertThat(convolutions.get(2)).isSameAs(block.main().get(3));
        assertThat(convolutions.get(3)).isSameAs(block.shortcut().get(0));
        assertThat(network.linears()).hasSize(1);
    }

    @Test
    void weightLayerInputsFollowTheBranches() {
        Random random = new Random(7);
        ResidualBlock block = ResidualBlock.basic(4, 5, 2, random);
        ConvNetwork network = ConvNetwork.of(INPUT, List.of(
                Conv2d.create(ConvSpec.square(2, 4, 3, 1, 1), false, random),
                block,
                new GlobalAvgPool(),
                Linear.create(5, CLASSES, random)));

        // The block's second convolution reads the stride-2 output, and the shortcut reads
        // the block's input.
        assertThat(network.weightLayerInputs()).containsExactly(INPUT, new Shape(4, 6, 6),
                new Shape(5, 3, 3), new Shape(4, 6, 6), Shape.vector(5));
        assertThat(network.weightLayers()).hasSize(5);
    }

    @Test
    void withWeightsReplacesOnlyTheWeights() {
        ConvNetwork network = smallNetwork(12);
        List<Layer> layers = network.weightLayers();
        double[] convWeights = new double[((Conv2d) layers.get(0)).weights().length];
        convWeights[0] = 1;
        double[] linearWeights = ((Linear) layers.get(1)).weights();

        ConvNetwork changed = network.withWeights(List.of(convWeights, linearWeights));

        assertThat(((Conv2d) changed.weightLayers().get(0)).weights())
                .containsExactly(convWeights);
        assertThat(((Conv2d) changed.weightLayers().get(0)).bias())
                .containsExactly(((Conv2d) layers.get(0)).bias());
        assertThat(((Conv2d) network.weightLayers().get(0)).weights()[1]).isNotZero();
        assertThatThrownBy(() -> network.withWeights(List.of(convWeights)))
                .hasMessageContaining("has 2 weight layers, found 1 weight arrays");
        assertThatThrownBy(() -> network.withWeights(List.of(linearWeights, linearWeights)))
                .hasMessageContaining("weight layer 0")
                .hasMessageContaining("has 72 weights, found 108");
    }

    @Test
    void copyIsIndependentOfTraining() {
        ConvNetwork network = smallNetwork(7);
        ConvNetwork copy = network.copy();
        double[] images = gaussian(new Random(8), 2 * network.inputSize());
        double[] before = network.logits(images, 2);

        copy.parameters().get(0).values[0] += 1;

        assertThat(network.logits(images, 2)).containsExactly(before);
        assertThat(copy.logits(images, 2)).isNotEqualTo(before);
    }

    @Test
    void invalidLayerListsAreRejected() {
        Random random = new Random(9);

        assertThatThrownBy(() -> ConvNetwork.of(INPUT, List.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least one layer");
        assertThatThrownBy(() -> ConvNetwork.of(INPUT, List.of(new Relu())))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("found 2x6x6")
                .hasMessageContaining("End the network with Flatten or GlobalAvgPool");
        assertThatThrownBy(() -> ConvNetwork.of(INPUT, List.of(new Flatten(),
                Linear.create(71, CLASSES, random))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("layer 1 (Linear[71 -> 3])")
                .hasMessageContaining("Put a Flatten or a GlobalAvgPool before it");
        assertThatThrownBy(() -> ResidualBlock.of(List.of(
                Conv2d.create(ConvSpec.square(2, 3, 3, 1, 1), false, random)), List.of())
                .outputShape(INPUT))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("into 3x6x6 but the shortcut into 2x6x6");
    }

    @Test
    void sharedLayerInstanceIsRejected() {
        Random random = new Random(12);
        Relu relu = new Relu();
        Conv2d conv = Conv2d.create(ConvSpec.square(2, 2, 3, 1, 1), false, random);

        assertThatThrownBy(() -> ConvNetwork.of(INPUT, List.of(relu, new Flatten(), relu,
                Linear.create(72, CLASSES, random))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("the layer Relu occurs more than once in the network");
        assertThatThrownBy(() -> ConvNetwork.of(INPUT, List.of(conv,
                ResidualBlock.of(List.of(conv), List.of()), new GlobalAvgPool(),
                Linear.create(2, CLASSES, random))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("occurs more than once in the network");
        assertThatThrownBy(() -> ResidualBlock.of(List.of(relu), List.of(relu)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("occurs more than once in the residual block");
    }

    @Test
    void logitsRejectWrongInputLength() {
        ConvNetwork network = smallNetwork(10);

        assertThatThrownBy(() -> network.logits(new double[71], 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("need 72 values, found 71");
    }

    @Test
    void evaluationOfEmptyDatasetIsNotANumber() {
        ConvNetwork network = smallNetwork(11);
        Dataset empty = Dataset.of(new double[0], new int[0], network.inputSize(), CLASSES);

        assertThat(network.evaluate(empty).accuracy()).isNaN();
        assertThat(network.meanLoss(empty)).isCloseTo(Double.NaN, within(0.0));
    }

    /** Convolution, batch norm, ReLU, max pooling, flatten and a linear classifier. */
    static ConvNetwork smallNetwork(long seed) {
        Random random = new Random(seed);
        return ConvNetwork.of(INPUT, List.of(
                Conv2d.create(ConvSpec.square(2, 4, 3, 1, 1), true, random),
                BatchNorm2d.create(4),
                new Relu(),
                new MaxPool2d(2, 2),
                new Flatten(),
                Linear.create(36, CLASSES, random)));
    }
}
