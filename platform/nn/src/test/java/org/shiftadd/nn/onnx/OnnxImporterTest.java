package org.shiftadd.nn.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.shiftadd.nn.conv.BatchNorm2d;
import org.shiftadd.nn.conv.Conv2d;
import org.shiftadd.nn.conv.ConvNetwork;
import org.shiftadd.nn.conv.ConvSpec;
import org.shiftadd.nn.conv.Flatten;
import org.shiftadd.nn.conv.GlobalAvgPool;
import org.shiftadd.nn.conv.Layer;
import org.shiftadd.nn.conv.Linear;
import org.shiftadd.nn.conv.MaxPool2d;
import org.shiftadd.nn.conv.Relu;
import org.shiftadd.nn.conv.ResNets;
import org.shiftadd.nn.conv.ResidualBlock;
import org.shiftadd.nn.conv.Shape;
import org.shiftadd.nn.onnx.OnnxTestWriter.Encoding;

class OnnxImporterTest {
    private static final Shape INPUT = new Shape(3, 8, 8);

    @Test
    void smallNetworkFromFloatRawData() {
        ConvNetwork original = smallNetwork(new Random(1), true);
        ConvNetwork imported = OnnxImporter.read(
                OnnxTestWriter.write(original, Encoding.FLOAT_RAW, false));

        assertThat(layerTypes(imported)).containsExactly(Conv2d.class, BatchNorm2d.class,
                Relu.class, ResidualBlock.class, GlobalAvgPool.class, Flatten.class,
                Linear.class);
        assertThat(maxDifference(original, imported, 2)).isLessThanOrEqualTo(1e-9);
    }

    @Test
    void smallNetworkFromFloatData() {
        ConvNetwork original = smallNetwork(new Random(2), true);
        ConvNetwork imported = OnnxImporter.read(
                OnnxTestWriter.write(original, Encoding.FLOAT_DATA, false));

        assertThat(maxDifference(original, imported, 2)).isLessThanOrEqualTo(1e-9);
    }

    @Test
    void smallNetworkFromDoubleData() {
        ConvNetwork original = smallNetwork(new Random(3), false);
        for (Encoding encoding : List.of(Encoding.DOUBLE_RAW, Encoding.DOUBLE_DATA)) {
            ConvNetwork imported = OnnxImporter.read(
                    OnnxTestWriter.write(original, encoding, false));

            assertThat(maxDifference(original, imported, 2)).as(encoding.name())
                    .isLessThanOrEqualTo(1e-9);
        }
    }

    @Test
    void matMulWithBiasAddBecomesLinear() {
        ConvNetwork original = smallNetwork(new Random(4), true);
        ConvNetwork imported = OnnxImporter.read(
                OnnxTestWriter.write(original, Encoding.FLOAT_RAW, true));

        assertThat(imported.layers().get(imported.layers().size() - 1))
                .isInstanceOf(Linear.class);
        assertThat(maxDifference(original, imported, 2)).isLessThanOrEqualTo(1e-9);
    }

    @Test
    void residualBlockKeepsBranches() {
        ConvNetwork imported = OnnxImporter.read(OnnxTestWriter.write(
                smallNetwork(new Random(5), true), Encoding.FLOAT_RAW, false));
        ResidualBlock block = (ResidualBlock) imported.layers().get(3);

        assertThat(block.main()).hasSize(5);
        assertThat(block.shortcut()).hasSize(2);
        assertThat(((Conv2d) block.shortcut().get(0)).spec())
                .isEqualTo(ConvSpec.square(4, 6, 1, 2, 0));
    }

    @Test
    void resnet34RoundTrip() {
        ConvNetwork original = ResNets.resnet34(3, 64, 200, 11);
        byte[] bytes = OnnxTestWriter.write(original, Encoding.FLOAT_RAW, false);
        ConvNetwork imported = OnnxImporter.read(bytes);

        assertThat(imported.convolutions()).hasSize(original.convolutions().size());
        assertThat(imported.parameterCount()).isEqualTo(original.parameterCount());
        assertThat(maxDifference(original, imported, 1)).isLessThanOrEqualTo(1e-4);
        assertThat(referenceDifference(bytes, imported)).isLessThanOrEqualTo(1e-4);
    }

