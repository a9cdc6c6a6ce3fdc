package org.shiftadd.nn.conv;

/**
 * Average pooling over square windows without padding. Output {@code (c, y, x)} is the mean
 * of the inputs in rows {@code y * stride} to {@code y * stride + kernelSize - 1} and the
 * same columns. Rows and columns that no window reaches are ignored.
 */
public final class AvgPool2d extends Layer {
    private final int kernelSize;
    private final int stride;
    private Shape lastShape;
    private int lastBatch;

    /**
     * Creates the layer.
     *
     * @param kernelSize window rows and columns, at least 1
     * @param stride step between windows, at least 1
     * @throws IllegalArgumentException if a value is below 1
     */
    public AvgPool2d(int kernelSize, int stride) {
        Pooling.checkWindow(kernelSize, stride, "average pooling");
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
        return Pooling.outputShape(input, kernelSize, stride, 0, "average pooling");
    }

    @Override
    public AvgPool2d copy() {
        return new AvgPool2d(kernelSize, stride);
    }

    @Override
    double[] forward(double[] input, int batch, Shape shape, boolean training) {
        Shape out = outputShape(shape);
        double[] output = new double[batch * out.size()];
        double scale = 1.0 / (kernelSize * kernelSize);
        int planes = batch * shape.channels();
        for (int plane = 0; plane < planes; plane++) {
            int inputStart = plane * shape.positions();
            int outputStart = plane * out.positions();
            for (int oy = 0; oy < out.height(); oy++) {
                for (int ox = 0; ox < out.width(); ox++) {
                    double sum = 0;
                    for (int a = 0; a < kernelSize; a++) {
                        int row = inputStart + (oy * stride + a) * shape.width() + ox * stride;
                        for (int b = 0; b < kernelSize; b++) {
                            sum += input[row + b];
                        }
                    }
                    output[outputStart + oy * out.width() + ox] = sum * scale;
                }
            }
        }
        if (training) {
            lastShape = shape;
            lastBatch = batch;
        }
        return output;
    }

    @Override
    double[] backward(double[] outputGradient) {
        checkForwardRan(lastShape, this);
        Shape out = outputShape(lastShape);
        double[] inputGradient = new double[lastBatch * lastShape.size()];
        double scale = 1.0 / (kernelSize * kernelSize);
        int planes = lastBatch * lastShape.channels();
        for (int plane = 0; plane < planes; plane++) {
            int inputStart = plane * lastShape.positions();
            int outputStart = plane * out.positions();
            for (int oy = 0; oy < out.height(); oy++) {
                for (int ox = 0; ox < out.width(); ox++) {
                    double share = outputGradient[outputStart + oy * out.width() + ox] * scale;
                    for (int a = 0; a < kernelSize; a++) {
                        int row = inputStart + (oy * stride + a) * lastShape.width()
                                + ox * stride;
                        for (int b = 0; b < kernelSize; b++) {
                            inputGradient[row + b] += share;
                        }
                    }
                }
            }
        }
        return inputGradient;
    }

    @Override
    public String toString() {
        return "AvgPool2d[" + kernelSize + "x" + kernelSize + ", stride " + stride + "]";
    }
}
