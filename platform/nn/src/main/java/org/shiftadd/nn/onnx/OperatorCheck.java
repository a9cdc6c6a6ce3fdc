package org.shiftadd.nn.onnx;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.shiftadd.nn.onnx.OnnxGraph.Attribute;
import org.shiftadd.nn.onnx.OnnxGraph.Node;

/**
 * Checks every node of a graph against the operators and attribute values that the layers
 * of {@code org.shiftadd.nn.conv} can express, and reports all problems in one exception.
 */
final class OperatorCheck {
    /** The supported operators of the default domain and the attributes each may carry. */
    static final Map<String, Set<String>> SUPPORTED = Map.ofEntries(
            Map.entry("Add", Set.of()),
            Map.entry("AveragePool", Set.of("auto_pad", "ceil_mode", "count_include_pad",
                    "kernel_shape", "pads", "strides")),
            Map.entry("BatchNormalization", Set.of("epsilon", "momentum", "training_mode")),
            Map.entry("Conv", Set.of("auto_pad", "dilations", "group", "kernel_shape", "pads",
                    "strides")),
            Map.entry("Flatten", Set.of("axis")),
            Map.entry("Gemm", Set.of("alpha", "beta", "transA", "transB")),
            Map.entry("GlobalAveragePool", Set.of()),
            Map.entry("MatMul", Set.of()),
            Map.entry("MaxPool", Set.of("auto_pad", "ceil_mode", "dilations", "kernel_shape",
                    "pads", "storage_order", "strides")),
            Map.entry("Relu", Set.of()),
            Map.entry("Reshape", Set.of("allowzero")));

    private static final int FIRST_OPSET = 13;
    private static final int LAST_OPSET = 17;

    private final Set<String> unsupportedOperators = new TreeSet<>();
    private final List<String> problems = new ArrayList<>();

    private OperatorCheck() {
    }

    /**
     * Checks the operator set version, the operators and their attributes.
     *
     * @throws IllegalArgumentException listing every unsupported operator by name and every
     *     unsupported attribute value with its node
     */
    static void check(OnnxGraph graph) {
        long opset = graph.opsetVersion();
        if (opset < FIRST_OPSET || opset > LAST_OPSET) {
            throw new IllegalArgumentException("the model imports version " + opset
                    + " of the default ONNX operator set, but the importer reads versions "
                    + FIRST_OPSET + " to " + LAST_OPSET + ". Export the model again with an"
                    + " opset version in that range, for example opset_version=17 in"
                    + " torch.onnx.export.");
        }
        OperatorCheck check = new OperatorCheck();
        for (int index = 0; index < graph.nodes().size(); index++) {
            check.checkNode(graph.nodes().get(index), index);
        }
        check.throwIfAny();
    }

    private void checkNode(Node node, int index) {
        String op = node.domain().isEmpty() || node.domain().equals("ai.onnx")
                ? node.opType() : node.domain() + "." + node.opType();
        Set<String> allowed = SUPPORTED.get(op);
        if (allowed == null) {
            unsupportedOperators.add(op);
            return;
        }
        String where = node.describe(index);
        for (String name : node.attributes().keySet()) {
            if (!allowed.contains(name)) {
                problems.add(where + ": attribute '" + name + "' is not supported");
            }
        }
        switch (op) {
            case "Conv" -> checkConv(node, where);
            case "MaxPool", "AveragePool" -> checkPool(node, where);
            case "BatchNormalization" -> checkBatchNorm(node, where);
            case "Gemm" -> checkGemm(node, where);
            case "Flatten" -> expectInt(node, where, "axis", 1, 1);
            case "Reshape" -> expectInt(node, where, "allowzero", 0, 0);
            default -> {
            }
        }
    }

    private void checkConv(Node node, String where) {
        expectInt(node, where, "group", 1, 1);
        expectAll(node, where, "dilations", 1);
        checkWindow(node, where);
    }

