package org.shiftadd.nn.onnx;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedInputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.WireFormat;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.shiftadd.nn.onnx.OnnxGraph.Attribute;
import org.shiftadd.nn.onnx.OnnxGraph.Node;
import org.shiftadd.nn.onnx.OnnxGraph.Tensor;
import org.shiftadd.nn.onnx.OnnxGraph.ValueInfo;

/**
 * Reads an ONNX {@code ModelProto} field by field. Field numbers are those of
 * {@code onnx/onnx.proto} in the ONNX repository; fields that the importer does not use are
 * skipped.
 */
final class OnnxParser {
    private static final int FLOAT = 1;
    private static final int INT32 = 6;
    private static final int INT64 = 7;
    private static final int DOUBLE = 11;
    private static final int EXTERNAL_LOCATION = 1;

    private long opsetVersion = -1;
    private final List<Node> nodes = new ArrayList<>();
    private final Map<String, Tensor> initializers = new LinkedHashMap<>();
    private final List<ValueInfo> inputs = new ArrayList<>();
    private final List<ValueInfo> outputs = new ArrayList<>();

    private OnnxParser() {
    }

    /**
     * Parses a serialized {@code ModelProto}.
     *
     * @throws InvalidProtocolBufferException if the bytes are not a valid protobuf message
     * @throws IllegalArgumentException if a tensor has an unsupported data type, external
     *     data or a value count that does not match its dimensions
     */
    static OnnxGraph parse(byte[] bytes) throws IOException {
        OnnxParser parser = new OnnxParser();
        parser.model(CodedInputStream.newInstance(bytes));
        return new OnnxGraph(parser.opsetVersion, List.copyOf(parser.nodes),
                parser.initializers, List.copyOf(parser.inputs), List.copyOf(parser.outputs));
    }

    private void model(CodedInputStream in) throws IOException {
        while (!in.isAtEnd()) {
            int tag = in.readTag();
            switch (WireFormat.getTagFieldNumber(tag)) {
                case 7 -> graph(in, enter(in, tag));
                case 8 -> opsetImport(in, enter(in, tag));
                default -> in.skipField(tag);
            }
        }
    }

    private void opsetImport(CodedInputStream in, int outerLimit) throws IOException {
        String domain = "";
        long version = -1;
        while (!in.isAtEnd()) {
            int tag = in.readTag();
            switch (WireFormat.getTagFieldNumber(tag)) {
                case 1 -> domain = in.readStringRequireUtf8();
                case 2 -> version = in.readInt64();
                default -> in.skipField(tag);
            }
        }
        in.popLimit(outerLimit);
        if (domain.isEmpty() || domain.equals("ai.onnx")) {
            opsetVersion = version;
        }
    }

    private void graph(CodedInputStream in, int outerLimit) throws IOException {
        while (!in.isAtEnd()) {
            int tag = in.readTag();
            switch (WireFormat.getTagFieldNumber(tag)) {
                case 1 -> nodes.add(node(in, enter(in, tag)));
                case 5 -> {
                    Tensor tensor = tensor(in, enter(in, tag));
                    initializers.put(tensor.name(), tensor);
                }
                case 11 -> inputs.add(valueInfo(in, enter(in, tag)));
                case 12 -> outputs.add(valueInfo(in, enter(in, tag)));
                default -> in.skipField(tag);
            }
        }
        in.popLimit(outerLimit);
    }

    private static Node node(CodedInputStream in, int outerLimit) throws IOException {
        List<String> nodeInputs = new ArrayList<>();
        List<String> nodeOutputs = new ArrayList<>();
        Map<String, Attribute> attributes = new LinkedHashMap<>();
        String name = "";
        String opType = "";
        String domain = "";
        while (!in.isAtEnd()) {
            int tag = in.readTag();
            switch (WireFormat.getTagFieldNumber(tag)) {
                case 1 -> nodeInputs.add(in.readStringRequireUtf8());
                case 2 -> nodeOutputs.add(in.readStringRequireUtf8());
                case 3 -> name = in.readStringRequireUtf8();
                case 4 -> opType = in.readStringRequireUtf8();
                case 5 -> {
                    Attribute attribute = attribute(in, enter(in, tag));
                    attributes.put(attribute.name(), attribute);
                }
                case 7 -> domain = in.readStringRequireUtf8();
                default -> in.skipField(tag);
            }
        }
        in.popLimit(outerLimit);
        return new Node(name, opType, domain, List.copyOf(nodeInputs), List.copyOf(nodeOutputs),
                attributes);
    }

