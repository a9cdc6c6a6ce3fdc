package org.shiftadd.nn;

/**
 * Code that runs after every optimizer step, once per layer, and may change the weights,
 * for example the proximal step of a group-lasso regularizer.
 */
@FunctionalInterface
public interface StepHook {
    /** A hook that does nothing. */
    StepHook NONE = (layer, weights, rows, cols, learningRate) -> { };

    /**
     * Runs after the SGD update of one layer's weights and biases.
     *
     * @param layer layer index, from 0
     * @param weights {@code W} of the layer, row-major with {@code rows * cols} values; the
     *     trainer copies changes back into the network after the call returns
     * @param rows number of outputs of the layer
     * @param cols number of inputs of the layer
     * @param learningRate the learning rate of the step
     */
    void afterStep(int layer, double[] weights, int rows, int cols, double learningRate);
}