    private void checkPool(Node node, String where) {
        if (!node.attributes().containsKey("kernel_shape")) {
            problems.add(where + ": attribute 'kernel_shape' is missing");
        } else {
            expectSquare(node, where, "kernel_shape");
        }
        expectInt(node, where, "ceil_mode", 0, 0);
        expectAll(node, where, "dilations", 1);
        if (node.opType().equals("AveragePool")) {
            expectAll(node, where, "pads", 0);
        } else {
            long[] pads = ints(node, "pads");
            long[] kernel = ints(node, "kernel_shape");
            if (pads != null && kernel != null && kernel.length > 0
                    && Arrays.stream(pads).anyMatch(pad -> pad >= kernel[0])) {
                problems.add(where + ": pads = " + Arrays.toString(pads) + " must be smaller"
                        + " than the kernel (" + kernel[0] + ")");
            }
        }
        checkWindow(node, where);
    }

    /** Checks the attributes that convolutions and pooling share. */
    private void checkWindow(Node node, String where) {
        Attribute autoPad = node.attributes().get("auto_pad");
        if (autoPad != null && !autoPad.s().equals("NOTSET") && !autoPad.s().equals("VALID")) {
            problems.add(where + ": auto_pad = " + autoPad.s() + " is not supported; export"
                    + " with explicit pads (auto_pad NOTSET)");
        }
        expectSquare(node, where, "strides");
        long[] pads = ints(node, "pads");
        if (pads != null && Arrays.stream(pads).distinct().count() > 1) {
            problems.add(where + ": pads = " + Arrays.toString(pads) + " are not supported;"
                    + " only the same padding on all four sides can be imported");
        }
    }

    private void checkBatchNorm(Node node, String where) {
        expectInt(node, where, "training_mode", 0, 0);
        Attribute epsilon = node.attributes().get("epsilon");
        if (epsilon != null && !(epsilon.f() > 0)) {
            problems.add(where + ": epsilon = " + epsilon.f() + " must be greater than 0");
        }
        Attribute momentum = node.attributes().get("momentum");
        if (momentum != null && !(momentum.f() >= 0 && momentum.f() <= 1)) {
            problems.add(where + ": momentum = " + momentum.f() + " must be in [0, 1]");
        }
    }

    private void checkGemm(Node node, String where) {
        expectInt(node, where, "transA", 0, 0);
        expectInt(node, where, "transB", 0, 1);
        for (String name : List.of("alpha", "beta")) {
            Attribute attribute = node.attributes().get(name);
            if (attribute != null && attribute.f() != 1) {
                problems.add(where + ": " + name + " = " + attribute.f() + " is not supported;"
                        + " only 1 can be imported");
            }
        }
    }

    private void expectInt(Node node, String where, String name, long min, long max) {
        Attribute attribute = node.attributes().get(name);
        if (attribute != null && (attribute.i() < min || attribute.i() > max)) {
            String expected = min == max ? "only " + min : min + " to " + max;
            problems.add(where + ": " + name + " = " + attribute.i() + " is not supported; "
                    + expected + " can be imported");
        }
    }

    private void expectAll(Node node, String where, String name, long value) {
        long[] values = ints(node, name);
        if (values != null && Arrays.stream(values).anyMatch(v -> v != value)) {
            problems.add(where + ": " + name + " = " + Arrays.toString(values) + " is not"
                    + " supported; only " + value + " in every dimension can be imported");
        }
    }

    private void expectSquare(Node node, String where, String name) {
        long[] values = ints(node, name);
        if (values != null && (values.length != 2 || values[0] != values[1])) {
            problems.add(where + ": " + name + " = " + Arrays.toString(values) + " is not"
                    + " supported; only two equal values, for rows and columns, can be"
                    + " imported");
        }
    }

    private static long[] ints(Node node, String name) {
        Attribute attribute = node.attributes().get(name);
        return attribute == null ? null : attribute.ints();
    }

    private void throwIfAny() {
        List<String> messages = new ArrayList<>();
        if (!unsupportedOperators.isEmpty()) {
            // Identity nodes are removed before this check, so they count as supported.
            Set<String> supported = new TreeSet<>(SUPPORTED.keySet());
            supported.add("Identity");
            messages.add("unsupported operators " + String.join(", ", unsupportedOperators)
                    + "; the importer supports " + String.join(", ", supported));
        }
        messages.addAll(problems);
        if (!messages.isEmpty()) {
            throw new IllegalArgumentException("the ONNX model cannot be imported: "
                    + String.join("; ", messages));
        }
    }
}
