package org.shiftadd.nn.onnx;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.shiftadd.nn.conv.AvgPool2d;
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
import org.shiftadd.nn.conv.ResidualBlock;
import org.shiftadd.nn.conv.Shape;
import org.shiftadd.nn.onnx.OnnxGraph.Attribute;
import org.shiftadd.nn.onnx.OnnxGraph.Node;
import org.shiftadd.nn.onnx.OnnxGraph.Tensor;
import org.shiftadd.nn.onnx.OnnxGraph.ValueInfo;

/**
 * Builds the layer list of a checked graph by following the data tensor from the graph
 * input to the graph output, whatever the order of the nodes in the file.
 *
 * <p>A tensor that feeds two nodes starts a residual block: both branches are followed as
 * chains until they meet in one {@code Add}, whose output must go to a {@code Relu}, as in
 * the basic block of ResNet-18 and ResNet-34. The longer branch becomes the main branch.
 */
final class GraphConverter {
    private static final float ONNX_DEFAULT_EPSILON = 1e-5f;
    private static final float ONNX_DEFAULT_MOMENTUM = 0.9f;

    private final OnnxGraph graph;
    private final Map<String, List<Node>> consumers = new HashMap<>();
    private final Map<Node, Integer> indices = new IdentityHashMap<>();
    private final Set<Node> visited = Collections.newSetFromMap(new IdentityHashMap<>());
    private long batch = -1;

    /** The layers of one node or node group and the tensor and shape after them. */
    private record Step(List<Layer> layers, String output, Shape shape) {
    }

    /** A residual branch: its layers, its last tensor and the node that joins it. */
    private record Branch(List<Layer> layers, String output, Node join) {
    }

    private GraphConverter(OnnxGraph graph) {
        this.graph = graph;
        for (int index = 0; index < graph.nodes().size(); index++) {
            Node node = graph.nodes().get(index);
            indices.put(node, index);
            for (String input : new HashSet<>(node.inputs())) {
                consumers.computeIfAbsent(input, name -> new ArrayList<>()).add(node);
            }
        }
    }

    /**
     * Converts a graph that {@link OperatorCheck} accepted.
     *
     * @throws IllegalArgumentException if the graph does not have the structure of a
     *     sequential or residual network, naming the node or tensor concerned
     */
    static ConvNetwork convert(OnnxGraph graph) {
        return new GraphConverter(graph).convert();
    }

    private ConvNetwork convert() {
        ValueInfo input = dataInput();
        Shape inputShape = inputShape(input);
        String output = dataOutput();
        List<Layer> layers = new ArrayList<>();
        String tensor = input.name();
        Shape shape = inputShape;
        while (!tensor.equals(output)) {
            List<Node> users = users(tensor);
            Step step = users.size() == 2 ? residual(tensor, users, shape)
                    : convertNode(single(tensor, users), tensor, shape);
            layers.addAll(step.layers());
            tensor = step.output();
            shape = step.shape();
        }
        checkAllVisited(input.name(), output);
        return ConvNetwork.of(inputShape, layers);
    }

    private ValueInfo dataInput() {
        List<ValueInfo> inputs = graph.inputs().stream()
                .filter(info -> !graph.initializers().containsKey(info.name())).toList();
        if (inputs.size() != 1) {
            throw new IllegalArgumentException("the graph must have exactly one input that is"
                    + " not an initializer, the image batch, found " + inputs.size() + ": "
                    + inputs.stream().map(ValueInfo::name).toList());
        }
        return inputs.get(0);
    }

    private Shape inputShape(ValueInfo input) {
        long[] dims = input.dims();
        if (dims.length != 4 || dims[1] < 1 || dims[2] < 1 || dims[3] < 1
                || dims[1] * dims[2] * dims[3] > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("graph input '" + input.name() + "' has"
                    + " dimensions " + Arrays.toString(dims) + " (-1 for symbolic); expected"
                    + " N x C x H x W with fixed C, H and W. Export with a fixed image size.");
        }
        batch = dims[0];
        return new Shape((int) dims[1], (int) dims[2], (int) dims[3]);
    }

