package org.shiftadd.nn.conv;

/**
 * Code that {@link ConvTrainer} runs after every optimizer step, once per convolution and
 * linear layer, and that may change the weights: for example the proximal step of a
 * group-lasso penalty, or the tying of shared columns.
 */
@FunctionalInterface
public interface WeightHook {
    /** A hook that does nothing. */
    WeightHook NONE = (index, layer, weights, learningRate) -> { };

    /**
     * Runs after the update of every parameter of the network.
     *
     * @param index the layer's position in {@link ConvNetwork#weightLayers()}
     * @param layer the layer, a {@link Conv2d} or a {@link Linear}
     * @param weights the layer's live weights, in the layout of its {@code weights()}
     *     method; changes take effect at once
     * @param learningRate the learning rate of the step
     */
    void afterStep(int index, Layer layer, double[] weights, double learningRate);
}
