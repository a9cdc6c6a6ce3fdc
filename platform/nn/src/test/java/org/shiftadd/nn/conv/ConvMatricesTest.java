package org.shiftadd.nn.conv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.shiftadd.nn.conv.ArrayAssertions.assertAllClose;
import static org.shiftadd.nn.conv.Conv2dTest.gaussian;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.shiftadd.api.Matrix;

class ConvMatricesTest {
    private static final double TOLERANCE = 1e-12;

    @ParameterizedTest
    @ValueSource(ints = {1, 2})
    void fullKernelTimesIm2colIsTheConvolution(int stride) {
        Conv2d conv = randomConv(ConvSpec.square(3, 4, 3, stride, 1), 1);
        Shape input = new Shape(3, 7, 6);
        double[] image = gaussian(new Random(2), input.size());

        Matrix product = multiply(ConvMatrices.fullKernel(conv),
                ConvMatrices.im2col(conv.spec(), input, image));

        assertAllClose(addBias(product.toArray(), conv), conv.forward(image, 1, input),
                TOLERANCE, "stride " + stride);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2})
    void accumulatedPartialProductsAreTheConvolution(int stride) {
        Conv2d conv = randomConv(ConvSpec.square(3, 4, 3, stride, 1), 3);
        Shape input = new Shape(3, 7, 6);
        double[] image = gaussian(new Random(4), input.size());
        Matrix inputPositions = Matrix.of(input.channels(), input.positions(), image);

        Matrix partialProducts = multiply(ConvMatrices.partialKernel(conv), inputPositions);
        double[] output = ConvMatrices.accumulatePartialProducts(conv.spec(), input,
                partialProducts);

        assertAllClose(addBias(output, conv), conv.forward(image, 1, input), TOLERANCE,
                "stride " + stride);
    }

    @Test
    void rectangularKernelWithoutPadding() {
        Conv2d conv = randomConv(new ConvSpec(2, 3, 2, 3, 1, 0), 5);
        Shape input = new Shape(2, 5, 6);
        double[] image = gaussian(new Random(6), input.size());
        double[] expected = conv.forward(image, 1, input);

        Matrix full = multiply(ConvMatrices.fullKernel(conv),
                ConvMatrices.im2col(conv.spec(), input, image));
        Matrix partial = multiply(ConvMatrices.partialKernel(conv),
                Matrix.of(2, input.positions(), image));

        assertAllClose(addBias(full.toArray(), conv), expected, TOLERANCE, "full kernel");
        assertAllClose(addBias(ConvMatrices.accumulatePartialProducts(conv.spec(), input,
                partial), conv), expected, TOLERANCE, "partial kernel");
    }

    @Test
    void matrixShapesAndEntryOrder() {
        Conv2d conv = randomConv(new ConvSpec(5, 4, 2, 3, 1, 1), 7);

        Matrix full = ConvMatrices.fullKernel(conv);
        Matrix partial = ConvMatrices.partialKernel(conv);

        assertThat(full.rows()).isEqualTo(4);
        assertThat(full.cols()).isEqualTo(5 * 2 * 3);
        assertThat(partial.rows()).isEqualTo(2 * 3 * 4);
        assertThat(partial.cols()).isEqualTo(5);
        // Weight (o=3, c=2, a=1, b=2): FK column (2 * 2 + 1) * 3 + 2 = 17,
        // PK row (1 * 3 + 2) * 4 + 3 = 23.
        assertThat(full.get(3, 17)).isEqualTo(conv.weight(3, 2, 1, 2));
        assertThat(partial.get(23, 2)).isEqualTo(conv.weight(3, 2, 1, 2));
        // Tap (0, 1) comes right after tap (0, 0): rows 4 to 7.
        assertThat(partial.get(4, 0)).isEqualTo(conv.weight(0, 0, 0, 1));
    }

    @Test
    void weightsOfPartialKernelInvertPartialKernel() {
        Conv2d conv = randomConv(new ConvSpec(5, 4, 2, 3, 1, 1), 8);

        assertThat(ConvMatrices.weightsOfPartialKernel(conv.spec(),
                ConvMatrices.partialKernel(conv))).containsExactly(conv.weights());
        assertThatThrownBy(() -> ConvMatrices.weightsOfPartialKernel(conv.spec(),
                ConvMatrices.fullKernel(conv)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("is 24x5, found 4x30");
    }

    @Test
    void additionsOfStrideOneConvolution() {
        ConvSpec spec = ConvSpec.square(64, 64, 3, 1, 1);
        Shape input = new Shape(64, 64, 64);

        // 64x64 output positions. PK adds 8 partial products for each of 64 channels.
        assertThat(ConvMatrices.fullKernelAdditions(spec, input, 1000))
                .isEqualTo(1000L * 64 * 64);
        assertThat(ConvMatrices.partialKernelAdditions(spec, input, 300))
                .isEqualTo(300L * 64 * 64 + 8L * 64 * 64 * 64);
    }

    @Test
    void additionsOfStrideTwoConvolution() {
        ConvSpec spec = ConvSpec.square(64, 128, 3, 2, 1);
        Shape input = new Shape(64, 64, 64);

        // 32x32 output positions but 64x64 input positions.
        assertThat(ConvMatrices.fullKernelAdditions(spec, input, 1000))
                .isEqualTo(1000L * 32 * 32);
        assertThat(ConvMatrices.partialKernelAdditions(spec, input, 300))
                .isEqualTo(300L * 64 * 64 + 8L * 128 * 32 * 32);
    }

    @Test
    void pointwiseConvolutionHasNoAccumulation() {
        ConvSpec spec = ConvSpec.square(8, 16, 1, 1, 0);
        Shape input = new Shape(8, 10, 10);

        assertThat(ConvMatrices.partialKernelAdditions(spec, input, 50))
                .isEqualTo(ConvMatrices.fullKernelAdditions(spec, input, 50));
    }

    @Test
    void invalidArgumentsAreRejected() {
        ConvSpec spec = ConvSpec.square(2, 3, 3, 1, 1);
        Shape input = new Shape(2, 4, 4);

        assertThatThrownBy(() -> ConvMatrices.fullKernelAdditions(spec, input, -1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("found -1");
        assertThatThrownBy(() -> ConvMatrices.accumulatePartialProducts(spec, input,
                Matrix.zeros(27, 15)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("must be a 27x16 matrix")
                .hasMessageContaining("found 27x15");
    }

    private static Conv2d randomConv(ConvSpec spec, long seed) {
        Random random = new Random(seed);
        return Conv2d.of(spec, gaussian(random, spec.weightCount()),
                gaussian(random, spec.outChannels()));
    }

    private static double[] addBias(double[] outputWithoutBias, Conv2d conv) {
        double[] bias = conv.bias();
        int positions = outputWithoutBias.length / bias.length;
        double[] result = outputWithoutBias.clone();
        for (int i = 0; i < result.length; i++) {
            result[i] += bias[i / positions];
        }
        return result;
    }

    private static Matrix multiply(Matrix a, Matrix b) {
        double[] product = new double[a.rows() * b.cols()];
        for (int i = 0; i < a.rows(); i++) {
            for (int k = 0; k < a.cols(); k++) {
                double aik = a.get(i, k);
                for (int j = 0; j < b.cols(); j++) {
                    product[i * b.cols() + j] += aik * b.get(k, j);
                }
            }
        }
        return Matrix.of(a.rows(), b.cols(), product);
    }
}
