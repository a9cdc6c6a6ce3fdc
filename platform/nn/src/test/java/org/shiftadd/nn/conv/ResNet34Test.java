package org.shiftadd.nn.conv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.shiftadd.nn.conv.ArrayAssertions.assertAllClose;

import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Builds ResNet-34 for 64x64 RGB images and 200 classes and runs it on one image. */
class ResNet34Test {
    private static final int[] BLOCKS = {3, 4, 6, 3};
    private static final int[] WIDTHS = {64, 128, 256, 512};

    private static ConvNetwork network;

    @BeforeAll
    static void build() {
        network = ResNets.resnet34(3, 64, 200, 1);
    }

    @Test
    void parameterCountMatchesArchitecture() {
        assertThat(network.parameterCount()).isEqualTo(parameterCount(3, 200));
    }

    /**
     * The counting formula with the 7x7 stem of the original ResNet-34 and 1000 classes
     * gives the 21,797,672 parameters that the torchvision documentation lists for
     * {@code ResNet34_Weights.IMAGENET1K_V1}, which checks the formula independently.
     */
    @Test
    void countingFormulaMatchesTorchvisionResNet34() {
        assertThat(parameterCount(7, 1000)).isEqualTo(21_797_672L);
    }

    @Test
    void stagesHaveStandardShapes() {
        List<Shape> shapes = network.shapes();

        // The stem has convolution, batch norm and ReLU. Then come 16 blocks, pooling, classifier.
        assertThat(network.layers()).hasSize(3 + 16 + 2);
        assertThat(shapes.get(3)).isEqualTo(new Shape(64, 64, 64));
        assertThat(shapes.get(3 + 3)).isEqualTo(new Shape(64, 64, 64));
        assertThat(shapes.get(3 + 7)).isEqualTo(new Shape(128, 32, 32));
        assertThat(shapes.get(3 + 13)).isEqualTo(new Shape(256, 16, 16));
        assertThat(shapes.get(3 + 16)).isEqualTo(new Shape(512, 8, 8));
        assertThat(shapes.get(3 + 17)).isEqualTo(Shape.vector(512));
        assertThat(shapes.get(3 + 18)).isEqualTo(Shape.vector(200));
    }

    @Test
    void convolutionKernelsAndShortcuts() {
        List<Conv2d> convolutions = network.convolutions();

        assertThat(convolutions).hasSize(36);
        assertThat(convolutions).noneMatch(Conv2d::hasBias);
        assertThat(convolutions.stream().filter(c -> c.spec().kernelHeight() == 3).count())
                .isEqualTo(33);
        assertThat(convolutions.stream().filter(c -> c.spec().kernelHeight() == 1))
                .allMatch(c -> c.spec().stride() == 2 && c.spec().padding() == 0);
        assertThat(convolutions.get(0).spec()).isEqualTo(ConvSpec.square(3, 64, 3, 1, 1));
        assertThat(network.linears()).hasSize(1);
        assertThat(network.linears().get(0).inFeatures()).isEqualTo(512);
    }

    @Test
    void singleImageForwardAndFolding() {
        Random random = new Random(2);
        double[] image = new double[network.inputSize()];
        for (int i = 0; i < image.length; i++) {
            image[i] = random.nextDouble();
        }

        double[] logits = network.logits(image, 1);
        double[] folded = network.foldBatchNorm().logits(image, 1);

        assertThat(logits).hasSize(200);
        assertThat(Arrays.stream(logits).allMatch(Double::isFinite)).as("all logits finite")
                .isTrue();
        assertAllClose(folded, logits, 1e-9, "logits after folding");
    }

    /**
     * Counts weights, batch-norm scales and shifts, and the classifier's weights and bias of
     * a ResNet-34 whose stem convolution has the given kernel size.
     */
    private static long parameterCount(int stemKernel, int classes) {
        long count = conv(3, 64, stemKernel) + batchNorm(64);
        int channels = 64;
        for (int stage = 0; stage < BLOCKS.length; stage++) {
            int width = WIDTHS[stage];
            for (int block = 0; block < BLOCKS[stage]; block++) {
                count += conv(channels, width, 3) + batchNorm(width);
                count += conv(width, width, 3) + batchNorm(width);
                if (channels != width) {
                    count += conv(channels, width, 1) + batchNorm(width);
                }
                channels = width;
            }
        }
        return count + 512L * classes + classes;
    }

    private static long conv(int in, int out, int kernel) {
        return (long) in * out * kernel * kernel;
    }

    private static long batchNorm(int channels) {
        return 2L * channels;
    }
}
