package org.shiftadd.stage.verilog;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The fixed-point integer model of one layer: a DAG of two's complement adders over integer
 * inputs, with an exact value range for the inputs and a sound range for every node.
 *
 * <p>Nodes 0 … M−1 are the inputs. Every later node is either an adder, left + right, or a
 * negation, −left, where an operand is ±(source · 2^shift) with shift ≥ 0. Output i is
 * (source · 2^shift) of one node, or the constant zero. The outputs equal T̂ x · 2^F exactly,
 * with F = {@link #outputExponent()}.
 *
 * <p>The builder makes a node's range exact from its linear form over the inputs, and falls
 * back to interval arithmetic, an upper bound, for a node that reads more than
 * {@link LinearForm#MAX_TERMS} inputs. Widths follow from the ranges. A node whose minimum is
 * ≥ 0 is unsigned and needs bitLength(max) bits. Any other node is two's complement and needs
 * one more bit than the larger of bitLength(min) and bitLength(max), which covers negating the
 * most negative value and the growth of every addition.
 */
public final class IntegerNetwork {
    /** The widest node that the {@code long} simulator accepts. */
    public static final int MAX_SIMULATED_WIDTH = 62;

    /**
     * One adder operand: ±(value of {@code source} · 2^shift).
     *
     * @param source the node read
     * @param shift the left shift, ≥ 0
     * @param negative whether the operand is subtracted
     */
    public record Operand(int source, int shift, boolean negative) {
        /** Validates the fields. */
        public Operand {
            if (source < 0 || shift < 0) {
                throw new IllegalArgumentException("operand needs source >= 0 and shift >= 0,"
                        + " found source " + source + ", shift " + shift);
            }
        }
    }

    /**
     * One node: an input (both operands null), a negation or shift (right null) or an adder.
     *
     * @param left the first operand, null for an input
     * @param right the second operand, null for an input or a one-operand node
     * @param min the smallest value the node can take
     * @param max the largest value the node can take
     * @param level the adder depth: 0 for inputs, one more than the deeper operand otherwise
     */
    public record Node(Operand left, Operand right, BigInteger min, BigInteger max, int level) {
        /** Returns whether the node is an input. */
        public boolean isInput() {
            return left == null;
        }

        /** Returns whether the node is an adder of two operands. */
        public boolean isAdder() {
            return right != null;
        }

        /** Returns whether the node costs an adder: an addition or a negation. */
        public boolean costsAdder() {
            return right != null || (left != null && left.negative());
        }

        /** Returns whether the node can be negative, so it is stored in two's complement. */
        public boolean signed() {
            return min.signum() < 0;
        }

        /** Returns the number of bits the node needs. */
        public int width() {
            return widthOf(min, max);
        }
    }

    private final int inputBits;
    private final boolean signedInputs;
    private final List<Node> nodes;
    private final Operand[] outputs;
    private final int outputExponent;
    private final int inputCount;
    private final int maxWidth;

    /**
     * Creates a network and checks that every node only reads earlier nodes.
     *
     * @param inputBits B_in, the width of every input
     * @param signedInputs whether inputs are two's complement rather than unsigned
     * @param nodes the nodes, the inputs first; copied
     * @param outputs one operand per output, null for the constant zero; copied
     * @param outputExponent F: the outputs are T̂ x · 2^F
     */
    public IntegerNetwork(int inputBits, boolean signedInputs, List<Node> nodes,
            Operand[] outputs, int outputExponent) {
        if (inputBits < 1 || inputBits > 32) {
            throw new IllegalArgumentException("input bits must be in 1..32, found " + inputBits);
        }
        for (int n = 0; n < nodes.size(); n++) {
            Node node = nodes.get(n);
            checkOperand(node.left(), n);
            checkOperand(node.right(), n);
        }
        for (Operand output : outputs) {
            checkOperand(output, nodes.size());
            if (output != null && output.negative()) {
                throw new IllegalArgumentException("an output operand may not be negated");
            }
        }
        this.inputBits = inputBits;
        this.signedInputs = signedInputs;
        this.nodes = List.copyOf(nodes);
        this.outputs = outputs.clone();
        this.outputExponent = outputExponent;
        int count = 0;
        while (count < nodes.size() && nodes.get(count).isInput()) {
            count++;
        }
        this.inputCount = count;
        int width = outputWidth();
        for (Node node : nodes) {
            width = Math.max(width, node.width());
        }
        this.maxWidth = width;
    }

    private static void checkOperand(Operand operand, int reader) {
        if (operand != null && operand.source() >= reader) {
            throw new IllegalArgumentException("node " + reader + " reads node "
                    + operand.source() + ", which is not computed before it");
        }
    }

    /** Returns the smallest input value: 0 for unsigned inputs, −2^(B−1) for signed ones. */
    public static BigInteger inputMin(int bits, boolean signed) {
        return signed ? BigInteger.ONE.shiftLeft(bits - 1).negate() : BigInteger.ZERO;
    }

    /** Returns the largest input value: 2^B − 1 for unsigned inputs, 2^(B−1) − 1 for signed. */
    public static BigInteger inputMax(int bits, boolean signed) {
        return BigInteger.ONE.shiftLeft(signed ? bits - 1 : bits).subtract(BigInteger.ONE);
    }

    /** Returns the bits needed for the range [min, max], at least 1. */
    public static int widthOf(BigInteger min, BigInteger max) {
        if (min.signum() >= 0) {
            return Math.max(1, max.bitLength());
        }
        return Math.max(min.bitLength(), max.bitLength()) + 1;
    }

    /** Returns the range of {@code operand} applied to {@code node}: min first, then max. */
    static BigInteger[] operandRange(Node node, Operand operand) {
        BigInteger low = node.min().shiftLeft(operand.shift());
        BigInteger high = node.max().shiftLeft(operand.shift());
        return operand.negative()
                ? new BigInteger[] {high.negate(), low.negate()}
                : new BigInteger[] {low, high};
    }

    /** Returns B_in. */
    public int inputBits() {
        return inputBits;
    }

    /** Returns whether the inputs are two's complement. */
    public boolean signedInputs() {
        return signedInputs;
    }

    /** Returns the number of inputs M. */
    public int inputCount() {
        return inputCount;
    }

    /** Returns the number of outputs N. */
    public int outputCount() {
        return outputs.length;
    }

    /** Returns the nodes, inputs first. */
    public List<Node> nodes() {
        return nodes;
    }

    /** Returns the operand of output {@code row}, or null for the constant zero. */
    public Operand output(int row) {
        return outputs[row];
    }

    /** Returns F: output i is (T̂ x)_i · 2^F. */
    public int outputExponent() {
        return outputExponent;
    }

    /** Returns the range of output {@code row}: min first, then max; [0, 0] for a zero row. */
    public BigInteger[] outputRange(int row) {
        Operand output = outputs[row];
        if (output == null) {
            return new BigInteger[] {BigInteger.ZERO, BigInteger.ZERO};
        }
        return operandRange(nodes.get(output.source()), output);
    }

    /** Returns whether any output can be negative, so the output port is two's complement. */
    public boolean signedOutputs() {
        for (int i = 0; i < outputs.length; i++) {
            if (outputRange(i)[0].signum() < 0) {
                return true;
            }
        }
        return false;
    }

    /** Returns the common width of the output port entries: the widest output, at least 1. */
    public int outputWidth() {
        boolean signed = signedOutputs();
        int width = 1;
        for (int i = 0; i < outputs.length; i++) {
            BigInteger[] range = outputRange(i);
            int bits = widthOf(range[0], range[1]);
            if (signed && range[0].signum() >= 0) {
                bits++; // an unsigned value needs a zero sign bit in a signed port
            }
            width = Math.max(width, bits);
        }
        return width;
    }

    /** Returns the number of two-operand adders. */
    public long additions() {
        return nodes.stream().filter(Node::isAdder).count();
    }

    /** Returns the number of one-operand negations, each an adder in hardware. */
    public long negations() {
        return nodes.stream().filter(n -> !n.isInput() && !n.isAdder() && n.left().negative())
                .count();
    }

    /** Returns the full adders: the sum of the widths of all adders and negations. */
    public long fullAdders() {
        long total = 0;
        for (Node node : nodes) {
            if (node.costsAdder()) {
                total += node.width();
            }
        }
        return total;
    }

    /** Returns the adder depth: the deepest node that an output reads. */
    public int depth() {
        int depth = 0;
        for (Operand output : outputs) {
            if (output != null) {
                depth = Math.max(depth, nodes.get(output.source()).level());
            }
        }
        return depth;
    }

    /** Returns the widest node or output. */
    public int maxWidth() {
        return maxWidth;
    }

    /**
     * Simulates the network bit-exactly on one input vector, checking every value against its
     * range.
     *
     * @param x M input values within the input range; not modified
     * @return the N outputs, T̂ x · 2^F
     * @throws IllegalArgumentException if an input is out of range or the count is wrong
     * @throws IllegalStateException if a node leaves its range, or a node is wider than
     *     {@link #MAX_SIMULATED_WIDTH} bits
     */
    public long[] simulate(long[] x) {
        if (maxWidth() > MAX_SIMULATED_WIDTH) {
            throw new IllegalStateException("the network has a node of " + maxWidth()
                    + " bits; the simulator handles at most " + MAX_SIMULATED_WIDTH);
        }
        return simulateUnchecked(x, new long[nodes.size()]);
    }

    /** Simulates like {@link #simulate(long[])} into a caller-provided buffer of nodes. */
    long[] simulateUnchecked(long[] x, long[] values) {
        int inputs = inputCount();
        if (x.length != inputs) {
            throw new IllegalArgumentException("the network has " + inputs + " inputs, found "
                    + x.length + " values");
        }
        long low = inputMin(inputBits, signedInputs).longValueExact();
        long high = inputMax(inputBits, signedInputs).longValueExact();
        for (int j = 0; j < inputs; j++) {
            if (x[j] < low || x[j] > high) {
                throw new IllegalArgumentException("input " + j + " = " + x[j]
                        + " is outside [" + low + ", " + high + "]");
            }
            values[j] = x[j];
        }
        for (int n = inputs; n < nodes.size(); n++) {
            Node node = nodes.get(n);
            long value = apply(node.left(), values);
            if (node.right() != null) {
                value += apply(node.right(), values);
            }
            if (value < node.min().longValue() || value > node.max().longValue()) {
                throw new IllegalStateException("node " + n + " = " + value + " is outside "
                        + "its range [" + node.min() + ", " + node.max() + "]");
            }
            values[n] = value;
        }
        long[] y = new long[outputs.length];
        for (int i = 0; i < outputs.length; i++) {
            y[i] = outputs[i] == null ? 0 : apply(outputs[i], values);
        }
        return y;
    }

    private static long apply(Operand operand, long[] values) {
        long shifted = values[operand.source()] << operand.shift();
        return operand.negative() ? -shifted : shifted;
    }

    /**
     * Returns this network without the nodes that no output reads, renumbered in order.
     * Inputs are always kept.
     */
    public IntegerNetwork withoutDeadNodes() {
        boolean[] live = new boolean[nodes.size()];
        int inputs = inputCount();
        Arrays.fill(live, 0, inputs, true);
        for (Operand output : outputs) {
            if (output != null) {
                live[output.source()] = true;
            }
        }
        for (int n = nodes.size() - 1; n >= inputs; n--) {
            if (live[n]) {
                Node node = nodes.get(n);
                live[node.left().source()] = true;
                if (node.right() != null) {
                    live[node.right().source()] = true;
                }
            }
        }
        int[] index = new int[nodes.size()];
        List<Node> kept = new ArrayList<>();
        for (int n = 0; n < nodes.size(); n++) {
            if (live[n]) {
                index[n] = kept.size();
                Node node = nodes.get(n);
                kept.add(new Node(renumber(node.left(), index), renumber(node.right(), index),
                        node.min(), node.max(), node.level()));
            }
        }
        Operand[] renumbered = new Operand[outputs.length];
        for (int i = 0; i < outputs.length; i++) {
            renumbered[i] = renumber(outputs[i], index);
        }
        return new IntegerNetwork(inputBits, signedInputs, kept, renumbered, outputExponent);
    }

    private static Operand renumber(Operand operand, int[] index) {
        return operand == null ? null
                : new Operand(index[operand.source()], operand.shift(), operand.negative());
    }
}