    private static Attribute attribute(CodedInputStream in, int outerLimit) throws IOException {
        String name = "";
        int type = 0;
        float f = 0;
        long i = 0;
        String s = "";
        LongList ints = new LongList();
        Tensor t = null;
        while (!in.isAtEnd()) {
            int tag = in.readTag();
            switch (WireFormat.getTagFieldNumber(tag)) {
                case 1 -> name = in.readStringRequireUtf8();
                case 2 -> f = in.readFloat();
                case 5 -> t = tensor(in, enter(in, tag));
                case 3 -> i = in.readInt64();
                case 4 -> s = in.readBytes().toString(StandardCharsets.UTF_8);
                case 8 -> readInt64s(in, tag, ints);
                case 20 -> type = in.readEnum();
                default -> in.skipField(tag);
            }
        }
        in.popLimit(outerLimit);
        return new Attribute(name, type, f, i, s, ints.toArray(), t);
    }

    private static Tensor tensor(CodedInputStream in, int outerLimit) throws IOException {
        String name = "";
        int dataType = 0;
        int location = 0;
        boolean external = false;
        LongList dims = new LongList();
        DoubleList values = new DoubleList();
        ByteString raw = null;
        while (!in.isAtEnd()) {
            int tag = in.readTag();
            switch (WireFormat.getTagFieldNumber(tag)) {
                case 1 -> readInt64s(in, tag, dims);
                case 2 -> dataType = in.readInt32();
                case 4 -> readFloats(in, tag, values);
                case 5, 7 -> readIntegers(in, tag, values);
                case 8 -> name = in.readStringRequireUtf8();
                case 9 -> raw = in.readBytes();
                case 10 -> readDoubles(in, tag, values);
                case 13 -> {
                    external = true;
                    in.skipField(tag);
                }
                case 14 -> location = in.readEnum();
                default -> in.skipField(tag);
            }
        }
        in.popLimit(outerLimit);

        if (external || location == EXTERNAL_LOCATION) {
            throw new IllegalArgumentException("tensor '" + name + "' keeps its data in an"
                    + " external file, which the importer does not read. Save the model with"
                    + " all tensors inside the file, for example with onnx.save_model(model,"
                    + " path, save_as_external_data=False).");
        }

        double[] data = raw == null ? values.toArray() : decodeRaw(name, dataType, raw);
        return checkedTensor(name, dataType, dims.toArray(), data);
    }

    private static Tensor checkedTensor(String name, int dataType, long[] dims, double[] data) {
        if (dataType != FLOAT && dataType != DOUBLE && dataType != INT64 && dataType != INT32) {
            throw new IllegalArgumentException("tensor '" + name + "' has data type "
                    + dataType + ", but the importer reads only FLOAT (1), INT32 (6), INT64 (7)"
                    + " and DOUBLE (11). Convert the model to float32 before the export.");
        }
        long count = 1;
        for (long dim : dims) {
            count *= dim;
        }
        if (count != data.length) {
            throw new IllegalArgumentException("tensor '" + name + "' has dimensions "
                    + Arrays.toString(dims) + " and so " + count + " elements, but the file"
                    + " stores " + data.length + " values");
        }
        return new Tensor(name, dims, data);
    }

    private static double[] decodeRaw(String name, int dataType, ByteString raw) {
        ByteBuffer buffer = raw.asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
        int width = switch (dataType) {
            case FLOAT, INT32 -> 4;
            case DOUBLE, INT64 -> 8;
            default -> 0;
        };
        if (width == 0) {
            return new double[0];
        }
        if (raw.size() % width != 0) {
            throw new IllegalArgumentException("tensor '" + name + "' has " + raw.size()
                    + " bytes of raw data, which is not a multiple of the " + width
                    + "-byte element size");
        }
        double[] data = new double[raw.size() / width];
        for (int k = 0; k < data.length; k++) {
            data[k] = switch (dataType) {
                case FLOAT -> buffer.getFloat();
                case INT32 -> buffer.getInt();
                case DOUBLE -> buffer.getDouble();
                default -> buffer.getLong();
            };
        }
        return data;
    }

    private static ValueInfo valueInfo(CodedInputStream in, int outerLimit) throws IOException {
        String name = "";
        long[] dims = new long[0];
        while (!in.isAtEnd()) {
            int tag = in.readTag();
            switch (WireFormat.getTagFieldNumber(tag)) {
                case 1 -> name = in.readStringRequireUtf8();
                case 2 -> dims = nested(in, tag, 1, nested -> nested(nested, 0, 2,
                        OnnxParser::shape));
                default -> in.skipField(tag);
            }
        }
        in.popLimit(outerLimit);
        return new ValueInfo(name, dims);
    }

