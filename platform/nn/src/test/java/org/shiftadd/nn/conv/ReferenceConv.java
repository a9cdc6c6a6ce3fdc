package org.shiftadd.nn.conv;

/**
 * Convolution written as its defining sums, one output or weight at a time, to compare the
 * im2col implementation against.
 */
final class ReferenceConv {
    private ReferenceConv() {
    }

    /** Returns the input value at (n, c, y, x), or 0 in the padding. */
    private static double at(double[] input, Shape shape, int n, int c, int y, int x) {
        if (y < 0 || y >= shape.height() || x < 0 || x >= shape.width()) {
            return 0;
        }
        return input[((n * shape.channels() + c) * shape.height() + y) * shape.width() + x];
    }

    static double[] forward(Conv2d conv, double[] input, int batch, Shape shape) {
        ConvSpec spec = conv.spec();
        Shape out = spec.outputShape(shape);
        double[] bias = conv.bias();
        double[] output = new double[batch * out.size()];
        for (int n = 0; n < batch; n++) {
            for (int o = 0; o < spec.outChannels(); o++) {
                for (int y = 0; y < out.height(); y++) {
                    for (int x = 0; x < out.width(); x++) {
                        double sum = bias[o];
                        for (int c = 0; c < spec.inChannels(); c++) {
                            for (int a = 0; a < spec.kernelHeight(); a++) {
                                for (int b = 0; b < spec.kernelWidth(); b++) {
                                    sum += conv.weight(o, c, a, b) * at(input, shape, n, c,
                                            y * spec.stride() - spec.padding() + a,
                                            x * spec.stride() - spec.padding() + b);
                                }
                            }
                        }
                        output[((n * spec.outChannels() + o) * out.height() + y) * out.width()
                                + x] = sum;
                    }
                }
            }
        }
        return output;
    }

    /** Returns the weight gradient, in the layout of {@link Conv2d#weights()}. */
    static double[] weightGradient(Conv2d conv, double[] input, int batch, Shape shape,
            double[] outputGradient) {
        ConvSpec spec = conv.spec();
        Shape out = spec.outputShape(shape);
        double[] gradient = new double[spec.weightCount()];
        for (int n = 0; n < batch; n++) {
            for (int o = 0; o < spec.outChannels(); o++) {
                for (int y = 0; y < out.height(); y++) {
                    for (int x = 0; x < out.width(); x++) {
                        double g = outputGradient[((n * spec.outChannels() + o) * out.height()
                                + y) * out.width() + x];
                        for (int c = 0; c < spec.inChannels(); c++) {
                            for (int a = 0; a < spec.kernelHeight(); a++) {
                                for (int b = 0; b < spec.kernelWidth(); b++) {
                                    int k = ((o * spec.inChannels() + c) * spec.kernelHeight()
                                            + a) * spec.kernelWidth() + b;
                                    gradient[k] += g * at(input, shape, n, c,
                                            y * spec.stride() - spec.padding() + a,
                                            x * spec.stride() - spec.padding() + b);
                                }
                            }
                        }
                    }
                }
            }
        }
        return gradient;
    }

    static double[] inputGradient(Conv2d conv, int batch, Shape shape, double[] outputGradient) {
        ConvSpec spec = conv.spec();
        Shape out = spec.outputShape(shape);
        double[] gradient = new double[batch * shape.size()];
        for (int n = 0; n < batch; n++) {
            for (int o = 0; o < spec.outChannels(); o++) {
                for (int y = 0; y < out.height(); y++) {
                    for (int x = 0; x < out.width(); x++) {
                        double g = outputGradient[((n * spec.outChannels() + o) * out.height()
                                + y) * out.width() + x];
                        for (int c = 0; c < spec.inChannels(); c++) {
                            for (int a = 0; a < spec.kernelHeight(); a++) {
                                int iy = y * spec.stride() - spec.padding() + a;
                                for (int b = 0; b < spec.kernelWidth(); b++) {
                                    int ix = x * spec.stride() - spec.padding() + b;
                                    if (iy >= 0 && iy < shape.height() && ix >= 0
                                            && ix < shape.width()) {
                                        gradient[((n * shape.channels() + c) * shape.height()
                                                + iy) * shape.width() + ix] +=
                                                g * conv.weight(o, c, a, b);
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        return gradient;
    }
}
