package org.shiftadd.stage.verilog;

import java.io.IOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;
import org.shiftadd.stage.verilog.IntegerNetwork.Node;
import org.shiftadd.stage.verilog.IntegerNetwork.Operand;

/**
 * Writes one layer as a Verilog-2005 module.
 *
 * <p>Ports: {@code x} packs the M inputs, input j in {@code x[j*B +: B]}; {@code y} packs the N
 * outputs at the common width W, output i in {@code y[i*W +: W]}, two's complement when any
 * output can be negative. A pipelined module also has {@code clk}, and output i belongs to the
 * input applied {@link PipelinePlan#latency()} rising edges earlier.
 *
 * <p>Every node is a variable of its own width, assigned once in the combinational block of
 * its register stage, in node order. The arithmetic is legalised before it is written: every
 * operand is signed (an unsigned node is read as {@code $signed({1'b0, n})}), a shift is an
 * arithmetic left shift, and Verilog's sizing rules evaluate each sum at the width of its
 * widest operand or its destination. The node's range fits its width, so the sum cut to that
 * width is exact even where an intermediate wrapped. A pipelined module copies every value
 * that a later stage reads through one register per stage boundary.
 *
 * <p>Procedural blocks rather than one continuous assignment per node keep the module fast in
 * event-driven simulators: Icarus Verilog 11.0 ran a random 6,500-adder network about ten times
 * faster this way (2-core machine). The block size is a trade-off between tools. Icarus wakes a block again whenever an
 * earlier block changes a value it reads, so it is fastest with one block per stage. Yosys's
 * front end (0.23) takes time quadratic in the statements of one block (6,000 statements: 17 s,
 * 12,000: 104 s), and Verilator does not care. {@link #write} therefore takes the number of
 * statements per block; the statements and their order are the same for every block size.
 * With one block per stage, the first stage's block waits on {@code x} itself, the only value
 * it depends on: for {@code @*}, Icarus collects every variable that the block reads, and
 * compiling a 155,000-adder layer did not finish within 16 minutes.
 */
public final class VerilogEmitter {
    private VerilogEmitter() {
    }

    /** Returns a legal Verilog identifier made from {@code name}. */
    public static String moduleName(String name) {
        String cleaned = name.replaceAll("[^A-Za-z0-9_]", "_");
        return cleaned.isEmpty() || !Character.isLetter(cleaned.charAt(0))
                ? "layer_" + cleaned : cleaned;
    }

    /**
     * Writes the module.
     *
     * @param module the module name, a legal identifier
     * @param network the network
     * @param plan the register stages
     * @param statementsPerBlock the most statements in one {@code always @*} block, 0 for one
     *     block per register stage
     * @param out the destination
     * @throws IOException if writing fails
     */
    public static void write(String module, IntegerNetwork network, PipelinePlan plan,
            int statementsPerBlock, Writer out) throws IOException {
        int bits = network.inputBits();
        int outputWidth = network.outputWidth();
        boolean pipelined = plan.latency() > 0;
        writeHeader(module, network, plan, out);
        List<Node> nodes = network.nodes();
        for (int n = 0; n < nodes.size(); n++) {
            Node node = nodes.get(n);
            out.write("  reg " + type(node) + wire(n, plan.stage(n)) + ";\n");
            for (int s = plan.stage(n) + 1; s <= plan.lastUse(n); s++) {
                out.write("  reg " + type(node) + wire(n, s) + ";\n");
            }
        }
        for (int stage = 0; stage <= plan.latency(); stage++) {
            out.write("\n  // register stage " + stage + "\n");
            // Every value of stage 0 is a function of x alone. Naming x rather than @* spares
            // Icarus a sensitivity list of every node, which it builds in quadratic time.
            boolean onlyInput = stage == 0 && statementsPerBlock == 0;
            out.write(onlyInput ? "  always @(x) begin\n" : "  always @* begin\n");
            int statements = 0;
            for (int n = 0; n < nodes.size(); n++) {
                if (plan.stage(n) == stage) {
                    if (statementsPerBlock > 0 && statements == statementsPerBlock) {
                        out.write("  end\n  always @* begin\n");
                        statements = 0;
                    }
                    out.write("    " + wire(n, stage) + " = " + value(network, plan, n, bits)
                            + ";\n");
                    statements++;
                }
            }
            if (stage == plan.latency()) {
                writeOutputs(network, plan, outputWidth, out);
            }
            out.write("  end\n");
        }
        if (pipelined) {
            out.write("\n  always @(posedge clk) begin\n");
            for (int n = 0; n < nodes.size(); n++) {
                for (int s = plan.stage(n) + 1; s <= plan.lastUse(n); s++) {
                    out.write("    " + wire(n, s) + " <= " + wire(n, s - 1) + ";\n");
                }
            }
            out.write("  end\n");
        }
        out.write("endmodule\n");
    }