    /** Reads {@code TensorShapeProto}: one {@code Dimension} message per field 1. */
    private static long[] shape(CodedInputStream in) throws IOException {
        LongList dims = new LongList();
        while (!in.isAtEnd()) {
            int tag = in.readTag();
            if (WireFormat.getTagFieldNumber(tag) == 1) {
                int outerLimit = enter(in, tag);
                long value = -1;
                while (!in.isAtEnd()) {
                    int dimTag = in.readTag();
                    if (WireFormat.getTagFieldNumber(dimTag) == 1) {
                        value = in.readInt64();
                    } else {
                        in.skipField(dimTag);
                    }
                }
                in.popLimit(outerLimit);
                dims.add(value);
            } else {
                in.skipField(tag);
            }
        }
        return dims.toArray();
    }

    /** Reads the fields of one nested message and returns the integers it contains. */
    private interface MessageReader {
        long[] read(CodedInputStream in) throws IOException;
    }

    /**
     * Reads the message in the current field with {@code tag} and returns what
     * {@code reader} makes of its sub-message number {@code field}; an empty array if it has
     * none. With {@code tag} 0 the current position is already inside the message.
     */
    private static long[] nested(CodedInputStream in, int tag, int field, MessageReader reader)
            throws IOException {
        int outerLimit = tag == 0 ? -1 : enter(in, tag);
        long[] result = new long[0];
        while (!in.isAtEnd()) {
            int inner = in.readTag();
            if (WireFormat.getTagFieldNumber(inner) == field) {
                int limit = enter(in, inner);
                result = reader.read(in);
                in.popLimit(limit);
            } else {
                in.skipField(inner);
            }
        }
        if (outerLimit != -1) {
            in.popLimit(outerLimit);
        }
        return result;
    }

    /**
     * Enters the length-delimited message of the field just read and returns the limit to
     * restore with {@link CodedInputStream#popLimit} after it.
     */
    private static int enter(CodedInputStream in, int tag) throws IOException {
        requireWireType(tag, WireFormat.WIRETYPE_LENGTH_DELIMITED);
        return in.pushLimit(in.readRawVarint32());
    }

    private static void requireWireType(int tag, int wireType)
            throws InvalidProtocolBufferException {
        if (WireFormat.getTagWireType(tag) != wireType) {
            throw new InvalidProtocolBufferException("field " + WireFormat.getTagFieldNumber(tag)
                    + " has wire type " + WireFormat.getTagWireType(tag) + ", expected "
                    + wireType);
        }
    }

    // Repeated numeric fields may be packed (one length-delimited run) or not (one tag per
    // value); parsers must accept both forms whatever the .proto file declares.

    private static void readInt64s(CodedInputStream in, int tag, LongList out)
            throws IOException {
        if (WireFormat.getTagWireType(tag) != WireFormat.WIRETYPE_LENGTH_DELIMITED) {
            requireWireType(tag, WireFormat.WIRETYPE_VARINT);
            out.add(in.readInt64());
            return;
        }
        int limit = in.pushLimit(in.readRawVarint32());
        while (!in.isAtEnd()) {
            out.add(in.readInt64());
        }
        in.popLimit(limit);
    }

    private static void readIntegers(CodedInputStream in, int tag, DoubleList out)
            throws IOException {
        LongList values = new LongList();
        readInt64s(in, tag, values);
        for (long value : values.toArray()) {
            out.add(value);
        }
    }

    private static void readFloats(CodedInputStream in, int tag, DoubleList out)
            throws IOException {
        if (WireFormat.getTagWireType(tag) != WireFormat.WIRETYPE_LENGTH_DELIMITED) {
            requireWireType(tag, WireFormat.WIRETYPE_FIXED32);
            out.add(in.readFloat());
            return;
        }
        int limit = in.pushLimit(in.readRawVarint32());
        while (!in.isAtEnd()) {
            out.add(in.readFloat());
        }
        in.popLimit(limit);
    }

    private static void readDoubles(CodedInputStream in, int tag, DoubleList out)
            throws IOException {
        if (WireFormat.getTagWireType(tag) != WireFormat.WIRETYPE_LENGTH_DELIMITED) {
            requireWireType(tag, WireFormat.WIRETYPE_FIXED64);
            out.add(in.readDouble());
            return;
        }
        int limit = in.pushLimit(in.readRawVarint32());
        while (!in.isAtEnd()) {
            out.add(in.readDouble());
        }
        in.popLimit(limit);
    }

    /** A growable {@code long[]}. */
    private static final class LongList {
        private long[] values = new long[4];
        private int size;

        void add(long value) {
            if (size == values.length) {
                values = Arrays.copyOf(values, 2 * size);
            }
            values[size++] = value;
        }

        long[] toArray() {
            return Arrays.copyOf(values, size);
        }
    }

    /** A growable {@code double[]}. */
    private static final class DoubleList {
        private double[] values = new double[16];
        private int size;

        void add(double value) {
            if (size == values.length) {
                values = Arrays.copyOf(values, 2 * size);
            }
            values[size++] = value;
        }

        double[] toArray() {
            return Arrays.copyOf(values, size);
        }
    }
}
