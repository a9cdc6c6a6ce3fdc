package org.shiftadd.nn.conv;

/**
 * Reshapes every image of shape {@code C x H x W} into a vector of shape
 * {@code (C * H * W) x 1 x 1}, as {@link Linear} needs. The values keep their NCHW order.
 */
public final class Flatten extends Layer {
    /** Creates the layer, which has no parameters. */
    public Flatten() {
    }

    @Override
    public Shape outputShape(Shape input) {
        return Shape.vector(input.size());
    }

    @Override
    public Flatten copy() {
        return new Flatten();
    }

    @Override
    double[] forward(double[] input, int batch, Shape shape, boolean training) {
        return input.clone();
    }

    @Override
    double[] backward(double[] outputGradient) {
        return outputGradient;
    }

    @Override
    public String toString() {
        return "Flatten";
    }
}