    /**
     * Writes a combinational module as a top module that wires together part modules of at
     * most {@code partNodes} nodes each, named {@code <module>_p0}, {@code <module>_p1}, and so
     * on. The parts take the nodes in order, so each reads only inputs and earlier parts, and
     * every statement is the one {@link #write} emits. The top has the same ports and computes
     * the same outputs as the flat module. Synthesis tools optimise one module at a time, so
     * the parts keep the memory and the time of a large layer's synthesis within bounds.
     *
     * @param module the module name, a legal identifier
     * @param network the network
     * @param partNodes the most nodes (adders and negations) in one part, at least 1
     * @param statementsPerBlock the most statements in one {@code always @*} block, at least 1
     * @param out the destination
     * @throws IOException if writing fails
     */
    public static void writeParts(String module, IntegerNetwork network, int partNodes,
            int statementsPerBlock, Writer out) throws IOException {
        if (partNodes < 1 || statementsPerBlock < 1) {
            throw new IllegalArgumentException("partNodes and statementsPerBlock must be"
                    + " positive, found " + partNodes + " and " + statementsPerBlock);
        }
        PipelinePlan plan = new PipelinePlan(network, 0);
        List<Node> nodes = network.nodes();
        int[] part = new int[nodes.size()];
        List<List<Integer>> members = new ArrayList<>();
        for (int n = 0; n < nodes.size(); n++) {
            if (nodes.get(n).isInput()) {
                part[n] = -1;
                continue;
            }
            if (members.isEmpty() || members.get(members.size() - 1).size() == partNodes) {
                members.add(new ArrayList<>());
            }
            part[n] = members.size() - 1;
            members.get(part[n]).add(n);
        }
        // A node leaves its part when a later part or an output reads it.
        boolean[] exported = new boolean[nodes.size()];
        for (int n = 0; n < nodes.size(); n++) {
            for (Operand operand : operands(nodes.get(n))) {
                if (part[operand.source()] != part[n]) {
                    exported[operand.source()] = true;
                }
            }
        }
        for (int i = 0; i < network.outputCount(); i++) {
            if (network.output(i) != null) {
                exported[network.output(i).source()] = true;
            }
        }
        List<SortedSet<Integer>> reads = new ArrayList<>();
        for (List<Integer> group : members) {
            SortedSet<Integer> read = new TreeSet<>();
            for (int n : group) {
                for (Operand operand : operands(nodes.get(n))) {
                    if (part[operand.source()] != part[n]) {
                        read.add(operand.source());
                    }
                }
            }
            reads.add(read);
        }
        for (int p = 0; p < members.size(); p++) {
            writePart(module + "_p" + p, network, plan, members.get(p), reads.get(p), exported,
                    statementsPerBlock, out);
        }
        writeHeader(module, network, plan, out);
        for (int n = 0; n < nodes.size(); n++) {
            if (part[n] < 0 || exported[n]) {
                out.write("  wire " + type(nodes.get(n)) + wire(n, 0) + ";\n");
            }
        }
        for (int n = 0; n < nodes.size(); n++) {
            if (part[n] < 0) {
                out.write("  assign " + wire(n, 0) + " = " + value(network, plan, n,
                        network.inputBits()) + ";\n");
            }
        }
        for (int p = 0; p < members.size(); p++) {
            List<String> connections = new ArrayList<>();
            for (int n : reads.get(p)) {
                connections.add("." + wire(n, 0) + "(" + wire(n, 0) + ")");
            }
            for (int n : members.get(p)) {
                if (exported[n]) {
                    connections.add("." + wire(n, 0) + "(" + wire(n, 0) + ")");
                }
            }
            out.write("  " + module + "_p" + p + " p" + p + " (" + String.join(", ", connections)
                    + ");\n");
        }
        out.write("  always @* begin\n");
        writeOutputs(network, plan, network.outputWidth(), out);
        out.write("  end\nendmodule\n");
    }

