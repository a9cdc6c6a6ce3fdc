package org.shiftadd.nn.conv;

import java.util.Arrays;

/**
 * The inner loops of the convolution: im2col, its adjoint, and blocked matrix products.
 *
 * <p>Matrices are arrays of row arrays, as in {@code org.shiftadd.nn.Kernels}, because
 * HotSpot vectorizes a loop over row arrays indexed by the bare loop variable. In a one-off
 * measurement of a 64x576 by 576x4096 product, the size of a 3x3 convolution with 64
 * channels on a 64x64 image, the blocked loops ran at about 8 GFLOP/s and EJML 0.46.1's
 * {@code CommonOps_DDRM.mult} at about 1.8 GFLOP/s, both on one thread of an AMD EPYC
 * virtual machine with OpenJDK 17.0.15.
 */
final class ConvKernels {
    /**
     * Maximum number of values of one im2col buffer. A batch is split into groups of images
     * whose columns fit, and a single image that needs more gets a buffer of its own.
     */
    static final int COLUMN_BUFFER_VALUES = 1 << 21;
    /** Columns of one cache block of a matrix product. */
    private static final int COLUMN_BLOCK = 512;
    /** Inner-dimension entries of one cache block of a matrix product. */
    private static final int INNER_BLOCK = 128;

    private ConvKernels() {
    }

    /** Returns how many images of a batch share one im2col buffer. */
    static int imagesPerGroup(ConvSpec spec, Shape output, int batch) {
        long perImage = (long) spec.fanIn() * output.positions();
        return (int) Math.max(1, Math.min(batch, COLUMN_BUFFER_VALUES / perImage));
    }

    /**
     * Writes the im2col matrix of images {@code first} to {@code first + count - 1} into
     * {@code columns}. Row {@code (c * kernelHeight + a) * kernelWidth + b} contains the
     * input value under kernel tap {@code (c, a, b)} for every output position, image after
     * image, or 0 where the tap lies in the padding.
     */
    static void im2col(double[] input, int first, int count, Shape in, ConvSpec spec,
            Shape out, double[][] columns) {
        int positions = out.positions();
        for (int j = 0; j < count; j++) {
            int imageStart = (first + j) * in.size();
            for (int c = 0; c < in.channels(); c++) {
                int channelStart = imageStart + c * in.positions();
                for (int a = 0; a < spec.kernelHeight(); a++) {
                    for (int b = 0; b < spec.kernelWidth(); b++) {
                        double[] row = columns[(c * spec.kernelHeight() + a)
                                * spec.kernelWidth() + b];
                        copyTap(input, channelStart, in, spec, out, a, b, row, j * positions);
                    }
                }
            }
        }
    }

    /** Copies the input values under tap {@code (a, b)} of one channel into one row. */
    private static void copyTap(double[] input, int channelStart, Shape in, ConvSpec spec,
            Shape out, int a, int b, double[] row, int rowStart) {
        int stride = spec.stride();
        int firstX = firstValid(spec.padding() - b, stride);
        int endX = Math.min(out.width(), lastValid(in.width() - 1 + spec.padding() - b,
                stride) + 1);
        for (int oy = 0; oy < out.height(); oy++) {
            int start = rowStart + oy * out.width();
            int iy = oy * stride - spec.padding() + a;
            if (iy < 0 || iy >= in.height() || firstX >= endX) {
                Arrays.fill(row, start, start + out.width(), 0);
                continue;
            }
            Arrays.fill(row, start, start + firstX, 0);
            Arrays.fill(row, start + endX, start + out.width(), 0);
            int inputRow = channelStart + iy * in.width() - spec.padding() + b;
            if (stride == 1) {
                System.arraycopy(input, inputRow + firstX, row, start + firstX, endX - firstX);
            } else {
                for (int ox = firstX; ox < endX; ox++) {
                    row[start + ox] = input[inputRow + ox * stride];
                }
            }
        }
    }

    /**
     * Adds every entry of an im2col-shaped matrix to the input value it was copied from:
     * the adjoint of {@link #im2col}, which turns column gradients into input gradients.
     */
    static void col2imAdd(double[][] columns, int first, int count, Shape in, ConvSpec spec,
            Shape out, double[] inputGradient) {
        int positions = out.positions();
        int stride = spec.stride();
        for (int j = 0; j < count; j++) {
            int imageStart = (first + j) * in.size();
            for (int c = 0; c < in.channels(); c++) {
                int channelStart = imageStart + c * in.positions();
                for (int a = 0; a < spec.kernelHeight(); a++) {
                    for (int b = 0; b < spec.kernelWidth(); b++) {
                        double[] row = columns[(c * spec.kernelHeight() + a)
                                * spec.kernelWidth() + b];
                        int firstX = firstValid(spec.padding() - b, stride);
                        int endX = Math.min(out.width(),
                                lastValid(in.width() - 1 + spec.padding() - b, stride) + 1);
                        for (int oy = 0; oy < out.height(); oy++) {
                            int iy = oy * stride - spec.padding() + a;
                            if (iy < 0 || iy >= in.height()) {
                                continue;
                            }
                            int start = j * positions + oy * out.width();
                            int inputRow = channelStart + iy * in.width() - spec.padding() + b;
                            for (int ox = firstX; ox < endX; ox++) {
                                inputGradient[inputRow + ox * stride] += row[start + ox];
                            }
                        }
                    }
                }
            }
        }
    }