    @Test
    void importedNetworksMatchDirectEvaluationOfTheGraph() {
        for (boolean matMul : List.of(false, true)) {
            byte[] bytes = OnnxTestWriter.write(smallNetwork(new Random(6), true),
                    Encoding.FLOAT_RAW, matMul);
            assertThat(referenceDifference(bytes, OnnxImporter.read(bytes)))
                    .as("MatMul " + matMul).isLessThanOrEqualTo(1e-9);
        }
    }

    @Test
    void torchvisionStemWithPaddedMaxPool() {
        Random random = new Random(8);
        Shape input = new Shape(3, 16, 16);
        ConvNetwork original = ConvNetwork.of(input, List.of(
                Conv2d.create(ConvSpec.square(3, 4, 7, 2, 3), false, random),
                BatchNorm2d.create(4),
                new Relu(),
                new MaxPool2d(3, 2, 1),
                new GlobalAvgPool(),
                new Flatten(),
                Linear.create(4, 5, random)));
        byte[] bytes = OnnxTestWriter.write(original, Encoding.FLOAT_RAW, false);
        ConvNetwork imported = OnnxImporter.read(bytes);

        assertThat(imported.layers().get(3)).hasToString("MaxPool2d[3x3, stride 2, padding 1]");
        // The file stores float weights, so the imported network differs from the original
        // by their rounding, but not from a direct evaluation of the same file.
        assertThat(maxDifference(original, imported, 2)).isLessThanOrEqualTo(1e-6);
        assertThat(referenceDifference(bytes, imported)).isLessThanOrEqualTo(1e-9);
    }

    @Test
    void identityNodesAreBypassed() {
        OnnxGraph.Node relu = new OnnxGraph.Node("r", "Relu", "", List.of("x"), List.of("a"),
                java.util.Map.of());
        OnnxGraph.Node identity = new OnnxGraph.Node("i", "Identity", "", List.of("a"),
                List.of("b"), java.util.Map.of());
        OnnxGraph.Node flatten = new OnnxGraph.Node("f", "Flatten", "", List.of("b"),
                List.of("c"), java.util.Map.of());
        OnnxGraph.Node last = new OnnxGraph.Node("o", "Identity", "", List.of("c"),
                List.of("y"), java.util.Map.of());
        OnnxGraph graph = new OnnxGraph(13, List.of(relu, identity, flatten, last),
                java.util.Map.of(), List.of(), List.of(new OnnxGraph.ValueInfo("y",
                        new long[] {1, 4})));

        OnnxGraph bypassed = OnnxImporter.withoutPassThroughs(graph);

        assertThat(bypassed.nodes()).extracting(OnnxGraph.Node::opType)
                .containsExactly("Relu", "Flatten");
        assertThat(bypassed.nodes().get(1).inputs()).containsExactly("a");
        assertThat(bypassed.outputs().get(0).name()).isEqualTo("c");
    }

    @Test
    void zeroPadBeforeAveragePoolIsBypassed() {
        OnnxGraph.Tensor zeros = new OnnxGraph.Tensor("", new long[] {8}, new double[8]);
        OnnxGraph.Tensor ones = new OnnxGraph.Tensor("", new long[] {8},
                new double[] {0, 0, 1, 1, 0, 0, 1, 1});
        OnnxGraph.Node constant = new OnnxGraph.Node("c", "Constant", "", List.of(),
                List.of("p"), java.util.Map.of("value", new OnnxGraph.Attribute("value", 4, 0,
                        0, "", new long[0], zeros)));
        OnnxGraph.Node pad = new OnnxGraph.Node("pad", "Pad", "", List.of("x", "p"),
                List.of("a"), java.util.Map.of());
        OnnxGraph.Node pool = new OnnxGraph.Node("pool", "AveragePool", "", List.of("a"),
                List.of("y"), java.util.Map.of());
        OnnxGraph graph = new OnnxGraph(13, List.of(constant, pad, pool), java.util.Map.of(),
                List.of(), List.of(new OnnxGraph.ValueInfo("y", new long[] {1, 4})));

        OnnxGraph bypassed = OnnxImporter.withoutPassThroughs(graph);

        assertThat(bypassed.nodes()).extracting(OnnxGraph.Node::opType)
                .containsExactly("AveragePool");
        assertThat(bypassed.nodes().get(0).inputs()).containsExactly("x");

        OnnxGraph padded = new OnnxGraph(13, List.of(pad, pool), java.util.Map.of("p", ones),
                List.of(), graph.outputs());
        assertThat(OnnxImporter.withoutPassThroughs(padded).nodes())
                .extracting(OnnxGraph.Node::opType).containsExactly("Pad", "AveragePool");
    }