    private static void writePart(String name, IntegerNetwork network, PipelinePlan plan,
            List<Integer> group, SortedSet<Integer> read, boolean[] exported,
            int statementsPerBlock, Writer out) throws IOException {
        List<Node> nodes = network.nodes();
        List<String> ports = new ArrayList<>();
        for (int n : read) {
            ports.add("  input wire " + type(nodes.get(n)) + wire(n, 0));
        }
        for (int n : group) {
            if (exported[n]) {
                ports.add("  output reg " + type(nodes.get(n)) + wire(n, 0));
            }
        }
        out.write("module " + name + " (\n" + String.join(",\n", ports) + "\n);\n");
        for (int n : group) {
            if (!exported[n]) {
                out.write("  reg " + type(nodes.get(n)) + wire(n, 0) + ";\n");
            }
        }
        for (int i = 0; i < group.size(); i++) {
            out.write(i % statementsPerBlock == 0 ? (i == 0 ? "" : "  end\n")
                    + "  always @* begin\n" : "");
            int n = group.get(i);
            out.write("    " + wire(n, 0) + " = " + value(network, plan, n,
                    network.inputBits()) + ";\n");
        }
        out.write(group.isEmpty() ? "endmodule\n\n" : "  end\nendmodule\n\n");
    }

    private static List<Operand> operands(Node node) {
        if (node.isInput()) {
            return List.of();
        }
        return node.right() == null ? List.of(node.left()) : List.of(node.left(), node.right());
    }

    private static void writeHeader(String module, IntegerNetwork network, PipelinePlan plan,
            Writer out) throws IOException {
        int bits = network.inputBits();
        int outputWidth = network.outputWidth();
        out.write("// Generated by the shiftadd verilog back end. Adders: " + network.additions()
                + ", negations: " + network.negations() + ", full adders: "
                + network.fullAdders() + ", adder depth: " + network.depth() + ", latency: "
                + plan.latency() + " cycles.\n");
        out.write("// y[i*" + outputWidth + " +: " + outputWidth + "] = (T x)_i * 2^"
                + network.outputExponent() + (network.signedOutputs() ? ", signed" : ", unsigned")
                + "; inputs are " + (network.signedInputs() ? "signed" : "unsigned") + " "
                + bits + "-bit.\n");
        out.write("module " + module + " (\n");
        if (plan.latency() > 0) {
            out.write("  input wire clk,\n");
        }
        out.write("  input wire [" + (network.inputCount() * bits - 1) + ":0] x,\n");
        out.write("  output reg [" + (network.outputCount() * outputWidth - 1) + ":0] y\n);\n");
    }

    private static void writeOutputs(IntegerNetwork network, PipelinePlan plan, int width,
            Writer out) throws IOException {
        int stage = plan.latency();
        for (int i = 0; i < network.outputCount(); i++) {
            Operand output = network.output(i);
            String value = output == null ? width + "'d0" : term(network, output, stage);
            out.write("    y[" + (i * width) + " +: " + width + "] = " + value + ";\n");
        }
    }

    /** Returns the right-hand side that computes node {@code n}. */
    private static String value(IntegerNetwork network, PipelinePlan plan, int n, int bits) {
        Node node = network.nodes().get(n);
        if (node.isInput()) {
            return "x[" + (n * bits) + " +: " + bits + "]";
        }
        int stage = plan.stage(n);
        String left = term(network, node.left(), stage);
        if (node.right() == null) {
            return node.left().negative() ? "-" + left : left;
        }
        return left + (node.right().negative() ? " - " : " + ")
                + term(network, node.right(), stage);
    }

    /** Returns (source · 2^shift) as a signed expression, read in {@code stage}. */
    private static String term(IntegerNetwork network, Operand operand, int stage) {
        Node source = network.nodes().get(operand.source());
        String name = wire(operand.source(), stage);
        String value = source.signed() ? name : "$signed({1'b0, " + name + "})";
        return operand.shift() == 0 ? value : "(" + value + " <<< " + operand.shift() + ")";
    }

    private static String type(Node node) {
        return (node.signed() ? "signed " : "") + "[" + (node.width() - 1) + ":0] ";
    }

    /** Returns the name of node {@code n} as seen in stage {@code stage}. */
    private static String wire(int n, int stage) {
        return "n" + n + (stage == 0 ? "" : "_s" + stage);
    }
}
