package org.shiftadd.nn.onnx;

import java.util.List;
import java.util.Map;

/**
 * The parts of an ONNX {@code ModelProto} that the importer uses: the version of the default
 * operator set and the main graph.
 *
 * @param opsetVersion version of the default domain ({@code ""} or {@code ai.onnx}) in
 *     {@code opset_import}, or -1 if the model does not import it
 * @param nodes the nodes in file order
 * @param initializers the constant tensors by name
 * @param inputs the graph inputs, initializers included if the file lists them
 * @param outputs the graph outputs
 */
record OnnxGraph(long opsetVersion, List<Node> nodes, Map<String, Tensor> initializers,
        List<ValueInfo> inputs, List<ValueInfo> outputs) {

    /**
     * One {@code NodeProto}.
     *
     * @param name the node name, possibly empty
     * @param opType the operator, such as {@code Conv}
     * @param domain the operator set domain, empty for the default one
     * @param inputs input tensor names; an empty name marks an omitted optional input
     * @param outputs output tensor names
     * @param attributes the attributes by name
     */
    record Node(String name, String opType, String domain, List<String> inputs,
            List<String> outputs, Map<String, Attribute> attributes) {

        /** Returns {@code 'name' (OpType)}, or {@code #index (OpType)} without a name. */
        String describe(int index) {
            String id = name.isEmpty() ? "#" + index : "'" + name + "'";
            return "node " + id + " (" + opType + ")";
        }
    }

    /**
     * One {@code AttributeProto}; only the value fields that the supported operators use.
     *
     * @param name the attribute name
     * @param type the {@code AttributeType}: 1 float, 2 int, 3 string, 4 tensor, 7 ints, others
     *     unused
     * @param f the float value
     * @param i the integer value
     * @param s the string value, UTF-8 decoded
     * @param ints the integer list
     * @param t the tensor value (type 4), or {@code null}
     */
    record Attribute(String name, int type, float f, long i, String s, long[] ints, Tensor t) {
    }

    /**
     * One {@code TensorProto} with its values converted to {@code double}.
     *
     * @param name the tensor name
     * @param dims the dimensions, outermost first
     * @param values the elements in row-major order
     */
    record Tensor(String name, long[] dims, double[] values) {
    }

    /**
     * One {@code ValueInfoProto} of a tensor.
     *
     * @param name the tensor name
     * @param dims the dimensions, -1 where the file gives a symbolic or no value
     */
    record ValueInfo(String name, long[] dims) {
    }
}
