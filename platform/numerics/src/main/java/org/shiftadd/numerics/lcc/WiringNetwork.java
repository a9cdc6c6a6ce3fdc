package org.shiftadd.numerics.lcc;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The fully parallel network of one slice: T̂ = W_P ⋯ W_2 W_1 C₀ with C₀ = [I_K ; 0].
 *
 * <p>Level 0 contains N values: the K inputs followed by N − K zeros. Factor p computes level p
 * from level p − 1, and level P is the output. Each factor is one adder stage of the hardware
 * (⌈log2 S⌉ adder levels deep for S terms per row). With no factor the outputs are level 0.
 *
 * <p>Dead ends are removed: a value of level p that no computed row of factor p + 1 reads is
 * not computed, and its additions are not counted.
 */
public final class WiringNetwork implements ShiftAddNetwork {
    private final int inputCount;
    private final int outputCount;
    private final List<WiringMatrix> factors;

    private WiringNetwork(int inputCount, int outputCount, List<WiringMatrix> factors) {
        this.inputCount = inputCount;
        this.outputCount = outputCount;
        this.factors = List.copyOf(factors);
    }

    /**
     * Builds the network from the factors a pursuit produced, removing dead ends from the last
     * factor backwards.
     *
     * @param inputCount K
     * @param outputCount N, the rows of every factor
     * @param factorRows for each factor, the canonical terms of each of its N rows
     * @return the network
     */
    static WiringNetwork withoutDeadEnds(
            int inputCount, int outputCount, List<List<List<Term>>> factorRows) {
        int count = factorRows.size();
        boolean[][] needed = new boolean[count][];

        // Every output is needed. Going backwards, a row is needed when a needed row reads it.
        for (int p = count - 1; p >= 0; p--) {
            needed[p] = new boolean[outputCount];
            if (p == count - 1) {
                Arrays.fill(needed[p], true);
                continue;
            }
            List<List<Term>> nextRows = factorRows.get(p + 1);
            for (int i = 0; i < outputCount; i++) {
                if (needed[p + 1][i]) {
                    for (Term term : nextRows.get(i)) {
                        needed[p][term.source()] = true;
                    }
                }
            }
        }

        List<WiringMatrix> factors = new ArrayList<>(count);
        for (int p = 0; p < count; p++) {
            int columns = p == 0 ? inputCount : outputCount;
            factors.add(new WiringMatrix(columns, factorRows.get(p), needed[p]));
        }
        return new WiringNetwork(inputCount, outputCount, factors);
    }

    /**
     * Creates the network from factors that are already free of dead ends.
     *
     * @param inputCount K
     * @param outputCount N
     * @param factors W_1 … W_P
     * @return the network
     */
    static WiringNetwork of(int inputCount, int outputCount, List<WiringMatrix> factors) {
        return new WiringNetwork(inputCount, outputCount, factors);
    }

    @Override
    public int inputCount() {
        return inputCount;
    }

    @Override
    public int outputCount() {
        return outputCount;
    }

    /** Returns the factors W_1 … W_P, in the order they are applied. */
    public List<WiringMatrix> factors() {
        return factors;
    }

    /** Returns the number of factors P. */
    public int factorCount() {
        return factors.size();
    }

    /** Returns ∑ over factors of their additions. */
    @Override
    public long additions() {
        long additions = 0;
        for (WiringMatrix factor : factors) {
            additions += factor.additions();
        }
        return additions;
    }

    /** Returns the additions of each factor, W_1 first. */
    public List<Long> additionsPerFactor() {
        List<Long> additions = new ArrayList<>(factors.size());
        for (WiringMatrix factor : factors) {
            additions.add(factor.additions());
        }
        return additions;
    }

    @Override
    public <V> List<V> evaluate(List<V> inputs, Arithmetic<V> arithmetic) {
        if (inputs.size() != inputCount) {
            throw new IllegalArgumentException("the network has " + inputCount
                    + " inputs, found " + inputs.size() + " values");
        }
        List<V> level = levelZero(inputs, arithmetic);
        for (WiringMatrix factor : factors) {
            level = factor.evaluate(level, arithmetic);
        }
        return level;
    }

    /** Returns C₀ x: the K inputs followed by N − K zeros. */
    private <V> List<V> levelZero(List<V> inputs, Arithmetic<V> arithmetic) {
        List<V> level = new ArrayList<>(Math.max(outputCount, inputCount));
        level.addAll(inputs);
        while (level.size() < outputCount) {
            level.add(arithmetic.zero());
        }
        return level.subList(0, outputCount);
    }

    @Override
    public String toString() {
        return "WiringNetwork[" + outputCount + "x" + inputCount + ", factors "
                + factors.size() + ", additions " + additions() + "]";
    }
}