    /**
     * Returns the largest difference between the imported network's logits and a direct
     * node-by-node evaluation of the ONNX graph, on one random image.
     */
    private static double referenceDifference(byte[] bytes, ConvNetwork imported) {
        Shape shape = imported.inputShape();
        Random random = new Random(98);
        double[] image = new double[shape.size()];
        for (int k = 0; k < image.length; k++) {
            image[k] = random.nextGaussian();
        }
        ReferenceEvaluator.Tensor reference = new ReferenceEvaluator(bytes).run(
                new ReferenceEvaluator.Tensor(new int[] {1, shape.channels(), shape.height(),
                    shape.width()}, image));
        double[] actual = imported.logits(image, 1);
        assertThat(reference.values()).hasSameSizeAs(actual);
        double max = 0;
        for (int k = 0; k < actual.length; k++) {
            max = Math.max(max, Math.abs(reference.values()[k] - actual[k]));
        }
        return max;
    }

    @Test
    void readsFile(@TempDir Path directory) throws IOException {
        ConvNetwork original = smallNetwork(new Random(6), true);
        Path file = directory.resolve("small.onnx");
        Files.write(file, OnnxTestWriter.write(original, Encoding.FLOAT_RAW, false));

        assertThat(maxDifference(original, OnnxImporter.read(file), 1))
                .isLessThanOrEqualTo(1e-9);
    }

    @Test
    void unsupportedOperatorsNamedTogether() {
        List<byte[]> nodes = List.of(
                OnnxTestWriter.node("lstm", "LSTM", List.of("input"), List.of("a")),
                OnnxTestWriter.node("relu", "Relu", List.of("a"), List.of("b")),
                OnnxTestWriter.node("softmax", "Softmax", List.of("b"), List.of("c")));
        byte[] model = OnnxTestWriter.model(17, nodes, List.of(),
                OnnxTestWriter.valueInfo("input", 1, 3, 8, 8),
                OnnxTestWriter.valueInfo("c", 1, 10));

        assertThatThrownBy(() -> OnnxImporter.read(model))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unsupported operators LSTM, Softmax");
    }

    @Test
    void groupedConvolutionRejectedWithNodeName() {
        byte[] weights = OnnxTestWriter.tensor("w", Encoding.FLOAT_RAW, new double[8], 4, 1,
                1, 2);
        List<byte[]> nodes = List.of(OnnxTestWriter.node("grouped", "Conv",
                List.of("input", "w"), List.of("y"),
                OnnxTestWriter.intAttribute("group", 2),
                OnnxTestWriter.intsAttribute("dilations", 2, 2)));
        byte[] model = OnnxTestWriter.model(17, nodes, List.of(weights),
                OnnxTestWriter.valueInfo("input", 1, 2, 8, 8),
                OnnxTestWriter.valueInfo("y", 1, 4, 8, 8));

        assertThatThrownBy(() -> OnnxImporter.read(model))
                .hasMessageContaining("node 'grouped' (Conv): group = 2")
                .hasMessageContaining("node 'grouped' (Conv): dilations = [2, 2]");
    }

    @Test
    void reshapeToBatchByMinusOneBecomesFlatten() {
        byte[] shape = OnnxTestWriter.int64Tensor("shape", 0, -1);
        byte[] weights = OnnxTestWriter.tensor("w", Encoding.DOUBLE_RAW,
                new double[] {1, 2, 3, 4, 5, 6, 7, 8}, 2, 4);
        List<byte[]> nodes = List.of(
                OnnxTestWriter.node("flat", "Reshape", List.of("input", "shape"),
                        List.of("f")),
                OnnxTestWriter.node("fc", "Gemm", List.of("f", "w"), List.of("y"),
                        OnnxTestWriter.intAttribute("transB", 1)));
        byte[] model = OnnxTestWriter.model(13, nodes, List.of(shape, weights),
                OnnxTestWriter.valueInfo("input", -1, 1, 2, 2),
                OnnxTestWriter.valueInfo("y", -1, 2));

        ConvNetwork network = OnnxImporter.read(model);

        assertThat(layerTypes(network)).containsExactly(Flatten.class, Linear.class);
        assertThat(network.logits(new double[] {1, 1, 1, 1}, 1))
                .containsExactly(10, 26);
    }

