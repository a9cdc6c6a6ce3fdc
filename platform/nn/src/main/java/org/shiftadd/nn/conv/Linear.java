package org.shiftadd.nn.conv;

import java.util.List;
import java.util.Objects;
import java.util.Random;

/**
 * A fully connected layer {@code y = W x + b} on vectors of shape {@code inFeatures x 1 x 1}.
 * Put a {@link Flatten} or a {@link GlobalAvgPool} before it to turn images into vectors.
 *
 * <p>{@code W} has one row per output and one column per input, and {@link #weights()}
 * returns it row-major: weight {@code (o, i)} is element {@code o * inFeatures + i}.
 */
public final class Linear extends Layer {
    private final int inFeatures;
    private final int outFeatures;
    private final Parameter weights;
    private final Parameter bias;
    private double[] lastInput;
    private int lastBatch;

    private Linear(int inFeatures, int outFeatures, double[] weights, double[] bias) {
        this.inFeatures = inFeatures;
        this.outFeatures = outFeatures;
        this.weights = new Parameter(weights);
        this.bias = new Parameter(bias);
    }

    /**
     * Creates a layer with He-normal weights, normal with mean 0 and standard deviation
     * {@code sqrt(2 / inFeatures)}, and zero bias.
     *
     * @param inFeatures number of inputs, at least 1
     * @param outFeatures number of outputs, at least 1
     * @param random draws the weights in row-major order
     * @return the layer
     * @throws IllegalArgumentException if a size is below 1
     */
    public static Linear create(int inFeatures, int outFeatures, Random random) {
        Objects.requireNonNull(random, "random");
        checkSizes(inFeatures, outFeatures);
        double deviation = Math.sqrt(2.0 / inFeatures);
        double[] weights = new double[inFeatures * outFeatures];
        for (int i = 0; i < weights.length; i++) {
            weights[i] = random.nextGaussian() * deviation;
        }
        return new Linear(inFeatures, outFeatures, weights, new double[outFeatures]);
    }

    /**
     * Creates a layer with given weights and bias.
     *
     * @param inFeatures number of inputs, at least 1
     * @param outFeatures number of outputs, at least 1
     * @param weights {@code outFeatures * inFeatures} finite values, row-major; copied
     * @param bias {@code outFeatures} finite values; copied
     * @return the layer
     * @throws IllegalArgumentException if a size or length is wrong or a value is not finite
     */
    public static Linear of(int inFeatures, int outFeatures, double[] weights, double[] bias) {
        checkSizes(inFeatures, outFeatures);
        checkValues(weights, outFeatures * inFeatures, "weights");
        checkValues(bias, outFeatures, "bias");
        return new Linear(inFeatures, outFeatures, weights.clone(), bias.clone());
    }

    private static void checkSizes(int inFeatures, int outFeatures) {
        if (inFeatures < 1 || outFeatures < 1) {
            throw new IllegalArgumentException("a linear layer needs at least 1 input and 1"
                    + " output, found " + inFeatures + " and " + outFeatures);
        }
        if ((long) inFeatures * outFeatures > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("a linear layer with " + inFeatures
                    + " inputs and " + outFeatures + " outputs has more weights than a Java"
                    + " array can hold");
        }
    }

    private static void checkValues(double[] values, int length, String name) {
        Objects.requireNonNull(values, name);
        if (values.length != length) {
            throw new IllegalArgumentException("the linear layer needs " + length + " " + name
                    + " values, found " + values.length);
        }
        for (int i = 0; i < length; i++) {
            if (!Double.isFinite(values[i])) {
                throw new IllegalArgumentException(name + " value " + i + " is " + values[i]
                        + ": every value must be finite");
            }
        }
    }

    /** Returns the number of inputs. */
    public int inFeatures() {
        return inFeatures;
    }

    /** Returns the number of outputs. */
    public int outFeatures() {
        return outFeatures;
    }

    /** Returns a copy of {@code W}, {@code outFeatures x inFeatures}, row-major. */
    public double[] weights() {
        return weights.values.clone();
    }

    /** Returns the live weights, in the layout of {@link #weights()}. */
    Parameter weightParameter() {
        return weights;
    }

    /** Returns a copy of the bias, one value per output. */
    public double[] bias() {
        return bias.values.clone();
    }

    @Override
    public Shape outputShape(Shape input) {
        if (!input.isVector() || input.channels() != inFeatures) {
            throw new IllegalArgumentException("the linear layer takes vectors of shape "
                    + Shape.vector(inFeatures) + ", found " + input
                    + ". Put a Flatten or a GlobalAvgPool before it.");
        }
        return Shape.vector(outFeatures);
    }

    @Override
    public Linear copy() {
        return new Linear(inFeatures, outFeatures, weights.values.clone(), bias.values.clone());
    }

    @Override
    List<Parameter> parameters() {
        return List.of(weights, bias);
    }

    @Override
    double[] forward(double[] input, int batch, Shape shape, boolean training) {
        double[] w = weights.values;
        double[] output = new double[batch * outFeatures];
        for (int n = 0; n < batch; n++) {
            int x = n * inFeatures;
            for (int o = 0; o < outFeatures; o++) {
                int row = o * inFeatures;
                double sum = bias.values[o];
                for (int i = 0; i < inFeatures; i++) {
                    sum += w[row + i] * input[x + i];
                }
                output[n * outFeatures + o] = sum;
            }
        }
        if (training) {
            lastInput = input;
            lastBatch = batch;
        }
        return output;
    }

    @Override
    double[] backward(double[] outputGradient) {
        checkForwardRan(lastInput, this);
        double[] w = weights.values;
        double[] weightGradient = weights.gradient();
        double[] biasGradient = bias.gradient();
        double[] inputGradient = new double[lastBatch * inFeatures];
        for (int n = 0; n < lastBatch; n++) {
            int x = n * inFeatures;
            for (int o = 0; o < outFeatures; o++) {
                double g = outputGradient[n * outFeatures + o];
                if (g == 0) {
                    continue;
                }
                int row = o * inFeatures;
                biasGradient[o] += g;
                for (int i = 0; i < inFeatures; i++) {
                    weightGradient[row + i] += g * lastInput[x + i];
                    inputGradient[x + i] += g * w[row + i];
                }
            }
        }
        return inputGradient;
    }

    @Override
    public String toString() {
        return "Linear[" + inFeatures + " -> " + outFeatures + "]";
    }
}