    private String dataOutput() {
        if (graph.outputs().size() != 1) {
            throw new IllegalArgumentException("the graph must have exactly one output, the"
                    + " logits, found " + graph.outputs().size() + ": "
                    + graph.outputs().stream().map(ValueInfo::name).toList());
        }
        return graph.outputs().get(0).name();
    }

    private List<Node> users(String tensor) {
        return consumers.getOrDefault(tensor, List.of());
    }

    private Node single(String tensor, List<Node> users) {
        if (users.isEmpty()) {
            throw new IllegalArgumentException("tensor '" + tensor + "' is used by no node"
                    + " and is not the graph output; the path from the input to the output"
                    + " is broken there");
        }
        if (users.size() > 1) {
            throw new IllegalArgumentException("tensor '" + tensor + "' feeds "
                    + users.size() + " nodes " + describe(users) + "; only the input of a"
                    + " residual block may branch, into exactly 2 nodes");
        }
        return users.get(0);
    }

    private Step residual(String tensor, List<Node> users, Shape shape) {
        Branch first = branch(users.get(0), tensor, shape);
        Branch second = branch(users.get(1), tensor, shape);
        if (first.join() != second.join()) {
            throw new IllegalArgumentException("the two branches from tensor '" + tensor
                    + "' end in different nodes, " + describe(first.join()) + " and "
                    + describe(second.join()) + "; a residual block needs both to end in"
                    + " the same Add");
        }
        Node add = first.join();
        visited.add(add);
        boolean firstIsMain = first.layers().size() >= second.layers().size();
        Branch main = firstIsMain ? first : second;
        Branch shortcut = firstIsMain ? second : first;
        if (main.layers().isEmpty()) {
            throw new IllegalArgumentException(describe(add) + " adds tensor '" + tensor
                    + "' to itself; a residual block needs at least one layer in one branch");
        }
        Node relu = residualRelu(add);
        ResidualBlock block = ResidualBlock.of(main.layers(), shortcut.layers());
        return new Step(List.of(block), relu.outputs().get(0), block.outputShape(shape));
    }

    private Node residualRelu(Node add) {
        String sum = add.outputs().get(0);
        List<Node> users = users(sum);
        if (users.size() != 1 || !users.get(0).opType().equals("Relu")
                || sum.equals(dataOutput())) {
            throw new IllegalArgumentException(describe(add) + " joins a residual block, so"
                    + " its output must feed exactly one Relu node, as in the ResNet basic"
                    + " block; found " + describe(users));
        }
        visited.add(users.get(0));
        return users.get(0);
    }

    private Branch branch(Node first, String tensor, Shape shape) {
        List<Layer> layers = new ArrayList<>();
        Node node = first;
        String current = tensor;
        Shape currentShape = shape;
        while (!isJoin(node)) {
            Step step = convertNode(node, current, currentShape);
            layers.addAll(step.layers());
            current = step.output();
            currentShape = step.shape();
            List<Node> users = users(current);
            if (users.size() != 1) {
                throw new IllegalArgumentException("tensor '" + current + "' inside a"
                        + " residual branch feeds " + users.size() + " nodes "
                        + describe(users) + "; a branch must be a chain of layers that"
                        + " ends in the Add of the block");
            }
            node = users.get(0);
        }
        return new Branch(layers, current, node);
    }

    private boolean isJoin(Node node) {
        return node.opType().equals("Add") && node.inputs().size() == 2
                && node.inputs().stream().noneMatch(graph.initializers()::containsKey);
    }

    private Step convertNode(Node node, String tensor, Shape shape) {
        visited.add(node);
        try {
            if (node.inputs().isEmpty() || !node.inputs().get(0).equals(tensor)) {
                throw new IllegalArgumentException("expected the data tensor '" + tensor
                        + "' as first input, found inputs " + node.inputs());
            }
            checkUnusedOutputs(node);
            if (node.opType().equals("MatMul")) {
                return matMul(node, shape);
            }
            Layer layer = layer(node, shape);
            return new Step(List.of(layer), node.outputs().get(0), layer.outputShape(shape));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(describe(node) + ": " + e.getMessage(), e);
        }
    }

