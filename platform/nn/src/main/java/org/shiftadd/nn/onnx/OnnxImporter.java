package org.shiftadd.nn.onnx;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.shiftadd.nn.conv.ConvNetwork;

/**
 * Imports a trained convolutional network from an ONNX model ({@code ModelProto}) of the
 * default operator set, versions 13 to 17.
 *
 * <p>The graph must lead from one image input {@code N x C x H x W}, with fixed {@code C},
 * {@code H} and {@code W}, to one logit output. Supported operators and their mapping:
 * <ul>
 *   <li>{@code Conv} to {@link org.shiftadd.nn.conv.Conv2d}: group 1, dilations 1, equal
 *       strides and the same padding on all four sides;
 *   <li>{@code BatchNormalization} to {@link org.shiftadd.nn.conv.BatchNorm2d} with the
 *       stored running statistics, inference mode only;
 *   <li>{@code Relu}, {@code GlobalAveragePool}, {@code Flatten} (axis 1), and
 *       {@code MaxPool} and {@code AveragePool} with square windows and no padding;
 *   <li>{@code Reshape} to {@code [N, -1]}, imported as {@link org.shiftadd.nn.conv.Flatten};
 *   <li>{@code Gemm} (alpha and beta 1, transB 0 or 1), and {@code MatMul} followed by
 *       the {@code Add} of a bias, to {@link org.shiftadd.nn.conv.Linear};
 *   <li>{@code Add} of two branches that start at the same tensor, followed by
 *       {@code Relu}, to {@link org.shiftadd.nn.conv.ResidualBlock}, the pattern of the
 *       ResNet basic block.
 * </ul>
 * Weights must be initializers stored in the file, in {@code raw_data} or in the typed data
 * fields, not in external files. The importer reads the data types FLOAT and DOUBLE, and
 * INT32 and INT64 for shapes; float weights are widened to {@code double} exactly.
 */
public final class OnnxImporter {
    private OnnxImporter() {
    }

    /**
     * Reads a network from an ONNX file.
     *
     * @param file path of a {@code .onnx} file
     * @return the network, with batch normalizations in evaluation mode
     * @throws IOException if the file cannot be read
     * @throws IllegalArgumentException if the file is not a valid ONNX model or uses
     *     operators, attributes or a graph structure that cannot be imported. The message
     *     lists every unsupported operator.
     */
    public static ConvNetwork read(Path file) throws IOException {
        Objects.requireNonNull(file, "file");
        try {
            return read(Files.readAllBytes(file));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Reads a network from the bytes of a serialized ONNX {@code ModelProto}.
     *
     * @param bytes the model; not modified
     * @return the network, with batch normalizations in evaluation mode
     * @throws IllegalArgumentException if the bytes are not a valid ONNX model or use
     *     operators, attributes or a graph structure that cannot be imported. The message
     *     lists every unsupported operator.
     */
    public static ConvNetwork read(byte[] bytes) {
        Objects.requireNonNull(bytes, "bytes");
        OnnxGraph graph;
        try {
            graph = OnnxParser.parse(bytes);
        } catch (IOException e) {
            // CodedInputStream reports malformed data as InvalidProtocolBufferException.
            throw new IllegalArgumentException("the bytes are not a valid ONNX model: "
                    + e.getMessage(), e);
        }
        graph = withoutPassThroughs(graph);
        OperatorCheck.check(graph);
        return GraphConverter.convert(graph);
    }

    /**
     * Removes nodes that pass their input through unchanged: {@code Identity}, which
     * exporters such as PyTorch's insert around initializers and outputs, and {@code Pad}
     * with zero padding, which PyTorch 1.13 puts in front of an average pooling. Every
     * reader of such a node's output reads its input instead. {@code Constant} nodes become
     * initializers, so that the padding can be read.
     */
    static OnnxGraph withoutPassThroughs(OnnxGraph graph) {
        Map<String, String> replaced = new HashMap<>();
        Map<String, OnnxGraph.Tensor> constants = new HashMap<>(graph.initializers());
        List<OnnxGraph.Node> kept = new ArrayList<>();
        boolean changed = false;
        for (OnnxGraph.Node node : graph.nodes()) {
            List<String> inputs = node.inputs().stream()
                    .map(name -> replaced.getOrDefault(name, name)).toList();
            boolean defaultDomain = node.domain().isEmpty() || node.domain().equals("ai.onnx");
            OnnxGraph.Attribute value = node.attributes().get("value");
            if (defaultDomain && node.opType().equals("Constant") && value != null
                    && value.t() != null && node.outputs().size() == 1) {
                constants.put(node.outputs().get(0), value.t());
                changed = true;
                continue;
            }
            if (defaultDomain && node.outputs().size() == 1
                    && (node.opType().equals("Identity") && inputs.size() == 1
                            || isZeroPad(node, inputs, constants))) {
                replaced.put(node.outputs().get(0), inputs.get(0));
                changed = true;
            } else {
                kept.add(new OnnxGraph.Node(node.name(), node.opType(), node.domain(), inputs,
                        node.outputs(), node.attributes()));
            }
        }
        if (!changed) {
            return graph;
        }
        // Every kept node and graph output already reads the replaced names, and constants
        // join the initializers.
        List<OnnxGraph.ValueInfo> outputs = graph.outputs().stream()
                .map(output -> new OnnxGraph.ValueInfo(replaced.getOrDefault(output.name(),
                        output.name()), output.dims()))
                .toList();
        return new OnnxGraph(graph.opsetVersion(), kept, constants, graph.inputs(), outputs);
    }

    /** Returns whether a node is a constant-mode {@code Pad} whose pads are all 0. */
    private static boolean isZeroPad(OnnxGraph.Node node, List<String> inputs,
            Map<String, OnnxGraph.Tensor> constants) {
        if (!node.opType().equals("Pad") || inputs.size() < 2) {
            return false;
        }
        OnnxGraph.Attribute mode = node.attributes().get("mode");
        OnnxGraph.Tensor pads = constants.get(inputs.get(1));
        return (mode == null || mode.s().equals("constant")) && pads != null
                && java.util.Arrays.stream(pads.values()).allMatch(pad -> pad == 0);
    }
}
