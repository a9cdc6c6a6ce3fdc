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
        graph = withoutIdentities(graph);
        OperatorCheck.check(graph);
        return GraphConverter.convert(graph);
    }

    /**
     * Removes {@code Identity} nodes, which exporters such as PyTorch's insert around
     * initializers and outputs, by reading their input wherever their output is read.
     */
    static OnnxGraph withoutIdentities(OnnxGraph graph) {
        Map<String, String> replaced = new HashMap<>();
        List<OnnxGraph.Node> kept = new ArrayList<>();
        for (OnnxGraph.Node node : graph.nodes()) {
            List<String> inputs = node.inputs().stream()
                    .map(name -> replaced.getOrDefault(name, name)).toList();
            boolean identity = node.opType().equals("Identity") && node.domain().isEmpty()
                    && inputs.size() == 1 && node.outputs().size() == 1;
            if (identity) {
                replaced.put(node.outputs().get(0), inputs.get(0));
            } else {
                kept.add(new OnnxGraph.Node(node.name(), node.opType(), node.domain(), inputs,
                        node.outputs(), node.attributes()));
            }
        }
        if (replaced.isEmpty()) {
            return graph;
        }
        List<OnnxGraph.ValueInfo> outputs = graph.outputs().stream()
                .map(output -> new OnnxGraph.ValueInfo(replaced.getOrDefault(output.name(),
                        output.name()), output.dims()))
                .toList();
        Map<String, OnnxGraph.Tensor> initializers = new HashMap<>(graph.initializers());
        replaced.forEach((output, input) -> {
            if (initializers.containsKey(input)) {
                initializers.put(output, initializers.get(input));
            }
        });
        return new OnnxGraph(graph.opsetVersion(), kept, initializers, graph.inputs(),
                outputs);
    }
}