    /** Returns the smallest {@code o >= 0} with {@code o * stride >= offset}. */
    private static int firstValid(int offset, int stride) {
        return offset <= 0 ? 0 : (offset + stride - 1) / stride;
    }

    /** Returns the largest {@code o} with {@code o * stride <= limit}, or -1 if none. */
    private static int lastValid(int limit, int stride) {
        return limit < 0 ? -1 : limit / stride;
    }

    /**
     * Adds {@code a * b} to {@code c}, where {@code a} is {@code m x inner}, {@code b} is
     * {@code inner x n} and {@code c} is {@code m x n}. Only the first {@code n} columns of
     * {@code b} and {@code c} are used.
     */
    static void multiplyAdd(double[][] a, double[][] b, double[][] c, int m, int inner,
            int n) {
        for (int p0 = 0; p0 < n; p0 += COLUMN_BLOCK) {
            int p1 = Math.min(n, p0 + COLUMN_BLOCK);
            for (int k0 = 0; k0 < inner; k0 += INNER_BLOCK) {
                int k1 = Math.min(inner, k0 + INNER_BLOCK);
                for (int i = 0; i < m; i++) {
                    addRowBlock(a[i], b, c[i], k0, k1, p0, p1);
                }
            }
        }
    }

    /** Adds {@code sum over k in [k0, k1) of a[k] * b[k][p]} to {@code c[p]}, p in [p0, p1). */
    private static void addRowBlock(double[] a, double[][] b, double[] c, int k0, int k1,
            int p0, int p1) {
        int k = k0;
        for (; k + 3 < k1; k += 4) {
            double a0 = a[k];
            double a1 = a[k + 1];
            double a2 = a[k + 2];
            double a3 = a[k + 3];
            double[] b0 = b[k];
            double[] b1 = b[k + 1];
            double[] b2 = b[k + 2];
            double[] b3 = b[k + 3];
            for (int p = p0; p < p1; p++) {
                c[p] += a0 * b0[p] + a1 * b1[p] + a2 * b2[p] + a3 * b3[p];
            }
        }
        for (; k < k1; k++) {
            double a0 = a[k];
            double[] b0 = b[k];
            for (int p = p0; p < p1; p++) {
                c[p] += a0 * b0[p];
            }
        }
    }

    /**
     * Adds {@code a * transpose(b)} to {@code c}, where {@code a} is {@code m x n},
     * {@code b} is {@code inner x n} and {@code c} is {@code m x inner}.
     */
    static void multiplyTransposedAdd(double[][] a, double[][] b, double[][] c, int m,
            int inner, int n) {
        for (int p0 = 0; p0 < n; p0 += COLUMN_BLOCK) {
            int p1 = Math.min(n, p0 + COLUMN_BLOCK);
            for (int k0 = 0; k0 < inner; k0 += INNER_BLOCK) {
                int k1 = Math.min(inner, k0 + INNER_BLOCK);
                for (int i = 0; i < m; i++) {
                    addDotBlock(a[i], b, c[i], k0, k1, p0, p1);
                }
            }
        }
    }

    /** Adds {@code sum over p in [p0, p1) of a[p] * b[k][p]} to {@code c[k]}, k in [k0, k1). */
    private static void addDotBlock(double[] a, double[][] b, double[] c, int k0, int k1,
            int p0, int p1) {
        int k = k0;
        for (; k + 3 < k1; k += 4) {
            double[] b0 = b[k];
            double[] b1 = b[k + 1];
            double[] b2 = b[k + 2];
            double[] b3 = b[k + 3];
            double s0 = 0;
            double s1 = 0;
            double s2 = 0;
            double s3 = 0;
            for (int p = p0; p < p1; p++) {
                double x = a[p];
                s0 += x * b0[p];
                s1 += x * b1[p];
                s2 += x * b2[p];
                s3 += x * b3[p];
            }
            c[k] += s0;
            c[k + 1] += s1;
            c[k + 2] += s2;
            c[k + 3] += s3;
        }
        for (; k < k1; k++) {
            double[] b0 = b[k];
            double s0 = 0;
            for (int p = p0; p < p1; p++) {
                s0 += a[p] * b0[p];
            }
            c[k] += s0;
        }
    }
}
