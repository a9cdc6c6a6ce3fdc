package org.shiftadd.numerics.lcc;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The fully sequential network of one slice: a directed acyclic graph of two-input adders.
 *
 * <p>Nodes 0 … K − 1 are the inputs. Node K + m is adder m, which computes
 * a·node_i + b·node_j with signed powers of two a and b and i, j &lt; K + m. Every output is
 * one node times a signed power of two, or the constant zero. One evaluation costs one
 * addition per adder, including adders that no output reads.
 */
public final class AdderGraph implements ShiftAddNetwork {
    private final int inputCount;
    private final List<Adder> adders;
    private final Term[] outputs;

    /**
     * One adder: node value = left + right, where each term reads an earlier node.
     *
     * @param left the first term
     * @param right the second term
     */
    public record Adder(Term left, Term right) {
    }

    /**
     * Creates a graph.
     *
     * @param inputCount K
     * @param adders the adders in the order they were appended; copied
     * @param outputs for each output, its term or {@code null} for the constant zero; copied
     * @throws IllegalArgumentException if a term reads a node that is not earlier
     */
    AdderGraph(int inputCount, List<Adder> adders, Term[] outputs) {
        for (int m = 0; m < adders.size(); m++) {
            int node = inputCount + m;
            Adder adder = adders.get(m);
            if (adder.left().source() >= node || adder.right().source() >= node) {
                throw new IllegalArgumentException("adder " + m + " (node " + node
                        + ") must read earlier nodes, found " + adder);
            }
        }
        int nodeCount = inputCount + adders.size();
        for (int i = 0; i < outputs.length; i++) {
            if (outputs[i] != null && outputs[i].source() >= nodeCount) {
                throw new IllegalArgumentException("output " + i + " reads node "
                        + outputs[i].source() + " of " + nodeCount);
            }
        }
        this.inputCount = inputCount;
        this.adders = List.copyOf(adders);
        this.outputs = outputs.clone();
    }

    @Override
    public int inputCount() {
        return inputCount;
    }

    @Override
    public int outputCount() {
        return outputs.length;
    }

    /** Returns the number of nodes: inputs plus adders. */
    public int nodeCount() {
        return inputCount + adders.size();
    }

    /** Returns the adders; adder m is node K + m. */
    public List<Adder> adders() {
        return adders;
    }

    /**
     * Returns the term that produces one output.
     *
     * @param row the output index
     * @return the node it reads with its signed power of two, or empty for the constant zero
     */
    public Optional<Term> output(int row) {
        return Optional.ofNullable(outputs[row]);
    }

    /** Returns the number of adders: each costs exactly one addition. */
    @Override
    public long additions() {
        return adders.size();
    }

    @Override
    public <V> List<V> evaluate(List<V> inputs, Arithmetic<V> arithmetic) {
        if (inputs.size() != inputCount) {
            throw new IllegalArgumentException("the graph has " + inputCount
                    + " inputs, found " + inputs.size() + " values");
        }
        List<V> nodes = new ArrayList<>(nodeCount());
        nodes.addAll(inputs);
        for (Adder adder : adders) {
            nodes.add(evaluateAdder(adder, nodes, arithmetic));
        }
        List<V> values = new ArrayList<>(outputs.length);
        for (Term output : outputs) {
            values.add(output == null
                    ? arithmetic.zero()
                    : arithmetic.scale(nodes.get(output.source()), output));
        }
        return values;
    }

    static <V> V evaluateAdder(Adder adder, List<V> nodes, Arithmetic<V> arithmetic) {
        V left = arithmetic.scale(nodes.get(adder.left().source()), adder.left());
        V right = arithmetic.scale(nodes.get(adder.right().source()), adder.right());
        return arithmetic.add(left, right);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof AdderGraph g && g.inputCount == inputCount
                && g.adders.equals(adders) && Arrays.equals(g.outputs, outputs);
    }

    @Override
    public int hashCode() {
        return 31 * adders.hashCode() + Arrays.hashCode(outputs);
    }

    @Override
    public String toString() {
        return "AdderGraph[" + outputs.length + "x" + inputCount + ", adders " + adders.size()
                + "]";
    }
}
