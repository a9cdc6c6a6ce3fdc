package org.shiftadd.nn.conv;

import java.util.Objects;
import org.shiftadd.api.Matrix;

/**
 * The two ways to write a convolution as products of a constant matrix with vectors, and
 * the number of additions each costs per image.
 *
 * <p><b>Full kernel (FK).</b> The {@code C_out x (C_in * kh * kw)} matrix of all weights,
 * multiplied with one im2col column per output position. The matrix is wide.
 *
 * <p><b>Partial kernel (PK).</b> The {@code kh * kw} tap matrices {@code W[:, :, a, b]}, each
 * {@code C_out x C_in}, stacked vertically into a {@code (kh * kw * C_out) x C_in} matrix and
 * multiplied with the input vector of every input position. Every output value is then the
 * sum of {@code kh * kw} partial products, one per tap, taken at the input positions the taps
 * cover. The matrix is tall.
 *
 * <p>Neither form includes the bias. Bias, batch-norm and residual additions are the same
 * for both forms and are counted separately.
 */
public final class ConvMatrices {
    private ConvMatrices() {
    }

    /**
     * Returns the full-kernel matrix: row {@code o}, column {@code (c * kh + a) * kw + b} is
     * weight {@code (o, c, a, b)}. The column order is the row order of {@link #im2col}.
     *
     * @param conv the convolution; not modified
     * @return the {@code C_out x (C_in * kh * kw)} matrix
     */
    public static Matrix fullKernel(Conv2d conv) {
        ConvSpec spec = conv.spec();
        return Matrix.of(spec.outChannels(), spec.fanIn(), conv.weights());
    }

    /**
     * Returns the partial-kernel matrix: the tap matrices stacked with kernel row {@code a}
     * major and column {@code b} minor, so row {@code (a * kw + b) * C_out + o}, column
     * {@code c} is weight {@code (o, c, a, b)}.
     *
     * @param conv the convolution; not modified
     * @return the {@code (kh * kw * C_out) x C_in} matrix
     */
    public static Matrix partialKernel(Conv2d conv) {
        ConvSpec spec = conv.spec();
        int outChannels = spec.outChannels();
        int inChannels = spec.inChannels();
        double[] values = new double[spec.weightCount()];
        for (int a = 0; a < spec.kernelHeight(); a++) {
            for (int b = 0; b < spec.kernelWidth(); b++) {
                int tap = a * spec.kernelWidth() + b;
                for (int o = 0; o < outChannels; o++) {
                    for (int c = 0; c < inChannels; c++) {
                        values[(tap * outChannels + o) * inChannels + c] = conv.weight(o, c, a, b);
                    }
                }
            }
        }
        return Matrix.of(spec.taps() * outChannels, inChannels, values);
    }

    /**
     * Returns the convolution weights that a partial-kernel matrix holds, the inverse of
     * {@link #partialKernel}.
     *
     * @param spec the geometry of the convolution
     * @param matrix a {@code (kh * kw * C_out) x C_in} matrix; not modified
     * @return the weights in the layout of {@link Conv2d#weights()}
     * @throws IllegalArgumentException if the matrix shape does not fit
     */
    public static double[] weightsOfPartialKernel(ConvSpec spec, Matrix matrix) {
        int outChannels = spec.outChannels();
        int inChannels = spec.inChannels();
        if (matrix.rows() != spec.taps() * outChannels || matrix.cols() != inChannels) {
            throw new IllegalArgumentException("a partial-kernel matrix of " + spec + " is "
                    + spec.taps() * outChannels + "x" + inChannels + ", found "
                    + matrix.rows() + "x" + matrix.cols());
        }
        double[] weights = new double[spec.weightCount()];
        for (int a = 0; a < spec.kernelHeight(); a++) {
            for (int b = 0; b < spec.kernelWidth(); b++) {
                int tap = a * spec.kernelWidth() + b;
                for (int o = 0; o < outChannels; o++) {
                    for (int c = 0; c < inChannels; c++) {
                        weights[((o * inChannels + c) * spec.kernelHeight() + a)
                                * spec.kernelWidth() + b] = matrix.get(tap * outChannels + o, c);
                    }
                }
            }
        }
        return weights;
    }

    /**
     * Returns the im2col matrix of one image: column {@code y * W_out + x} contains the
     * inputs under the kernel at output position {@code (y, x)}, in the column order of
     * {@link #fullKernel}, with 0 for taps in the padding. The full-kernel matrix times this
     * matrix is the convolution output without bias, one row per output channel.
     *
     * @param spec the geometry of the convolution
     * @param input the shape of the image
     * @param image {@code input.size()} values in CHW order; not modified
     * @return the {@code (C_in * kh * kw) x (H_out * W_out)} matrix
     * @throws IllegalArgumentException if the image does not fit the convolution
     */
    public static Matrix im2col(ConvSpec spec, Shape input, double[] image) {
        Objects.requireNonNull(spec, "spec");
        Layer.checkInput(image, 1, input);
        Shape output = spec.outputShape(input);
        double[][] columns = new double[spec.fanIn()][output.positions()];
        ConvKernels.im2col(image, 0, 1, input, spec, output, columns);
        return Matrix.fromRows(columns);
    }

