package org.shiftadd.nn;

/**
 * Random weight initializations for ReLU layers, after He et al., "Delving Deep into
 * Rectifiers" (2015). Both keep the variance of a weight at {@code 2 / fanIn}, where
 * {@code fanIn} is the number of inputs of the layer. Biases start at zero.
 */
public enum Initialization {
    /** Uniform in {@code [-sqrt(6 / fanIn), sqrt(6 / fanIn))}. */
    HE_UNIFORM,
    /** Normal with mean 0 and standard deviation {@code sqrt(2 / fanIn)}, not truncated. */
    HE_NORMAL
}
