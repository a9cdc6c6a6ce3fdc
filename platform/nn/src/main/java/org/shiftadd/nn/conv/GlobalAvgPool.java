package org.shiftadd.nn.conv;

/** Averages every channel over all its positions: {@code C x H x W} becomes {@code C x 1 x 1}. */
public final class GlobalAvgPool extends Layer {
    private Shape lastShape;
    private int lastBatch;

    /** Creates the layer, which has no parameters. */
    public GlobalAvgPool() {
    }

    @Override
    public Shape outputShape(Shape input) {
        return Shape.vector(input.channels());
    }

    @Override
    public GlobalAvgPool copy() {
        return new GlobalAvgPool();
    }

    @Override
    double[] forward(double[] input, int batch, Shape shape, boolean training) {
        int channels = shape.channels();
        int positions = shape.positions();
        double[] output = new double[batch * channels];
        for (int i = 0; i < output.length; i++) {
            double sum = 0;
            for (int p = i * positions; p < (i + 1) * positions; p++) {
                sum += input[p];
            }
            output[i] = sum / positions;
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
        int positions = lastShape.positions();
        double[] inputGradient = new double[lastBatch * lastShape.size()];
        for (int i = 0; i < outputGradient.length; i++) {
            double share = outputGradient[i] / positions;
            for (int p = i * positions; p < (i + 1) * positions; p++) {
                inputGradient[p] = share;
            }
        }
        return inputGradient;
    }

    @Override
    public String toString() {
        return "GlobalAvgPool";
    }
}
