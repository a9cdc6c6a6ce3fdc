package org.shiftadd.nn.conv;

import java.util.List;
import java.util.Objects;

/**
 * A layer of a convolutional network: a function from a batch of images of one shape to a
 * batch of images of another.
 *
 * <p>{@link #forward(double[], int, Shape)} evaluates the layer in evaluation mode: batch
 * normalization uses its running statistics, nothing is stored, and several threads may call
 * it while nothing trains the layer. Training runs a package-private forward pass that
 * stores what the following backward pass needs, so a layer belongs to one network and is
 * trained by one thread at a time.
 */
public abstract sealed class Layer
        permits Conv2d, BatchNorm2d, Relu, MaxPool2d, AvgPool2d, GlobalAvgPool, Flatten,
        Linear, ResidualBlock {
    Layer() {
    }

    /**
     * Returns the shape of one output image for one input image of the given shape.
     *
     * @param input the shape of one input image
     * @return the shape of one output image
     * @throws IllegalArgumentException if the layer cannot take inputs of that shape
     */
    public abstract Shape outputShape(Shape input);

    /**
     * Computes the outputs for a batch of images in evaluation mode.
     *
     * @param input {@code batch * shape.size()} values in NCHW order; not modified
     * @param batch number of images, at least 0
     * @param shape the shape of one input image
     * @return {@code batch * outputShape(shape).size()} values in NCHW order, in a new array
     * @throws IllegalArgumentException if the shape does not fit the layer or the input
     *     length is not {@code batch * shape.size()}
     */
    public final double[] forward(double[] input, int batch, Shape shape) {
        checkInput(input, batch, shape);
        outputShape(shape);
        return forward(input, batch, shape, false);
    }

    /** Returns the number of trainable values: weights, biases and batch-norm scales. */
    public long parameterCount() {
        long count = 0;
        for (Parameter parameter : parameters()) {
            count += parameter.values.length;
        }
        return count;
    }

    /**
     * Returns a deep copy that shares no arrays with this layer. Training state, such as
     * the stored activations and gradients, is not copied.
     */
    public abstract Layer copy();

    /**
     * Computes the outputs of a batch whose length and shape the caller has checked. In
     * training mode the layer stores what {@link #backward} needs and keeps a reference to
     * {@code input}, which the caller must not change until then.
     */
    abstract double[] forward(double[] input, int batch, Shape shape, boolean training);

    /**
     * Adds the gradients of the loss with respect to the parameters to their gradient
     * arrays and returns the gradient with respect to the input of the last training
     * forward pass.
     *
     * @param outputGradient the gradient with respect to the output, in NCHW order; may be
     *     overwritten
     */
    abstract double[] backward(double[] outputGradient);

    /** Returns the trainable arrays of this layer, those of nested layers included. */
    List<Parameter> parameters() {
        return List.of();
    }

    /**
     * Returns an equivalent layer in evaluation mode in which every batch normalization that
     * follows a convolution is folded into it. Layers without nested layers return a copy.
     */
    Layer foldBatchNorm() {
        return copy();
    }

    /** Throws unless a training forward pass has run since the layer was created. */
    static void checkForwardRan(Object state, Layer layer) {
        if (state == null) {
            throw new IllegalStateException("backward pass of " + layer
                    + " without a training forward pass before it");
        }
    }

    static void checkInput(double[] input, int batch, Shape shape) {
        Objects.requireNonNull(input, "input");
        Objects.requireNonNull(shape, "shape");
        if (batch < 0 || (long) batch * shape.size() != input.length) {
            throw new IllegalArgumentException(batch + " images of shape " + shape + " need "
                    + (long) batch * shape.size() + " values, found " + input.length);
        }
    }
}
