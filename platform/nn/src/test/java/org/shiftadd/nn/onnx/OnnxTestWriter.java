package org.shiftadd.nn.onnx;

import com.google.protobuf.CodedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
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

/**
 * Writes ONNX models for the tests with {@link CodedOutputStream}, field numbers as in
 * {@code onnx/onnx.proto}. A linear layer is written after a Flatten node, which the writer
 * adds when the layer before is not a Flatten, because ONNX Gemm takes 2-D inputs.
 */
final class OnnxTestWriter {
    /** How initializers store their values. */
    enum Encoding { FLOAT_RAW, FLOAT_DATA, DOUBLE_RAW, DOUBLE_DATA }

    private final Encoding encoding;
    private final boolean matMul;
    private final List<byte[]> nodes = new ArrayList<>();
    private final List<byte[]> initializers = new ArrayList<>();
    private int counter;

    private OnnxTestWriter(Encoding encoding, boolean matMul) {
        this.encoding = encoding;
        this.matMul = matMul;
    }

    /** Serializes a network; linear layers become Gemm, or MatMul and Add. */
    static byte[] write(ConvNetwork network, Encoding encoding, boolean matMul) {
        OnnxTestWriter writer = new OnnxTestWriter(encoding, matMul);
        String output = writer.layers(network.layers(), "input");
        var shape = network.inputShape();
        return model(17, writer.nodes, writer.initializers,
                valueInfo("input", -1, shape.channels(), shape.height(), shape.width()),
                valueInfo(output, -1, network.outputSize()));
    }

    private String layers(List<Layer> layers, String input) {
        String tensor = input;
        Layer previous = null;
        for (Layer layer : layers) {
            if (layer instanceof Linear && !(previous instanceof Flatten)) {
                tensor = add("Flatten", List.of(tensor), intAttribute("axis", 1));
            }
            tensor = layer(layer, tensor);
            previous = layer;
        }
        return tensor;
    }

    private String layer(Layer layer, String tensor) {
        if (layer instanceof Conv2d conv) {
            return conv(conv, tensor);
        } else if (layer instanceof BatchNorm2d bn) {
            return add("BatchNormalization", List.of(tensor, constant(bn.gamma(), bn.channels()),
                    constant(bn.beta(), bn.channels()), constant(bn.runningMean(), bn.channels()),
                    constant(bn.runningVariance(), bn.channels())),
                    floatAttribute("epsilon", (float) bn.epsilon()),
                    floatAttribute("momentum", (float) (1 - bn.momentum())));
        } else if (layer instanceof Relu) {
            return add("Relu", List.of(tensor));
        } else if (layer instanceof MaxPool2d pool) {
            int pad = pool.padding();
            return add("MaxPool", List.of(tensor), intsAttribute("kernel_shape",
                    pool.kernelSize(), pool.kernelSize()),
                    intsAttribute("strides", pool.stride(), pool.stride()),
                    intsAttribute("pads", pad, pad, pad, pad));
        } else if (layer instanceof AvgPool2d pool) {
            return add("AveragePool", List.of(tensor), intsAttribute("kernel_shape",
                    pool.kernelSize(), pool.kernelSize()),
                    intsAttribute("strides", pool.stride(), pool.stride()));
        } else if (layer instanceof GlobalAvgPool) {
            return add("GlobalAveragePool", List.of(tensor));
        } else if (layer instanceof Flatten) {
            return add("Flatten", List.of(tensor), intAttribute("axis", 1));
        } else if (layer instanceof Linear linear) {
            return linear(linear, tensor);
        } else if (layer instanceof ResidualBlock block) {
            String main = layers(block.main(), tensor);
            String shortcut = layers(block.shortcut(), tensor);
            return add("Relu", List.of(add("Add", List.of(main, shortcut))));
        }
        throw new IllegalArgumentException("no ONNX form for " + layer);
    }

    private String conv(Conv2d conv, String tensor) {
        ConvSpec spec = conv.spec();
        List<String> inputs = new ArrayList<>(List.of(tensor, constant(conv.weights(),
                spec.outChannels(), spec.inChannels(), spec.kernelHeight(), spec.kernelWidth())));
        if (conv.hasBias()) {
            inputs.add(constant(conv.bias(), spec.outChannels()));
        }
        int p = spec.padding();
        return add("Conv", inputs,
                intsAttribute("kernel_shape", spec.kernelHeight(), spec.kernelWidth()),
                intsAttribute("strides", spec.stride(), spec.stride()),
                intsAttribute("pads", p, p, p, p), intsAttribute("dilations", 1, 1),
                intAttribute("group", 1));
    }

    private String linear(Linear linear, String tensor) {
        int in = linear.inFeatures();
        int out = linear.outFeatures();
        if (!matMul) {
            return add("Gemm", List.of(tensor, constant(linear.weights(), out, in),
                    constant(linear.bias(), out)), intAttribute("transB", 1),
                    floatAttribute("alpha", 1), floatAttribute("beta", 1));
        }
        double[] transposed = new double[in * out];
        for (int o = 0; o < out; o++) {
            for (int i = 0; i < in; i++) {
                transposed[i * out + o] = linear.weights()[o * in + i];
            }
        }
        String product = add("MatMul", List.of(tensor, constant(transposed, in, out)));
        return add("Add", List.of(product, constant(linear.bias(), out)));
    }