    @Test
    void opsetOutsideRangeRejected() {
        byte[] model = OnnxTestWriter.model(12, List.of(), List.of(),
                OnnxTestWriter.valueInfo("input", 1, 3, 8, 8),
                OnnxTestWriter.valueInfo("input", 1, 3, 8, 8));

        assertThatThrownBy(() -> OnnxImporter.read(model))
                .hasMessageContaining("version 12")
                .hasMessageContaining("13 to 17");
    }

    @Test
    void malformedBytesRejected() {
        assertThatThrownBy(() -> OnnxImporter.read(new byte[] {0x3a, 0x7f, 0x01}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not a valid ONNX model");
    }

    /**
     * Builds conv, batch norm, ReLU, a basic residual block with a 1x1 stride-2 shortcut,
     * global average pooling, Flatten and Linear, with random running statistics. With
     * {@code floatValues} every parameter is a float, so float tensors store it exactly.
     */
    private static ConvNetwork smallNetwork(Random random, boolean floatValues) {
        double epsilon = floatValues ? (float) 1e-5 : 1e-5;
        List<Layer> main = List.of(conv(ConvSpec.square(4, 6, 3, 2, 1), random, floatValues),
                batchNorm(6, epsilon, random, floatValues), new Relu(),
                conv(ConvSpec.square(6, 6, 3, 1, 1), random, floatValues),
                batchNorm(6, epsilon, random, floatValues));
        List<Layer> shortcut = List.of(conv(ConvSpec.square(4, 6, 1, 2, 0), random,
                floatValues), batchNorm(6, epsilon, random, floatValues));
        List<Layer> layers = List.of(conv(ConvSpec.square(3, 4, 3, 1, 1), random, floatValues),
                batchNorm(4, epsilon, random, floatValues), new Relu(),
                ResidualBlock.of(main, shortcut), new GlobalAvgPool(), new Flatten(),
                Linear.of(6, 5, values(30, random, floatValues), values(5, random,
                        floatValues)));
        return ConvNetwork.of(INPUT, layers);
    }

    private static Conv2d conv(ConvSpec spec, Random random, boolean floatValues) {
        return Conv2d.of(spec, values(spec.weightCount(), random, floatValues),
                values(spec.outChannels(), random, floatValues));
    }

    private static BatchNorm2d batchNorm(int channels, double epsilon, Random random,
            boolean floatValues) {
        double[] variance = values(channels, random, floatValues);
        for (int c = 0; c < channels; c++) {
            variance[c] = Math.abs(variance[c]) + 0.5;
            variance[c] = floatValues ? (float) variance[c] : variance[c];
        }
        return BatchNorm2d.of(values(channels, random, floatValues),
                values(channels, random, floatValues), values(channels, random, floatValues),
                variance, epsilon, BatchNorm2d.DEFAULT_MOMENTUM);
    }

    private static double[] values(int count, Random random, boolean floatValues) {
        double[] values = new double[count];
        for (int k = 0; k < count; k++) {
            double value = random.nextGaussian() * 0.5;
            values[k] = floatValues ? (float) value : value;
        }
        return values;
    }

    private static List<Class<?>> layerTypes(ConvNetwork network) {
        return network.layers().stream().<Class<?>>map(Object::getClass).toList();
    }

    private static double maxDifference(ConvNetwork original, ConvNetwork imported,
            int images) {
        assertThat(imported.inputShape()).isEqualTo(original.inputShape());
        Random random = new Random(99);
        double[] inputs = new double[images * original.inputSize()];
        for (int k = 0; k < inputs.length; k++) {
            inputs[k] = random.nextGaussian();
        }
        double[] expected = original.logits(inputs, images);
        double[] actual = imported.logits(inputs, images);
        assertThat(actual).hasSameSizeAs(expected);
        double max = 0;
        for (int k = 0; k < expected.length; k++) {
            max = Math.max(max, Math.abs(expected[k] - actual[k]));
        }
        return max;
    }
}
