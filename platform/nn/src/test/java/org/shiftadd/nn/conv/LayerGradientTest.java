package org.shiftadd.nn.conv;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Checks the backward pass of every layer against central finite differences. */
class LayerGradientTest {
    @Test
    void convWithStrideTwoAndPadding() {
        Conv2d conv = Conv2d.create(ConvSpec.square(3, 4, 3, 2, 1), true, new Random(1));
        new GradientCheck(conv, new Shape(3, 7, 6), 2, 11).perturbParameters(0.1, 2)
                .assertGradientsMatch();
    }

    @Test
    void convWithRectangularKernelWithoutBias() {
        Conv2d conv = Conv2d.create(new ConvSpec(2, 3, 2, 3, 1, 0), false, new Random(3));
        new GradientCheck(conv, new Shape(2, 5, 6), 3, 12).assertGradientsMatch();
    }

    @Test
    void convWithStrideThreeAndPaddingTwo() {
        Conv2d conv = Conv2d.create(ConvSpec.square(2, 3, 3, 3, 2), true, new Random(4));
        new GradientCheck(conv, new Shape(2, 8, 7), 2, 13).perturbParameters(0.1, 5)
                .assertGradientsMatch();
    }

    @Test
    void batchNormInTraining() {
        BatchNorm2d norm = BatchNorm2d.create(3);
        new GradientCheck(norm, new Shape(3, 4, 5), 3, 14).perturbParameters(0.5, 6)
                .assertGradientsMatch();
    }

    @Test
    void maxPool() {
        new GradientCheck(new MaxPool2d(2, 2), new Shape(2, 7, 6), 2, 15)
                .assertGradientsMatch();
    }

    @Test
    void maxPoolWithOverlappingWindows() {
        new GradientCheck(new MaxPool2d(3, 2), new Shape(2, 7, 7), 2, 16)
                .assertGradientsMatch();
    }

    @Test
    void maxPoolWithPadding() {
        new GradientCheck(new MaxPool2d(3, 2, 1), new Shape(2, 6, 5), 2, 17)
                .assertGradientsMatch();
    }

    @Test
    void averagePool() {
        new GradientCheck(new AvgPool2d(2, 2), new Shape(2, 7, 6), 2, 17)
                .assertGradientsMatch();
    }

    @Test
    void averagePoolWithOverlappingWindows() {
        new GradientCheck(new AvgPool2d(3, 2), new Shape(2, 7, 7), 2, 18)
                .assertGradientsMatch();
    }

    @Test
    void globalAveragePool() {
        new GradientCheck(new GlobalAvgPool(), new Shape(3, 4, 5), 2, 19)
                .assertGradientsMatch();
    }

    @Test
    void relu() {
        new GradientCheck(new Relu(), new Shape(2, 3, 4), 2, 20).assertGradientsMatch();
    }

    @Test
    void flatten() {
        new GradientCheck(new Flatten(), new Shape(2, 3, 4), 2, 21).assertGradientsMatch();
    }

    @Test
    void linear() {
        Linear linear = Linear.create(6, 4, new Random(7));
        new GradientCheck(linear, Shape.vector(6), 3, 22).perturbParameters(0.1, 8)
                .assertGradientsMatch();
    }

    @Test
    void basicBlockWithProjectionShortcut() {
        ResidualBlock block = ResidualBlock.basic(2, 3, 2, new Random(9));
        new GradientCheck(block, new Shape(2, 6, 5), 3, 23).perturbParameters(0.2, 10)
                .assertGradientsMatch();
    }

    @Test
    void basicBlockWithIdentityShortcut() {
        ResidualBlock block = ResidualBlock.basic(3, 3, 1, new Random(11));
        new GradientCheck(block, new Shape(3, 4, 4), 2, 24).perturbParameters(0.2, 12)
                .assertGradientsMatch();
    }

    @Test
    void residualBlockWithLayersAfterTheSum() {
        ResidualBlock block = ResidualBlock.of(
                List.of(Conv2d.create(ConvSpec.square(2, 2, 3, 1, 1), true, new Random(13)),
                        new Relu(),
                        new AvgPool2d(2, 2)),
                List.of(new MaxPool2d(2, 2)));
        new GradientCheck(block, new Shape(2, 6, 6), 2, 25).perturbParameters(0.1, 14)
                .assertGradientsMatch();
    }
}
