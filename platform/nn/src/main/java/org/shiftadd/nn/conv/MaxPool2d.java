package org.shiftadd.nn.conv;

/**
 * Max pooling over square windows without padding. Output {@code (c, y, x)} is the largest
 * input in rows {@code y * stride} to {@code y * stride + kernelSize - 1} and the same
 * columns. Rows and columns that no window reaches are ignored.
 */
public final class MaxPool2d extends Layer {
    private final int kernelSize;
    private final int stride;
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
        Pooling.checkWindow(kernelSize, stride, "max pooling");
        this.kernelSize = kernelSize;
        this.stride = stride;
    }

    /** Returns the window rows and columns. */
    public int kernelSize() {
        return kernelSize;
    }

    /** Returns the step between windows. */
    public int stride() {
        return stride;
    }

    @Override
    public Shape outputShape(Shape input) {
        return Pooling.outputShape(input, kernelSize, stride, "max pooling");
    }

    @Override
    public MaxPool2d copy() {
        return new MaxPool2d(kernelSize, stride);
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
                    int best = inputStart + oy * stride * shape.width() + ox * stride;
                    for (int a = 0; a < kernelSize; a++) {
                        int row = inputStart + (oy * stride + a) * shape.width() + ox * stride;
                        for (int b = 0; b < kernelSize; b++) {
                            if (input[row + b] > input[best]) {
                                best = row + b;
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
        return "MaxPool2d[" + kernelSize + "x" + kernelSize + ", stride " + stride + "]";
    }
}