    private Layer layer(Node node, Shape shape) {
        return switch (node.opType()) {
            case "Conv" -> conv(node);
            case "BatchNormalization" -> batchNorm(node);
            case "Relu" -> new Relu();
            case "MaxPool" -> new MaxPool2d(kernel(node), stride(node),
                    (int) ints(node, "pads", new long[] {0})[0]);
            case "AveragePool" -> new AvgPool2d(kernel(node), stride(node));
            case "GlobalAveragePool" -> new GlobalAvgPool();
            case "Flatten" -> new Flatten();
            case "Reshape" -> reshape(node, shape);
            case "Gemm" -> gemm(node);
            default -> throw new IllegalArgumentException("this Add is neither the join of a"
                    + " residual block nor the bias of a MatMul");
        };
    }

    private void checkUnusedOutputs(Node node) {
        for (String output : node.outputs().subList(1, node.outputs().size())) {
            if (!output.isEmpty() && !users(output).isEmpty()) {
                throw new IllegalArgumentException("output '" + output + "' is used by "
                        + describe(users(output)) + ", but only the first output can be"
                        + " imported");
            }
        }
    }

    private Conv2d conv(Node node) {
        Tensor weights = initializer(node, 1);
        long[] dims = weights.dims();
        if (dims.length != 4) {
            throw new IllegalArgumentException("weight tensor '" + weights.name() + "' has"
                    + " dimensions " + Arrays.toString(dims) + "; expected O x C x kH x kW");
        }
        long[] kernelShape = ints(node, "kernel_shape", new long[] {dims[2], dims[3]});
        if (!Arrays.equals(kernelShape, new long[] {dims[2], dims[3]})) {
            throw new IllegalArgumentException("kernel_shape " + Arrays.toString(kernelShape)
                    + " does not match the weight dimensions " + Arrays.toString(dims));
        }
        ConvSpec spec = new ConvSpec((int) dims[1], (int) dims[0], (int) dims[2],
                (int) dims[3], stride(node), (int) ints(node, "pads", new long[] {0})[0]);
        double[] bias = node.inputs().size() > 2 && !node.inputs().get(2).isEmpty()
                ? vector(node, 2, spec.outChannels()) : null;
        return Conv2d.of(spec, weights.values(), bias);
    }

    private BatchNorm2d batchNorm(Node node) {
        Tensor scale = initializer(node, 1);
        int channels = scale.values().length;
        float epsilon = floatAttribute(node, "epsilon", ONNX_DEFAULT_EPSILON);
        // ONNX weights the running value by momentum, PyTorch and BatchNorm2d the batch value.
        float momentum = floatAttribute(node, "momentum", ONNX_DEFAULT_MOMENTUM);
        return BatchNorm2d.of(scale.values(), vector(node, 2, channels),
                vector(node, 3, channels), vector(node, 4, channels), epsilon,
                1 - (double) momentum);
    }

    private Linear gemm(Node node) {
        Tensor weights = initializer(node, 1);
        long[] dims = weights.dims();
        if (dims.length != 2) {
            throw new IllegalArgumentException("weight tensor '" + weights.name() + "' has"
                    + " dimensions " + Arrays.toString(dims) + "; expected 2");
        }
        boolean transposed = node.attributes().containsKey("transB")
                && node.attributes().get("transB").i() == 1;
        int out = (int) (transposed ? dims[0] : dims[1]);
        int in = (int) (transposed ? dims[1] : dims[0]);
        double[] rowMajor = transposed ? weights.values() : transpose(weights.values(), in, out);
        double[] bias = node.inputs().size() > 2 && !node.inputs().get(2).isEmpty()
                ? broadcast(node, 2, out) : new double[out];
        return Linear.of(in, out, rowMajor, bias);
    }

