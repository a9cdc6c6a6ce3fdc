package org.shiftadd.nn.conv;

import java.util.Arrays;

/**
 * A trainable array of a layer and the gradient of the loss with respect to it.
 *
 * <p>The gradient array is allocated on first use, so networks that are only evaluated do
 * not pay for it. Backward passes add to the gradient, and the trainer zeroes it before
 * every step.
 */
final class Parameter {
    /** The live values, which the trainer updates in place. */
    final double[] values;
    private double[] gradient;

    Parameter(double[] values) {
        this.values = values;
    }

    /**
     * Overwrites the values with a copy of {@code source}.
     *
     * @param owner names the owner in the message when the lengths differ
     * @throws IllegalArgumentException if {@code source} has another length
     */
    void replaceValues(double[] source, String owner) {
        if (source.length != values.length) {
            throw new IllegalArgumentException(owner + " has " + values.length
                    + " weights, found " + source.length);
        }
        System.arraycopy(source, 0, values, 0, source.length);
    }

    /** Returns the live gradient array, allocating it filled with zeros on first use. */
    double[] gradient() {
        if (gradient == null) {
            gradient = new double[values.length];
        }
        return gradient;
    }

    void zeroGradient() {
        if (gradient != null) {
            Arrays.fill(gradient, 0);
        }
    }
}
