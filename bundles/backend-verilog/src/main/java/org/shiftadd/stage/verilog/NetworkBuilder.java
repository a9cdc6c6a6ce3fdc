package org.shiftadd.stage.verilog;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import org.shiftadd.numerics.lcc.Arithmetic;
import org.shiftadd.stage.verilog.IntegerNetwork.Node;
import org.shiftadd.stage.verilog.IntegerNetwork.Operand;

/**
 * Builds an {@link IntegerNetwork} by evaluating a shift-and-add network symbolically: every
 * addition that the network performs becomes one adder node.
 *
 * <p>A symbolic value is ±(node · 2^(−frac)). A shift changes only frac and a sign only the
 * flag, so both stay free. An addition aligns its operands to the larger frac with a left
 * shift of the other one. The sign is folded into the adder: a − b is one subtraction, and
 * −a − b is computed as a + b with the negative flag on the result. Only an output whose value
 * is still negated at the end costs a negation.
 */
public final class NetworkBuilder implements Arithmetic<NetworkBuilder.Value> {
    /**
     * A symbolic value: ±(node · 2^(−frac)), or the constant zero when {@code node} is −1.
     *
     * @param node the node index, −1 for zero
     * @param frac the fraction bits of the node's integer
     * @param negative whether the value is the node negated
     */
    public record Value(int node, int frac, boolean negative) {
        static final Value ZERO = new Value(-1, 0, false);

        boolean isZero() {
            return node < 0;
        }
    }

    private final int inputBits;
    private final boolean signedInputs;
    private final List<Node> nodes = new ArrayList<>();
    /** The exact linear form of each node over the inputs, null where it grew too large. */
    private final List<LinearForm> forms = new ArrayList<>();
    private final BigInteger inputMin;
    private final BigInteger inputMax;

    /**
     * Creates a builder with {@code inputCount} input nodes.
     *
     * @param inputCount M
     * @param inputBits B_in
     * @param signedInputs whether inputs are two's complement
     */
    public NetworkBuilder(int inputCount, int inputBits, boolean signedInputs) {
        this.inputBits = inputBits;
        this.signedInputs = signedInputs;
        inputMin = IntegerNetwork.inputMin(inputBits, signedInputs);
        inputMax = IntegerNetwork.inputMax(inputBits, signedInputs);
        for (int j = 0; j < inputCount; j++) {
            nodes.add(new Node(null, null, inputMin, inputMax, 0));
            forms.add(LinearForm.input(j));
        }
    }

    /** Returns the symbolic values of the inputs, one per input node. */
    public List<Value> inputs() {
        List<Value> values = new ArrayList<>();
        for (int j = 0; j < nodes.size() && nodes.get(j).isInput(); j++) {
            values.add(new Value(j, 0, false));
        }
        return values;
    }

    @Override
    public Value zero() {
        return Value.ZERO;
    }

    @Override
    public Value scale(Value value, int exponent, boolean negative) {
        if (value.isZero()) {
            return value;
        }
        return new Value(value.node(), value.frac() - exponent, value.negative() != negative);
    }

    @Override
    public Value add(Value left, Value right) {
        if (left.isZero()) {
            return right;
        }
        if (right.isZero()) {
            return left;
        }
        int frac = Math.max(left.frac(), right.frac());
        int leftShift = frac - left.frac();
        int rightShift = frac - right.frac();
        boolean bothNegative = left.negative() && right.negative();
        Operand first;
        Operand second;
        if (bothNegative || !left.negative()) {
            first = new Operand(left.node(), leftShift, false);
            second = new Operand(right.node(), rightShift, !bothNegative && right.negative());
        } else {
            first = new Operand(right.node(), rightShift, false);
            second = new Operand(left.node(), leftShift, true);
        }
        int node = addNode(first, second);
        return new Value(node, frac, bothNegative);
    }

    private int addNode(Operand first, Operand second) {
        Node a = nodes.get(first.source());
        BigInteger[] range = IntegerNetwork.operandRange(a, first);
        int level = a.level();
        LinearForm form = LinearForm.of(forms.get(first.source()), first);
        if (second != null) {
            Node b = nodes.get(second.source());
            BigInteger[] other = IntegerNetwork.operandRange(b, second);
            range = new BigInteger[] {range[0].add(other[0]), range[1].add(other[1])};
            level = Math.max(level, b.level());
            form = LinearForm.sum(form, LinearForm.of(forms.get(second.source()), second));
        }
        if (form != null) {
            // Inputs are independent, so the form's range is exact and never wider.
            range = form.range(inputMin, inputMax);
        }
        forms.add(form);
        nodes.add(new Node(first, second, range[0], range[1], level + 1));
        return nodes.size() - 1;
    }

    /**
     * Finishes the network with the given output values.
     *
     * <p>F is the largest frac of any output, and at least {@code minOutputExponent}. A
     * negated output gets a negation node before its alignment shift.
     *
     * @param outputs one symbolic value per output
     * @param minOutputExponent the smallest F wanted, for example 0 to keep integer weights
     *     unscaled
     * @return the network, with nodes that no output reads removed
     */
    public IntegerNetwork finish(List<Value> outputs, int minOutputExponent) {
        int exponent = minOutputExponent;
        for (Value value : outputs) {
            if (!value.isZero()) {
                exponent = Math.max(exponent, value.frac());
            }
        }
        Operand[] ports = new Operand[outputs.size()];
        for (int i = 0; i < ports.length; i++) {
            Value value = outputs.get(i);
            if (value.isZero()) {
                continue;
            }
            int source = value.node();
            if (value.negative()) {
                source = addNode(new Operand(source, 0, true), null);
            }
            ports[i] = new Operand(source, exponent - value.frac(), false);
        }
        return new IntegerNetwork(inputBits, signedInputs, nodes, ports, exponent)
                .withoutDeadNodes();
    }
}