    /** Converts a MatMul, and the Add of a bias initializer after it if there is one. */
    private Step matMul(Node node, Shape shape) {
        Tensor weights = initializer(node, 1);
        long[] dims = weights.dims();
        if (dims.length != 2) {
            throw new IllegalArgumentException("weight tensor '" + weights.name() + "' has"
                    + " dimensions " + Arrays.toString(dims) + "; expected K x N");
        }
        int in = (int) dims[0];
        int out = (int) dims[1];
        String output = node.outputs().get(0);
        double[] bias = new double[out];
        List<Node> users = users(output);
        if (users.size() == 1 && isBiasAdd(users.get(0), output)) {
            Node add = users.get(0);
            visited.add(add);
            bias = broadcast(add, add.inputs().get(0).equals(output) ? 1 : 0, out);
            output = add.outputs().get(0);
        }
        Linear linear = Linear.of(in, out, transpose(weights.values(), in, out), bias);
        return new Step(List.of(linear), output, linear.outputShape(shape));
    }

    private boolean isBiasAdd(Node node, String tensor) {
        return node.opType().equals("Add") && node.inputs().size() == 2
                && node.inputs().contains(tensor)
                && node.inputs().stream().anyMatch(graph.initializers()::containsKey);
    }

    private Flatten reshape(Node node, Shape shape) {
        double[] target = initializer(node, 1).values();
        boolean batchKept = target.length == 2
                && (target[0] == 0 || (batch > 0 && target[0] == batch)
                        || (target[0] == -1 && target[1] == shape.size()));
        if (!batchKept || (target[1] != -1 && target[1] != shape.size())) {
            throw new IllegalArgumentException("target shape " + Arrays.toString(target)
                    + " is not supported; only [N, -1] or [N, " + shape.size() + "], which"
                    + " flatten every " + shape + " image, can be imported");
        }
        return new Flatten();
    }

    private Tensor initializer(Node node, int input) {
        String name = input < node.inputs().size() ? node.inputs().get(input) : "";
        Tensor tensor = graph.initializers().get(name);
        if (tensor == null) {
            throw new IllegalArgumentException("input " + input + " ('" + name + "') must be"
                    + " an initializer, a constant stored in the file; computed weights"
                    + " cannot be imported");
        }
        return tensor;
    }

    private double[] vector(Node node, int input, int length) {
        Tensor tensor = initializer(node, input);
        if (tensor.values().length != length) {
            throw new IllegalArgumentException("tensor '" + tensor.name() + "' has "
                    + tensor.values().length + " values, expected " + length);
        }
        return tensor.values();
    }

    /** Returns a bias of {@code length} values, repeating a single value if needed. */
    private double[] broadcast(Node node, int input, int length) {
        double[] values = initializer(node, input).values();
        if (values.length == 1) {
            double[] result = new double[length];
            Arrays.fill(result, values[0]);
            return result;
        }
        return vector(node, input, length);
    }

    private static double[] transpose(double[] values, int rows, int columns) {
        double[] result = new double[values.length];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < columns; c++) {
                result[c * rows + r] = values[r * columns + c];
            }
        }
        return result;
    }

    private static int kernel(Node node) {
        return (int) node.attributes().get("kernel_shape").ints()[0];
    }

    private static int stride(Node node) {
        return (int) ints(node, "strides", new long[] {1})[0];
    }

    private static long[] ints(Node node, String name, long[] absent) {
        Attribute attribute = node.attributes().get(name);
        return attribute == null || attribute.ints().length == 0 ? absent : attribute.ints();
    }

    private static float floatAttribute(Node node, String name, float absent) {
        Attribute attribute = node.attributes().get(name);
        return attribute == null ? absent : attribute.f();
    }

    private void checkAllVisited(String input, String output) {
        List<Node> unreached = graph.nodes().stream().filter(node -> !visited.contains(node))
                .toList();
        if (!unreached.isEmpty()) {
            throw new IllegalArgumentException("nodes " + describe(unreached) + " are not on"
                    + " the path from input '" + input + "' to output '" + output + "'; remove"
                    + " them before the import");
        }
    }

    private String describe(Node node) {
        return node.describe(indices.get(node));
    }

    private String describe(List<Node> nodes) {
        return nodes.stream().map(this::describe).toList().toString();
    }
}
