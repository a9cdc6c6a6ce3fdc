package org.shiftadd.nn.conv;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Random;

/**
 * A 2-D convolution with zero padding, computed as im2col followed by a matrix product.
 *
 * <p>Weight {@code (o, c, a, b)}, which connects input channel {@code c} at kernel row
 * {@code a} and column {@code b} to output channel {@code o}, is element
 * {@code ((o * inChannels + c) * kernelHeight + a) * kernelWidth + b} of
 * {@link #weights()}, the layout of PyTorch's {@code Conv2d.weight}. Output {@code (o, y, x)}
 * is {@code bias[o]} plus the sum of {@code weight(o, c, a, b)} times input
 * {@code (c, y * stride - padding + a, x * stride - padding + b)}, where inputs outside the
 * image are 0.
 */
public final class Conv2d extends Layer {
    private final ConvSpec spec;
    private final boolean hasBias;
    private final Parameter weights;
    private final Parameter bias;
    private double[] lastInput;
    private int lastBatch;
    private Shape lastShape;

    private Conv2d(ConvSpec spec, double[] weights, double[] bias, boolean hasBias) {
        this.spec = spec;
        this.hasBias = hasBias;
        this.weights = new Parameter(weights);
        this.bias = new Parameter(bias);
    }

    /**
     * Creates a convolution with He-normal weights: normal with mean 0 and standard
     * deviation {@code sqrt(2 / fanIn)}, where {@code fanIn = inChannels * kernelHeight *
     * kernelWidth}. The bias starts at zero.
     *
     * @param spec the geometry
     * @param withBias whether the convolution has a trainable bias; a convolution followed by
     *     batch normalization usually has none
     * @param random draws the weights in index order
     * @return the convolution
     */
    public static Conv2d create(ConvSpec spec, boolean withBias, Random random) {
        Objects.requireNonNull(spec, "spec");
        Objects.requireNonNull(random, "random");
        double deviation = Math.sqrt(2.0 / spec.fanIn());
        double[] weights = new double[spec.weightCount()];
        for (int i = 0; i < weights.length; i++) {
            weights[i] = random.nextGaussian() * deviation;
        }
        return new Conv2d(spec, weights, new double[spec.outChannels()], withBias);
    }

    /**
     * Creates a convolution with given weights.
     *
     * @param spec the geometry
     * @param weights {@code spec.weightCount()} finite values in the order of
     *     {@link #weights()}; copied
     * @param bias {@code spec.outChannels()} finite values, copied, or null for a
     *     convolution without bias
     * @return the convolution
     * @throws IllegalArgumentException if a length is wrong or a value is not finite
     */
    public static Conv2d of(ConvSpec spec, double[] weights, double[] bias) {
        Objects.requireNonNull(spec, "spec");
        checkValues(weights, spec.weightCount(), "weights", spec);
        if (bias != null) {
            checkValues(bias, spec.outChannels(), "bias", spec);
        }
        double[] biasCopy = bias == null ? new double[spec.outChannels()] : bias.clone();
        return new Conv2d(spec, weights.clone(), biasCopy, bias != null);
    }

    private static void checkValues(double[] values, int length, String name, ConvSpec spec) {
        Objects.requireNonNull(values, name);
        if (values.length != length) {
            throw new IllegalArgumentException("the convolution " + spec + " needs " + length
                    + " " + name + " values, found " + values.length);
        }
        for (int i = 0; i < values.length; i++) {
            if (!Double.isFinite(values[i])) {
                throw new IllegalArgumentException(name + " value " + i + " of the convolution "
                        + spec + " is " + values[i] + ": every value must be finite");
            }
        }
    }

    /** Returns the geometry. */
    public ConvSpec spec() {
        return spec;
    }

    /** Returns whether the convolution has a trainable bias. */
    public boolean hasBias() {
        return hasBias;
    }

    /**
     * Returns a copy of the weights, shape {@code outChannels x inChannels x kernelHeight x
     * kernelWidth}, in the order given in the class description.
     */
    public double[] weights() {
        return weights.values.clone();
    }

    /** Returns the live weights, in the layout of {@link #weights()}. */
    Parameter weightParameter() {
        return weights;
    }

    /**
     * Returns one weight.
     *
     * @param out output channel
     * @param in input channel
     * @param row kernel row, from 0
     * @param col kernel column, from 0
     * @return the weight
     * @throws IndexOutOfBoundsException if an index is out of range
     */
    public double weight(int out, int in, int row, int col) {
        Objects.checkIndex(out, spec.outChannels());
        Objects.checkIndex(in, spec.inChannels());
        Objects.checkIndex(row, spec.kernelHeight());
        Objects.checkIndex(col, spec.kernelWidth());
        return weights.values[((out * spec.inChannels() + in) * spec.kernelHeight() + row)
                * spec.kernelWidth() + col];
    }

    /**
     * Returns a copy of the bias, one value per output channel, or zeros if the convolution
     * has no bias.
     */
    public double[] bias() {
        return bias.values.clone();
    }

