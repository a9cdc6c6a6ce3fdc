package org.shiftadd.nn.conv;

/**
 * Max pooling over square windows. Output {@code (c, y, x)} is the largest input in rows
 * {@code y * stride - padding} to {@code y * stride - padding + kernelSize - 1} and the same
 * columns, leaving out positions in the padding. Rows and columns that no window reaches are
 * ignored.
 */
public final class MaxPool2d extends Layer {
    private final int kernelSize;
    private final int stride;
    private final int padding;
    /** For every output of the last training pass, the index of the input it copied. */
    private int[] lastArgmax;
    private int lastInputLength;

    /**
     * Creates the layer.
     *
     * @param kernelSize window rows and columns, at least 1
     * @param stride step between windows, at least 1
     * @throws IllegalArgumentException if a value is below 1
     */
    public MaxPool2d(int kernelSize, int stride) {
        this(kernelSize, stride, 0);
    }

    /**
     * Creates the layer with padding, as torchvision's ResNets use (3x3, stride 2, padding 1).
     *
     * @param kernelSize window rows and columns, at least 1
     * @param stride step between windows, at least 1
     * @param padding positions added on every side, which never win, 0 to
     *     {@code kernelSize - 1}, so every window covers at least one input
     * @throws IllegalArgumentException if a value is out of range
     */
    public MaxPool2d(int kernelSize, int stride, int padding) {
        Pooling.checkWindow(kernelSize, stride, "max pooling");
        if (padding < 0 || padding >= kernelSize) {
            throw new IllegalArgumentException("max pooling padding must be 0 to kernel size - 1"
                    + " (" + (kernelSize - 1) + "), found " + padding);
        }
        this.kernelSize = kernelSize;
        this.stride = stride;
        this.padding = padding;
    }

    /** Returns the window rows and columns. */
    public int kernelSize() {
        return kernelSize;
    }

    /** Returns the step between windows. */
    public int stride() {
        return stride;
    }

    /** Returns the padding on every side. */
    public int padding() {
        return padding;
    }

    @Override
    public Shape outputShape(Shape input) {
        return Pooling.outputShape(input, kernelSize, stride, padding, "max pooling");
    }

    @Override
    public MaxPool2d copy() {
        return new MaxPool2d(kernelSize, stride, padding);
    }

    @Override
    double[] forward(double[] input, int batch, Shape shape, boolean training) {
        Shape out = outputShape(shape);
        double[] output = new double[batch * out.size()];
        int[] argmax = new int[output.length];
        int planes = batch * shape.channels();
        for (int plane = 0; plane < planes; plane++) {
            int inputStart = plane * shape.positions();
            int outputStart = plane * out.positions();
            for (int oy = 0; oy < out.height(); oy++) {
                for (int ox = 0; ox < out.width(); ox++) {
                    int best = -1;
                    for (int a = 0; a < kernelSize; a++) {
                        int y = oy * stride - padding + a;
                        if (y < 0 || y >= shape.height()) {
                            continue;
                        }
                        for (int b = 0; b < kernelSize; b++) {
                            int x = ox * stride - padding + b;
                            int index = inputStart + y * shape.width() + x;
                            if (x >= 0 && x < shape.width()
                                    && (best < 0 || input[index] > input[best])) {
                                best = index;
                            }
                        }
                    }
                    int o = outputStart + oy * out.width() + ox;
                    output[o] = input[best];
                    argmax[o] = best;
                }
            }
        }
        if (training) {
            lastArgmax = argmax;
            lastInputLength = input.length;
        }
        return output;
    }

    /** Sends each output gradient to the input that was the maximum, the first one on ties. */
    @Override
    double[] backward(double[] outputGradient) {
        checkForwardRan(lastArgmax, this);
        double[] inputGradient = new double[lastInputLength];
        for (int o = 0; o < outputGradient.length; o++) {
            inputGradient[lastArgmax[o]] += outputGradient[o];
        }
        return inputGradient;
    }

    @Override
    public String toString() {
        return "MaxPool2d[" + kernelSize + "x" + kernelSize + ", stride " + stride
                + (padding == 0 ? "" : ", padding " + padding) + "]";
    }
}
