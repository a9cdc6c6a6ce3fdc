package org.shiftadd.nn.conv;

/**
 * The geometry of a 2-D convolution: channels, kernel size, stride and zero padding.
 *
 * <p>The same stride and padding apply to rows and columns. An input of height {@code H}
 * gives an output of height {@code (H + 2 * padding - kernelHeight) / stride + 1}, rounded
 * down, and likewise for the width.
 *
 * @param inChannels number of input channels, at least 1
 * @param outChannels number of output channels, at least 1
 * @param kernelHeight kernel rows, at least 1
 * @param kernelWidth kernel columns, at least 1
 * @param stride step between output positions, in input pixels, at least 1
 * @param padding zero rows and columns added on every side of the input, at least 0
 */
public record ConvSpec(int inChannels, int outChannels, int kernelHeight, int kernelWidth,
        int stride, int padding) {
    /**
     * Checks the values.
     *
     * @throws IllegalArgumentException naming the first invalid value
     */
    public ConvSpec {
        if (inChannels < 1 || outChannels < 1) {
            throw new IllegalArgumentException("a convolution needs at least 1 input and 1"
                    + " output channel, found " + inChannels + " and " + outChannels);
        }
        if (kernelHeight < 1 || kernelWidth < 1) {
            throw new IllegalArgumentException("the kernel must be at least 1x1, found "
                    + kernelHeight + "x" + kernelWidth);
        }
        if (stride < 1) {
            throw new IllegalArgumentException("the stride must be at least 1, found " + stride);
        }
        if (padding < 0) {
            throw new IllegalArgumentException("the padding must be at least 0, found "
                    + padding);
        }
        if ((long) outChannels * inChannels * kernelHeight * kernelWidth > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("a " + outChannels + "x" + inChannels + "x"
                    + kernelHeight + "x" + kernelWidth + " kernel has more weights than a Java"
                    + " array can hold");
        }
    }

    /**
     * Returns the geometry of a convolution with a square kernel.
     *
     * @param inChannels number of input channels
     * @param outChannels number of output channels
     * @param kernelSize kernel rows and columns
     * @param stride step between output positions
     * @param padding zero rows and columns on every side
     * @return the geometry
     * @throws IllegalArgumentException if a value is invalid
     */
    public static ConvSpec square(int inChannels, int outChannels, int kernelSize, int stride,
            int padding) {
        return new ConvSpec(inChannels, outChannels, kernelSize, kernelSize, stride, padding);
    }

    /** Returns the number of kernel positions, {@code kernelHeight * kernelWidth}. */
    public int taps() {
        return kernelHeight * kernelWidth;
    }

    /**
     * Returns the number of inputs of one output value, {@code inChannels * taps()}. It is
     * the column count of the full-kernel matrix and the fan-in for weight initialization.
     */
    public int fanIn() {
        return inChannels * taps();
    }

    /** Returns the number of weights, {@code outChannels * inChannels * taps()}. */
    public int weightCount() {
        return outChannels * fanIn();
    }

    /**
     * Returns the shape of the output for one input image.
     *
     * @param input the shape of one input image
     * @return the output shape
     * @throws IllegalArgumentException if the channels differ or the padded input is smaller
     *     than the kernel
     */
    public Shape outputShape(Shape input) {
        if (input.channels() != inChannels) {
            throw new IllegalArgumentException("the convolution takes " + inChannels
                    + " input channels but the input is " + input);
        }
        int paddedHeight = input.height() + 2 * padding;
        int paddedWidth = input.width() + 2 * padding;
        if (paddedHeight < kernelHeight || paddedWidth < kernelWidth) {
            throw new IllegalArgumentException("the " + kernelHeight + "x" + kernelWidth
                    + " kernel does not fit the " + input + " input with padding " + padding
                    + ". Use a larger input or more padding.");
        }
        return new Shape(outChannels, (paddedHeight - kernelHeight) / stride + 1,
                (paddedWidth - kernelWidth) / stride + 1);
    }

    /** Returns a description such as {@code 3->64 3x3 stride 1 padding 1}. */
    @Override
    public String toString() {
        return inChannels + "->" + outChannels + " " + kernelHeight + "x" + kernelWidth
                + " stride " + stride + " padding " + padding;
    }
}