    @Override
    public Shape outputShape(Shape input) {
        return spec.outputShape(input);
    }

    @Override
    public Conv2d copy() {
        return new Conv2d(spec, weights.values.clone(), bias.values.clone(), hasBias);
    }

    @Override
    List<Parameter> parameters() {
        return hasBias ? List.of(weights, bias) : List.of(weights);
    }

    @Override
    double[] forward(double[] input, int batch, Shape shape, boolean training) {
        Shape out = spec.outputShape(shape);
        int positions = out.positions();
        int outChannels = spec.outChannels();
        double[] output = new double[batch * out.size()];
        double[][] kernel = weightRows();
        int group = ConvKernels.imagesPerGroup(spec, out, batch);
        double[][] columns = new double[spec.fanIn()][group * positions];
        double[][] result = new double[outChannels][group * positions];
        for (int first = 0; first < batch; first += group) {
            int count = Math.min(group, batch - first);
            int width = count * positions;
            ConvKernels.im2col(input, first, count, shape, spec, out, columns);
            for (int o = 0; o < outChannels; o++) {
                Arrays.fill(result[o], 0, width, bias.values[o]);
            }
            ConvKernels.multiplyAdd(kernel, columns, result, outChannels, spec.fanIn(), width);
            for (int j = 0; j < count; j++) {
                for (int o = 0; o < outChannels; o++) {
                    System.arraycopy(result[o], j * positions, output,
                            (first + j) * out.size() + o * positions, positions);
                }
            }
        }
        if (training) {
            lastInput = input;
            lastBatch = batch;
            lastShape = shape;
        }
        return output;
    }

    @Override
    double[] backward(double[] outputGradient) {
        checkForwardRan(lastInput, this);
        Shape out = spec.outputShape(lastShape);
        int positions = out.positions();
        int outChannels = spec.outChannels();
        int fanIn = spec.fanIn();
        double[][] kernelTransposed = transpose(weightRows(), outChannels, fanIn);
        double[][] weightGradient = new double[outChannels][fanIn];
        double[] biasGradient = bias.gradient();
        double[] inputGradient = new double[lastInput.length];

        int group = ConvKernels.imagesPerGroup(spec, out, lastBatch);
        double[][] columns = new double[fanIn][group * positions];
        double[][] gradientRows = new double[outChannels][group * positions];
        double[][] columnGradient = new double[fanIn][group * positions];
        for (int first = 0; first < lastBatch; first += group) {
            int count = Math.min(group, lastBatch - first);
            int width = count * positions;
            ConvKernels.im2col(lastInput, first, count, lastShape, spec, out, columns);
            for (int j = 0; j < count; j++) {
                for (int o = 0; o < outChannels; o++) {
                    System.arraycopy(outputGradient, (first + j) * out.size() + o * positions,
                            gradientRows[o], j * positions, positions);
                }
            }
            if (hasBias) {
                for (int o = 0; o < outChannels; o++) {
                    biasGradient[o] += sum(gradientRows[o], width);
                }
            }
            ConvKernels.multiplyTransposedAdd(gradientRows, columns, weightGradient,
                    outChannels, fanIn, width);
            for (double[] row : columnGradient) {
                Arrays.fill(row, 0, width, 0);
            }
            ConvKernels.multiplyAdd(kernelTransposed, gradientRows, columnGradient, fanIn,
                    outChannels, width);
            ConvKernels.col2imAdd(columnGradient, first, count, lastShape, spec, out,
                    inputGradient);
        }
        addRows(weightGradient, weights.gradient());
        return inputGradient;
    }

    /** Returns the weights as {@code outChannels} rows of {@code fanIn} values. */
    private double[][] weightRows() {
        int fanIn = spec.fanIn();
        double[][] rows = new double[spec.outChannels()][fanIn];
        for (int o = 0; o < rows.length; o++) {
            System.arraycopy(weights.values, o * fanIn, rows[o], 0, fanIn);
        }
        return rows;
    }

    private static double[][] transpose(double[][] rows, int rowCount, int colCount) {
        double[][] result = new double[colCount][rowCount];
        for (int r = 0; r < rowCount; r++) {
            for (int c = 0; c < colCount; c++) {
                result[c][r] = rows[r][c];
            }
        }
        return result;
    }

    private static double sum(double[] values, int n) {
        double total = 0;
        for (int i = 0; i < n; i++) {
            total += values[i];
        }
        return total;
    }

    /** Adds a row-array matrix to a row-major flat array of the same size. */
    private static void addRows(double[][] rows, double[] flat) {
        int cols = rows[0].length;
        for (int r = 0; r < rows.length; r++) {
            for (int c = 0; c < cols; c++) {
                flat[r * cols + c] += rows[r][c];
            }
        }
    }

    @Override
    public String toString() {
        return "Conv2d[" + spec + (hasBias ? ", bias]" : ", no bias]");
    }
}
