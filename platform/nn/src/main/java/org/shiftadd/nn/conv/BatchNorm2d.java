package org.shiftadd.nn.conv;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Batch normalization over the images and positions of every channel, after Ioffe and
 * Szegedy, "Batch Normalization: Accelerating Deep Network Training by Reducing Internal
 * Covariate Shift" (ICML 2015).
 *
 * <p>In training, channel {@code c} maps {@code x} to {@code gamma[c] * (x - mean) /
 * sqrt(variance + epsilon) + beta[c]}, with the mean and the biased variance of the channel
 * over the batch. Every training pass also updates the running statistics as PyTorch's
 * {@code BatchNorm2d} does: {@code running = (1 - momentum) * running + momentum * batch},
 * with the unbiased batch variance. Evaluation uses the running statistics instead, which
 * makes the layer an affine map per channel that {@link #foldInto} merges into the
 * convolution before it.
 */
public final class BatchNorm2d extends Layer {
    /** Default {@code epsilon}, added to the variance, as in PyTorch. */
    public static final double DEFAULT_EPSILON = 1e-5;
    /** Default weight of the batch statistics in the running statistics, as in PyTorch. */
    public static final double DEFAULT_MOMENTUM = 0.1;

    private final int channels;
    private final double epsilon;
    private final double momentum;
    private final Parameter gamma;
    private final Parameter beta;
    private final double[] runningMean;
    private final double[] runningVariance;
    private double[] normalized;
    private double[] inverseDeviation;
    private int lastBatch;
    private Shape lastShape;

    private BatchNorm2d(double[] gamma, double[] beta, double[] runningMean,
            double[] runningVariance, double epsilon, double momentum) {
        this.channels = gamma.length;
        this.epsilon = epsilon;
        this.momentum = momentum;
        this.gamma = new Parameter(gamma);
        this.beta = new Parameter(beta);
        this.runningMean = runningMean;
        this.runningVariance = runningVariance;
    }

    /**
     * Creates a layer with {@code gamma} 1, {@code beta} 0, running mean 0, running variance
     * 1 and the default epsilon and momentum.
     *
     * @param channels number of channels, at least 1
     * @return the layer
     * @throws IllegalArgumentException if {@code channels} is below 1
     */
    public static BatchNorm2d create(int channels) {
        if (channels < 1) {
            throw new IllegalArgumentException("batch normalization needs at least 1 channel,"
                    + " found " + channels);
        }
        double[] ones = new double[channels];
        Arrays.fill(ones, 1);
        return new BatchNorm2d(ones, new double[channels], new double[channels], ones.clone(),
                DEFAULT_EPSILON, DEFAULT_MOMENTUM);
    }

    /**
     * Creates a layer with given parameters and statistics, for example those of a trained
     * network. Every array has one finite value per channel and is copied.
     *
     * @param gamma the scale of every channel
     * @param beta the shift of every channel
     * @param runningMean the running mean of every channel
     * @param runningVariance the running variance of every channel, each at least 0
     * @param epsilon added to the variance before the square root, greater than 0
     * @param momentum weight of the batch statistics in the running statistics, in
     *     {@code [0, 1]}
     * @return the layer
     * @throws IllegalArgumentException if the lengths differ or a value is invalid
     */
    public static BatchNorm2d of(double[] gamma, double[] beta, double[] runningMean,
            double[] runningVariance, double epsilon, double momentum) {
        Objects.requireNonNull(gamma, "gamma");
        int channels = gamma.length;
        checkValues(gamma, channels, "gamma");
        checkValues(beta, channels, "beta");
        checkValues(runningMean, channels, "running mean");
        checkValues(runningVariance, channels, "running variance");
        for (int c = 0; c < channels; c++) {
            if (runningVariance[c] < 0) {
                throw new IllegalArgumentException("running variance " + c + " is "
                        + runningVariance[c] + ": a variance must be at least 0");
            }
        }
        if (!(epsilon > 0) || !Double.isFinite(epsilon)) {
            throw new IllegalArgumentException("epsilon must be finite and greater than 0,"
                    + " found " + epsilon);
        }
        if (!(momentum >= 0 && momentum <= 1)) {
            throw new IllegalArgumentException("momentum must be in [0, 1], found " + momentum);
        }
        return new BatchNorm2d(gamma.clone(), beta.clone(), runningMean.clone(),
                runningVariance.clone(), epsilon, momentum);
    }

    private static void checkValues(double[] values, int channels, String name) {
        Objects.requireNonNull(values, name);
        if (channels < 1 || values.length != channels) {
            throw new IllegalArgumentException("batch normalization needs one " + name
                    + " value per channel and at least 1 channel: found " + values.length
                    + " values for " + channels + " channels");
        }
        for (int c = 0; c < channels; c++) {
            if (!Double.isFinite(values[c])) {
                throw new IllegalArgumentException(name + " value " + c + " is " + values[c]
                        + ": every value must be finite");
            }
        }
    }

    /** Returns the number of channels. */
    public int channels() {
        return channels;
    }

    /** Returns the value added to the variance before the square root. */
    public double epsilon() {
        return epsilon;
    }

    /** Returns the weight of the batch statistics in the running statistics. */
    public double momentum() {
        return momentum;
    }

    /** Returns a copy of the scale of every channel. */
    public double[] gamma() {
        return gamma.values.clone();
    }

    /** Returns a copy of the shift of every channel. */
    public double[] beta() {
        return beta.values.clone();
    }

    /** Returns a copy of the running mean of every channel. */
    public double[] runningMean() {
        return runningMean.clone();
    }

    /** Returns a copy of the running variance of every channel. */
    public double[] runningVariance() {
        return runningVariance.clone();
    }

    /**
     * Returns a convolution that computes this layer in evaluation mode applied to the
     * output of {@code conv}. With {@code s = gamma / sqrt(runningVariance + epsilon)} per
     * output channel, the weights of channel {@code o} are multiplied by {@code s[o]} and
     * the bias becomes {@code (bias[o] - runningMean[o]) * s[o] + beta[o]}.
     *
     * @param conv the convolution before this layer; not modified
     * @return a new convolution with a bias
     * @throws IllegalArgumentException if the convolution has a different number of output
     *     channels
     */
    public Conv2d foldInto(Conv2d conv) {
        Objects.requireNonNull(conv, "conv");
        ConvSpec spec = conv.spec();
        if (spec.outChannels() != channels) {
            throw new IllegalArgumentException("cannot fold batch normalization of " + channels
                    + " channels into the convolution " + spec + ", which has "
                    + spec.outChannels() + " output channels");
        }
        double[] weights = conv.weights();
        double[] bias = conv.bias();
        int fanIn = spec.fanIn();
        for (int o = 0; o < channels; o++) {
            double scale = gamma.values[o] / Math.sqrt(runningVariance[o] + epsilon);
            for (int k = o * fanIn; k < (o + 1) * fanIn; k++) {
                weights[k] *= scale;
            }
            bias[o] = (bias[o] - runningMean[o]) * scale + beta.values[o];
        }
        return Conv2d.of(spec, weights, bias);
    }

    @Override
    public Shape outputShape(Shape input) {
        if (input.channels() != channels) {
            throw new IllegalArgumentException("batch normalization of " + channels
                    + " channels cannot take a " + input + " input");
        }
        return input;
    }

    @Override
    public BatchNorm2d copy() {
        return new BatchNorm2d(gamma.values.clone(), beta.values.clone(), runningMean.clone(),
                runningVariance.clone(), epsilon, momentum);
    }

    @Override
    List<Parameter> parameters() {
        return List.of(gamma, beta);
    }

    @Override
    double[] forward(double[] input, int batch, Shape shape, boolean training) {
        return training ? forwardTraining(input, batch, shape) : forwardEvaluation(input, batch,
                shape);
    }

    private double[] forwardEvaluation(double[] input, int batch, Shape shape) {
        double[] output = new double[input.length];
        int positions = shape.positions();
        for (int c = 0; c < channels; c++) {
            double scale = gamma.values[c] / Math.sqrt(runningVariance[c] + epsilon);
            double shift = beta.values[c] - runningMean[c] * scale;
            for (int n = 0; n < batch; n++) {
                int start = n * shape.size() + c * positions;
                for (int i = start; i < start + positions; i++) {
                    output[i] = input[i] * scale + shift;
                }
            }
        }
        return output;
    }

    private double[] forwardTraining(double[] input, int batch, Shape shape) {
        int positions = shape.positions();
        long count = (long) batch * positions;
        if (count < 2) {
            throw new IllegalArgumentException("batch normalization in training needs at least"
                    + " 2 values per channel, found " + batch + " images of " + shape
                    + ". Train with a larger batch.");
        }
        double[] output = new double[input.length];
        normalized = new double[input.length];
        inverseDeviation = new double[channels];
        for (int c = 0; c < channels; c++) {
            // Two passes over the values, because one-pass sums of squares lose precision.
            double sum = 0;
            for (int n = 0; n < batch; n++) {
                int start = n * shape.size() + c * positions;
                for (int i = start; i < start + positions; i++) {
                    sum += input[i];
                }
            }
            double mean = sum / count;
            double squares = 0;
            for (int n = 0; n < batch; n++) {
                int start = n * shape.size() + c * positions;
                for (int i = start; i < start + positions; i++) {
                    double d = input[i] - mean;
                    squares += d * d;
                }
            }
            double variance = squares / count;
            double inverse = 1 / Math.sqrt(variance + epsilon);
            inverseDeviation[c] = inverse;

            double g = gamma.values[c];
            double b = beta.values[c];
            for (int n = 0; n < batch; n++) {
                int start = n * shape.size() + c * positions;
                for (int i = start; i < start + positions; i++) {
                    double xHat = (input[i] - mean) * inverse;
                    normalized[i] = xHat;
                    output[i] = g * xHat + b;
                }
            }
            runningMean[c] = (1 - momentum) * runningMean[c] + momentum * mean;
            runningVariance[c] = (1 - momentum) * runningVariance[c]
                    + momentum * variance * count / (count - 1);
        }
        lastBatch = batch;
        lastShape = shape;
        return output;
    }

    /**
     * Returns the input gradient of training mode, where the batch statistics depend on the
     * input: {@code dx = inverseDeviation / M * (M * dxHat - sum(dxHat) - xHat *
     * sum(dxHat * xHat))} with {@code dxHat = gamma * dy} and {@code M} values per channel.
     */
    @Override
    double[] backward(double[] outputGradient) {
        checkForwardRan(normalized, this);
        double[] inputGradient = new double[outputGradient.length];
        double[] gammaGradient = gamma.gradient();
        double[] betaGradient = beta.gradient();
        int positions = lastShape.positions();
        long count = (long) lastBatch * positions;
        for (int c = 0; c < channels; c++) {
            double sum = 0;
            double projection = 0;
            for (int n = 0; n < lastBatch; n++) {
                int start = n * lastShape.size() + c * positions;
                for (int i = start; i < start + positions; i++) {
                    sum += outputGradient[i];
                    projection += outputGradient[i] * normalized[i];
                }
            }
            gammaGradient[c] += projection;
            betaGradient[c] += sum;

            double factor = gamma.values[c] * inverseDeviation[c] / count;
            for (int n = 0; n < lastBatch; n++) {
                int start = n * lastShape.size() + c * positions;
                for (int i = start; i < start + positions; i++) {
                    inputGradient[i] = factor * (count * outputGradient[i] - sum
                            - normalized[i] * projection);
                }
            }
        }
        return inputGradient;
    }

    @Override
    public String toString() {
        return "BatchNorm2d[" + channels + " channels]";
    }
}