    /**
     * Sums partial products into the convolution output: output {@code (o, y, x)} is the sum
     * over the taps {@code (a, b)} of row {@code (a * kw + b) * C_out + o} of
     * {@code partialProducts} at input position {@code (y * stride - padding + a, x * stride
     * - padding + b)}, leaving out taps in the padding.
     *
     * @param spec the geometry of the convolution
     * @param input the shape of the input image
     * @param partialProducts the partial-kernel matrix times the input image seen as a
     *     {@code C_in x (H * W)} matrix: one row per tap and output channel, one column
     *     {@code y * W + x} per input position
     * @return the output without bias, {@code C_out x H_out x W_out} values in CHW order
     * @throws IllegalArgumentException if the matrix shape does not fit
     */
    public static double[] accumulatePartialProducts(ConvSpec spec, Shape input,
            Matrix partialProducts) {
        Objects.requireNonNull(partialProducts, "partialProducts");
        Shape output = spec.outputShape(input);
        int outChannels = spec.outChannels();
        int rows = spec.taps() * outChannels;
        if (partialProducts.rows() != rows || partialProducts.cols() != input.positions()) {
            throw new IllegalArgumentException("the partial products of " + spec + " on a "
                    + input + " input must be a " + rows + "x" + input.positions()
                    + " matrix (taps * output channels x input positions), found "
                    + partialProducts.rows() + "x" + partialProducts.cols());
        }
        double[] products = partialProducts.toArray();
        double[] result = new double[output.size()];
        for (int a = 0; a < spec.kernelHeight(); a++) {
            for (int b = 0; b < spec.kernelWidth(); b++) {
                int tap = a * spec.kernelWidth() + b;
                for (int o = 0; o < outChannels; o++) {
                    int row = (tap * outChannels + o) * input.positions();
                    addTap(products, row, spec, input, output, a, b, result,
                            o * output.positions());
                }
            }
        }
        return result;
    }

    /** Adds the partial products of one tap and output channel at their output positions. */
    private static void addTap(double[] products, int row, ConvSpec spec, Shape input,
            Shape output, int a, int b, double[] result, int channelStart) {
        for (int y = 0; y < output.height(); y++) {
            int iy = y * spec.stride() - spec.padding() + a;
            if (iy < 0 || iy >= input.height()) {
                continue;
            }
            for (int x = 0; x < output.width(); x++) {
                int ix = x * spec.stride() - spec.padding() + b;
                if (ix >= 0 && ix < input.width()) {
                    result[channelStart + y * output.width() + x] +=
                            products[row + iy * input.width() + ix];
                }
            }
        }
    }

    /**
     * Returns the additions of the full-kernel form for one image: one product per output
     * position, {@code additionsPerProduct * H_out * W_out}.
     *
     * @param spec the geometry of the convolution
     * @param input the shape of the input image
     * @param additionsPerProduct additions of one product of the full-kernel matrix with a
     *     vector, at least 0
     * @return the number of additions
     * @throws IllegalArgumentException if the input does not fit or the count is negative
     * @throws ArithmeticException if the result overflows a {@code long}
     */
    public static long fullKernelAdditions(ConvSpec spec, Shape input,
            long additionsPerProduct) {
        checkAdditions(additionsPerProduct);
        Shape output = spec.outputShape(input);
        return Math.multiplyExact(additionsPerProduct, (long) output.positions());
    }

    /**
     * Returns the additions of the partial-kernel form for one image: one product per input
     * position, plus {@code kh * kw - 1} additions per output value to sum the partial
     * products, {@code additionsPerProduct * H * W + (kh * kw - 1) * C_out * H_out * W_out}.
     * The formula counts every tap, although output values near the border, where some
     * taps lie in the padding, need fewer accumulations.
     *
     * @param spec the geometry of the convolution
     * @param input the shape of the input image
     * @param additionsPerProduct additions of one product of the partial-kernel matrix with
     *     a vector, at least 0
     * @return the number of additions
     * @throws IllegalArgumentException if the input does not fit or the count is negative
     * @throws ArithmeticException if the result overflows a {@code long}
     */
    public static long partialKernelAdditions(ConvSpec spec, Shape input,
            long additionsPerProduct) {
        checkAdditions(additionsPerProduct);
        Shape output = spec.outputShape(input);
        long products = Math.multiplyExact(additionsPerProduct, (long) input.positions());
        long accumulation = (long) (spec.taps() - 1) * spec.outChannels() * output.positions();
        return Math.addExact(products, accumulation);
    }

    private static void checkAdditions(long additionsPerProduct) {
        if (additionsPerProduct < 0) {
            throw new IllegalArgumentException("additions per product must be at least 0,"
                    + " found " + additionsPerProduct);
        }
    }
}
