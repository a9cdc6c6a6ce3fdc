package org.shiftadd.nn.onnx;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Evaluates an ONNX graph node by node with direct loops: a forward pass that shares no code
 * with the importer's networks (no im2col, no folding, no layer classes), so the imported
 * network can be checked against it. Slow, and only for tests.
 */
final class ReferenceEvaluator {
    /** A dense tensor, dimensions outermost first. */
    record Tensor(int[] dims, double[] values) {
        int size(int from) {
            int size = 1;
            for (int d = from; d < dims.length; d++) {
                size *= dims[d];
            }
            return size;
        }
    }

    private final OnnxGraph graph;

    ReferenceEvaluator(byte[] model) {
        try {
            this.graph = OnnxParser.parse(model);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Returns the graph's first output for one input tensor. */
    Tensor run(Tensor input) {
        Map<String, Tensor> values = new HashMap<>();
        graph.initializers().forEach((name, tensor) -> values.put(name, new Tensor(
                Arrays.stream(tensor.dims()).mapToInt(Math::toIntExact).toArray(),
                tensor.values())));
        for (OnnxGraph.ValueInfo info : graph.inputs()) {
            if (!values.containsKey(info.name())) {
                values.put(info.name(), input);
            }
        }
        for (OnnxGraph.Node node : graph.nodes()) {
            List<Tensor> inputs = node.inputs().stream()
                    .map(name -> name.isEmpty() ? null : values.get(name)).toList();
            values.put(node.outputs().get(0), evaluate(node, inputs));
        }
        return values.get(graph.outputs().get(0).name());
    }

    private static Tensor evaluate(OnnxGraph.Node node, List<Tensor> in) {
        Map<String, OnnxGraph.Attribute> at = node.attributes();
        return switch (node.opType()) {
            case "Conv" -> conv(in.get(0), in.get(1), in.size() > 2 ? in.get(2) : null,
                    ints(at, "strides", 1, 1), ints(at, "pads", 0, 0, 0, 0));
            case "BatchNormalization" -> batchNorm(in, at.containsKey("epsilon")
                    ? at.get("epsilon").f() : 1e-5);
            case "Relu" -> map(in.get(0), x -> Math.max(0, x));
            case "Add" -> add(in.get(0), in.get(1));
            case "MaxPool" -> pool(in.get(0), ints(at, "kernel_shape"), ints(at, "strides", 1, 1),
                    ints(at, "pads", 0, 0, 0, 0), true);
            case "AveragePool" -> pool(in.get(0), ints(at, "kernel_shape"),
                    ints(at, "strides", 1, 1), ints(at, "pads", 0, 0, 0, 0), false);
            case "GlobalAveragePool" -> {
                Tensor x = in.get(0);
                yield pool(x, new int[] {x.dims()[2], x.dims()[3]}, new int[] {1, 1},
                        new int[] {0, 0, 0, 0}, false);
            }
            case "Flatten" -> new Tensor(new int[] {in.get(0).dims()[0], in.get(0).size(1)},
                    in.get(0).values());
            case "Reshape" -> reshape(in.get(0), in.get(1));
            case "Gemm" -> gemm(in.get(0), in.get(1), in.size() > 2 ? in.get(2) : null,
                    at.containsKey("transB") && at.get("transB").i() == 1);
            case "MatMul" -> gemm(in.get(0), in.get(1), null, false);
            default -> throw new IllegalArgumentException("no reference for " + node.opType());
        };
    }

    private static int[] ints(Map<String, OnnxGraph.Attribute> attributes, String name,
            int... fallback) {
        OnnxGraph.Attribute attribute = attributes.get(name);
        return attribute == null ? fallback
                : Arrays.stream(attribute.ints()).mapToInt(Math::toIntExact).toArray();
    }

    private static Tensor conv(Tensor x, Tensor w, Tensor bias, int[] strides, int[] pads) {
        int n = x.dims()[0];
        int c = x.dims()[1];
        int h = x.dims()[2];
        int wd = x.dims()[3];
        int m = w.dims()[0];
        int kh = w.dims()[2];
        int kw = w.dims()[3];
        int oh = (h + pads[0] + pads[2] - kh) / strides[0] + 1;
        int ow = (wd + pads[1] + pads[3] - kw) / strides[1] + 1;

        double[] out = new double[n * m * oh * ow];
        for (int b = 0; b < n; b++) {
            for (int o = 0; o < m; o++) {
                for (int y = 0; y < oh; y++) {
                    for (int z = 0; z < ow; z++) {
                        double sum = bias == null ? 0 : bias.values()[o];
                        for (int i = 0; i < c; i++) {
                            for (int a = 0; a < kh; a++) {
                                int row = y * strides[0] - pads[0] + a;
                                if (row < 0 || row >= h) {
                                    continue;
                                }
                                for (int e = 0; e < kw; e++) {
                                    int col = z * strides[1] - pads[1] + e;
                                    if (col >= 0 && col < wd) {
                                        sum += w.values()[((o * c + i) * kh + a) * kw + e]
                                                * x.values()[((b * c + i) * h + row) * wd + col];
                                    }
                                }
                            }
                        }
                        out[((b * m + o) * oh + y) * ow + z] = sum;
                    }
                }
            }
        }
        return new Tensor(new int[] {n, m, oh, ow}, out);
    }

    private static Tensor batchNorm(List<Tensor> in, double epsilon) {
        Tensor x = in.get(0);
        int channels = x.dims()[1];
        int plane = x.size(2);
        double[] out = new double[x.values().length];
        for (int k = 0; k < out.length; k++) {
            int ch = (k / plane) % channels;
            out[k] = in.get(1).values()[ch] * (x.values()[k] - in.get(3).values()[ch])
                    / Math.sqrt(in.get(4).values()[ch] + epsilon) + in.get(2).values()[ch];
        }
        return new Tensor(x.dims(), out);
    }

    private static Tensor map(Tensor x, java.util.function.DoubleUnaryOperator f) {
        return new Tensor(x.dims(), Arrays.stream(x.values()).map(f).toArray());
    }

    /** Elementwise sum; the second tensor may repeat along leading dimensions. */
    private static Tensor add(Tensor a, Tensor b) {
        double[] out = new double[a.values().length];
        for (int k = 0; k < out.length; k++) {
            out[k] = a.values()[k] + b.values()[k % b.values().length];
        }
        return new Tensor(a.dims(), out);
    }

    private static Tensor pool(Tensor x, int[] kernel, int[] strides, int[] pads, boolean max) {
        int n = x.dims()[0];
        int c = x.dims()[1];
        int h = x.dims()[2];
        int w = x.dims()[3];
        int oh = (h + pads[0] + pads[2] - kernel[0]) / strides[0] + 1;
        int ow = (w + pads[1] + pads[3] - kernel[1]) / strides[1] + 1;
        double[] out = new double[n * c * oh * ow];
        for (int plane = 0; plane < n * c; plane++) {
            for (int y = 0; y < oh; y++) {
                for (int z = 0; z < ow; z++) {
                    double best = Double.NEGATIVE_INFINITY;
                    double sum = 0;
                    int count = 0;
                    for (int a = 0; a < kernel[0]; a++) {
                        for (int e = 0; e < kernel[1]; e++) {
                            int row = y * strides[0] - pads[0] + a;
                            int col = z * strides[1] - pads[1] + e;
                            if (row >= 0 && row < h && col >= 0 && col < w) {
                                double value = x.values()[(plane * h + row) * w + col];
                                best = Math.max(best, value);
                                sum += value;
                                count++;
                            }
                        }
                    }
                    out[(plane * oh + y) * ow + z] = max ? best : sum / count;
                }
            }
        }
        return new Tensor(new int[] {n, c, oh, ow}, out);
    }

    private static Tensor reshape(Tensor x, Tensor shape) {
        int[] dims = Arrays.stream(shape.values()).mapToInt(v -> (int) v).toArray();
        int known = 1;
        int unknown = -1;
        for (int d = 0; d < dims.length; d++) {
            if (dims[d] == 0) {
                dims[d] = x.dims()[d];
            }
            if (dims[d] == -1) {
                unknown = d;
            } else {
                known *= dims[d];
            }
        }
        if (unknown >= 0) {
            dims[unknown] = x.values().length / known;
        }
        return new Tensor(dims, x.values());
    }

    private static Tensor gemm(Tensor a, Tensor b, Tensor bias, boolean transposeB) {
        int n = a.dims()[0];
        int k = a.dims()[1];
        int m = transposeB ? b.dims()[0] : b.dims()[1];
        double[] out = new double[n * m];
        for (int r = 0; r < n; r++) {
            for (int j = 0; j < m; j++) {
                double sum = bias == null ? 0 : bias.values()[j % bias.values().length];
                for (int i = 0; i < k; i++) {
                    double weight = transposeB ? b.values()[j * k + i] : b.values()[i * m + j];
                    sum += a.values()[r * k + i] * weight;
                }
                out[r * m + j] = sum;
            }
        }
        return new Tensor(new int[] {n, m}, out);
    }
}