    private String add(String opType, List<String> inputs, byte[]... attributes) {
        String output = opType.toLowerCase() + "_" + counter++;
        nodes.add(node(output, opType, inputs, List.of(output), attributes));
        return output;
    }

    private String constant(double[] values, long... dims) {
        String name = "w" + counter++;
        initializers.add(tensor(name, encoding, values, dims));
        return name;
    }

    // Messages of onnx.proto, each returned as its serialized bytes.

    static byte[] model(long opset, List<byte[]> nodes, List<byte[]> initializers,
            byte[] input, byte[] output) {
        byte[] graph = message(out -> {
            for (byte[] node : nodes) {
                out.writeByteArray(1, node);
            }
            out.writeString(2, "test");
            for (byte[] initializer : initializers) {
                out.writeByteArray(5, initializer);
            }
            out.writeByteArray(11, input);
            out.writeByteArray(12, output);
        });
        byte[] opsetId = message(out -> {
            out.writeString(1, "");
            out.writeInt64(2, opset);
        });
        return message(out -> {
            out.writeInt64(1, 8);
            out.writeString(2, "shiftadd-test");
            out.writeByteArray(7, graph);
            out.writeByteArray(8, opsetId);
        });
    }

    static byte[] node(String name, String opType, List<String> inputs, List<String> outputs,
            byte[]... attributes) {
        return message(out -> {
            for (String input : inputs) {
                out.writeString(1, input);
            }
            for (String output : outputs) {
                out.writeString(2, output);
            }
            out.writeString(3, name);
            out.writeString(4, opType);
            for (byte[] attribute : attributes) {
                out.writeByteArray(5, attribute);
            }
        });
    }

    static byte[] intAttribute(String name, long value) {
        return message(out -> {
            out.writeString(1, name);
            out.writeInt64(3, value);
            out.writeEnum(20, 2);
        });
    }

    static byte[] floatAttribute(String name, float value) {
        return message(out -> {
            out.writeString(1, name);
            out.writeFloat(2, value);
            out.writeEnum(20, 1);
        });
    }

    /** Writes the list unpacked, one tag per value, as ONNX writers do for attributes. */
    static byte[] intsAttribute(String name, long... values) {
        return message(out -> {
            out.writeString(1, name);
            for (long value : values) {
                out.writeInt64(8, value);
            }
            out.writeEnum(20, 7);
        });
    }

    static byte[] tensor(String name, Encoding encoding, double[] values, long... dims) {
        return message(out -> {
            out.writeTag(1, 2);
            out.writeUInt32NoTag(dims.length == 0 ? 0 : varintsSize(dims));
            for (long dim : dims) {
                out.writeInt64NoTag(dim);
            }
            boolean isFloat = encoding == Encoding.FLOAT_RAW || encoding == Encoding.FLOAT_DATA;
            out.writeInt32(2, isFloat ? 1 : 11);
            out.writeString(8, name);
            switch (encoding) {
                case FLOAT_RAW, DOUBLE_RAW -> out.writeByteArray(9, raw(values, isFloat));
                case FLOAT_DATA -> {
                    out.writeTag(4, 2);
                    out.writeUInt32NoTag(4 * values.length);
                    for (double value : values) {
                        out.writeFloatNoTag((float) value);
                    }
                }
                case DOUBLE_DATA -> {
                    out.writeTag(10, 2);
                    out.writeUInt32NoTag(8 * values.length);
                    for (double value : values) {
                        out.writeDoubleNoTag(value);
                    }
                }
            }
        });
    }

    static byte[] int64Tensor(String name, long... values) {
        return message(out -> {
            out.writeInt64(1, values.length);
            out.writeInt32(2, 7);
            out.writeString(8, name);
            ByteBuffer buffer = ByteBuffer.allocate(8 * values.length)
                    .order(ByteOrder.LITTLE_ENDIAN);
            for (long value : values) {
                buffer.putLong(value);
            }
            out.writeByteArray(9, buffer.array());
        });
    }

    static byte[] valueInfo(String name, long... dims) {
        byte[] shape = message(out -> {
            for (long dim : dims) {
                byte[] dimension = message(d -> {
                    if (dim < 0) {
                        d.writeString(2, "N");
                    } else {
                        d.writeInt64(1, dim);
                    }
                });
                out.writeByteArray(1, dimension);
            }
        });
        byte[] tensorType = message(out -> {
            out.writeInt32(1, 1);
            out.writeByteArray(2, shape);
        });
        byte[] type = message(out -> out.writeByteArray(1, tensorType));
        return message(out -> {
            out.writeString(1, name);
            out.writeByteArray(2, type);
        });
    }

    private static byte[] raw(double[] values, boolean isFloat) {
        ByteBuffer buffer = ByteBuffer.allocate(values.length * (isFloat ? 4 : 8))
                .order(ByteOrder.LITTLE_ENDIAN);
        for (double value : values) {
            if (isFloat) {
                buffer.putFloat((float) value);
            } else {
                buffer.putDouble(value);
            }
        }
        return buffer.array();
    }

    private static int varintsSize(long[] values) {
        int size = 0;
        for (long value : values) {
            size += CodedOutputStream.computeInt64SizeNoTag(value);
        }
        return size;
    }

    /** Writes the fields of one message. */
    interface Fields {
        void write(CodedOutputStream out) throws IOException;
    }

    static byte[] message(Fields fields) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            CodedOutputStream out = CodedOutputStream.newInstance(bytes);
            fields.write(out);
            out.flush();
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
