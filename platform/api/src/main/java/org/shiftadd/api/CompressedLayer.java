package org.shiftadd.api;

import java.util.Objects;

/**
 * One compressed fully connected layer y = f(T̂ x + b), as a hardware back end receives it.
 *
 * @param name layer name, for example {@code dense1}
 * @param decomposition the decomposition of the layer's weights
 * @param bias the bias, one value per output; copied
 * @param relu whether a ReLU follows the layer
 */
public record CompressedLayer(String name, Decomposition decomposition, double[] bias, boolean relu) {
    /** Validates that the bias matches the number of outputs and copies it. */
    public CompressedLayer {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(decomposition, "decomposition");
        bias = bias.clone();
        if (bias.length != decomposition.approximation().rows()) {
            throw new IllegalArgumentException("layer " + name + ": bias has " + bias.length
                    + " values, the weights have " + decomposition.approximation().rows()
                    + " rows");
        }
    }

    /** Returns a copy of the bias. */
    @Override
    public double[] bias() {
        return bias.clone();
    }
}
