package org.shiftadd.nn.conv;

/** The rectified linear unit {@code max(0, x)}, applied to every value. */
public final class Relu extends Layer {
    private double[] lastOutput;

    /** Creates the layer, which has no parameters. */
    public Relu() {
    }

    @Override
    public Shape outputShape(Shape input) {
        return input;
    }

    @Override
    public Relu copy() {
        return new Relu();
    }

    @Override
    double[] forward(double[] input, int batch, Shape shape, boolean training) {
        double[] output = new double[input.length];
        for (int i = 0; i < input.length; i++) {
            output[i] = Math.max(0, input[i]);
        }
        if (training) {
            lastOutput = output;
        }
        return output;
    }

    /** Passes the gradient where the output was positive; the derivative at 0 is taken as 0. */
    @Override
    double[] backward(double[] outputGradient) {
        checkForwardRan(lastOutput, this);
        for (int i = 0; i < outputGradient.length; i++) {
            if (!(lastOutput[i] > 0)) {
                outputGradient[i] = 0;
            }
        }
        return outputGradient;
    }

    @Override
    public String toString() {
        return "Relu";
    }
}
