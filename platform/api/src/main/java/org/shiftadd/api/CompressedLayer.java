package org.shiftadd.api;

import java.util.Objects;

/**
 * One compressed fully connected layer y = f(T̂ P x + b), as a hardware back end receives it.
 *
 * <p>P maps the layer's inputs onto the columns of the decomposed matrix: input j feeds column
 * {@code inputColumns[j]}, or nothing when that is −1 (a pruned input). Inputs that share a
 * column (weight sharing) are added before the product, the pre-additions. Without pruning or
 * sharing, P is the identity and T̂ has one column per input.
 *
 * @param name layer name, for example {@code dense1}
 * @param decomposition the decomposition of the layer's weights
 * @param bias the bias, one value per output; copied
 * @param relu whether a ReLU follows the layer
 * @param inputColumns for each input, its column of T̂ or −1; {@code null} for the identity;
 *     copied
 */
public record CompressedLayer(String name, Decomposition decomposition, double[] bias,
        boolean relu, int[] inputColumns) {
    /** Validates the bias and the input map against the decomposition and copies them. */
    public CompressedLayer {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(decomposition, "decomposition");
        bias = bias.clone();
        Matrix approximation = decomposition.approximation();
        if (bias.length != approximation.rows()) {
            throw new IllegalArgumentException("layer " + name + ": bias has " + bias.length
                    + " values, the weights have " + approximation.rows() + " rows");
        }
        if (inputColumns != null) {
            inputColumns = inputColumns.clone();
            for (int j = 0; j < inputColumns.length; j++) {
                if (inputColumns[j] < -1 || inputColumns[j] >= approximation.cols()) {
                    throw new IllegalArgumentException("layer " + name + ": input " + j
                            + " maps to column " + inputColumns[j] + ", but T̂ has "
                            + approximation.cols() + " columns (use -1 for a pruned input)");
                }
            }
        }
    }

    /**
     * Creates a layer whose inputs are the columns of T̂ one to one.
     *
     * @param name layer name
     * @param decomposition the decomposition of the layer's weights
     * @param bias the bias, one value per output; copied
     * @param relu whether a ReLU follows the layer
     */
    public CompressedLayer(String name, Decomposition decomposition, double[] bias,
            boolean relu) {
        this(name, decomposition, bias, relu, null);
    }

    /** Returns a copy of the bias. */
    @Override
    public double[] bias() {
        return bias.clone();
    }

    /** Returns a copy of the input map, or {@code null} for the identity. */
    @Override
    public int[] inputColumns() {
        return inputColumns == null ? null : inputColumns.clone();
    }

    /** Returns the number of layer inputs: the input map's length, else the columns of T̂. */
    public int inputCount() {
        return inputColumns == null ? decomposition.approximation().cols()
                : inputColumns.length;
    }
}
