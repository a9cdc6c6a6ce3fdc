package org.shiftadd.nn.conv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.shiftadd.nn.conv.ArrayAssertions.assertAllClose;

import java.util.Random;
import org.junit.jupiter.api.Test;

class Conv2dTest {
    @Test
    void forwardMatchesDefinition() {
        ConvSpec[] specs = {
            ConvSpec.square(3, 4, 3, 1, 1),
            ConvSpec.square(3, 4, 3, 2, 1),
            ConvSpec.square(2, 5, 1, 2, 0),
            new ConvSpec(2, 3, 2, 3, 1, 0),
            ConvSpec.square(2, 3, 3, 3, 2),
        };
        Random random = new Random(1);
        for (ConvSpec spec : specs) {
            Conv2d conv = Conv2d.of(spec, gaussian(random, spec.weightCount()),
                    gaussian(random, spec.outChannels()));
            Shape shape = new Shape(spec.inChannels(), 7, 8);
            double[] input = gaussian(random, 2 * shape.size());

            double[] expected = ReferenceConv.forward(conv, input, 2, shape);
            double[] actual = conv.forward(input, 2, shape);

            assertAllClose(actual, expected, 1e-10, spec.toString());
        }
    }

    @Test
    void imageGroupsMatchDefinition() {
        ConvSpec spec = ConvSpec.square(4, 3, 3, 1, 1);
        Shape shape = new Shape(4, 40, 40);
        Shape out = spec.outputShape(shape);
        int batch = 2 * ConvKernels.imagesPerGroup(spec, out, Integer.MAX_VALUE) + 1;
        Random random = new Random(2);
        Conv2d conv = Conv2d.of(spec, gaussian(random, spec.weightCount()),
                gaussian(random, spec.outChannels()));
        double[] input = gaussian(random, batch * shape.size());
        double[] outputGradient = gaussian(random, batch * out.size());

        double[] output = conv.forward(input, batch, shape, true);
        double[] inputGradient = conv.backward(outputGradient.clone());

        assertAllClose(output, ReferenceConv.forward(conv, input, batch, shape), 1e-10,
                "output");
        assertAllClose(inputGradient,
                ReferenceConv.inputGradient(conv, batch, shape, outputGradient), 1e-10,
                "input gradient");
        assertAllClose(conv.parameters().get(0).gradient(),
                ReferenceConv.weightGradient(conv, input, batch, shape, outputGradient), 1e-8,
                "weight gradient");
    }

    @Test
    void weightIndexFollowsOutInRowColumnLayout() {
        ConvSpec spec = new ConvSpec(2, 3, 2, 4, 1, 0);
        double[] weights = new double[spec.weightCount()];
        for (int i = 0; i < weights.length; i++) {
            weights[i] = i;
        }
        Conv2d conv = Conv2d.of(spec, weights, null);

        assertThat(conv.weight(2, 1, 1, 3)).isEqualTo(((2 * 2 + 1) * 2 + 1) * 4 + 3);
        assertThat(conv.weights()).containsExactly(weights);
        assertThat(conv.hasBias()).isFalse();
        assertThat(conv.bias()).containsExactly(0, 0, 0);
        assertThat(conv.parameterCount()).isEqualTo(spec.weightCount());
    }

    @Test
    void heInitializationHasFanInVariance() {
        ConvSpec spec = ConvSpec.square(64, 64, 3, 1, 1);
        Conv2d conv = Conv2d.create(spec, true, new Random(3));
        double sumOfSquares = 0;
        for (double w : conv.weights()) {
            sumOfSquares += w * w;
        }
        double deviation = Math.sqrt(sumOfSquares / spec.weightCount());

        assertThat(deviation).isCloseTo(Math.sqrt(2.0 / 576), within(0.01 * Math.sqrt(2.0 / 576)));
        assertThat(conv.bias()).containsOnly(0);
        assertThat(conv.parameterCount()).isEqualTo(spec.weightCount() + 64L);
    }

    @Test
    void ofRejectsWrongLengthAndNonFiniteValues() {
        ConvSpec spec = ConvSpec.square(2, 3, 3, 1, 1);

        assertThatThrownBy(() -> Conv2d.of(spec, new double[53], null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("needs 54 weights values, found 53");
        double[] weights = new double[54];
        weights[7] = Double.NaN;
        assertThatThrownBy(() -> Conv2d.of(spec, weights, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("weights value 7")
                .hasMessageContaining("NaN");
        assertThatThrownBy(() -> Conv2d.of(spec, new double[54], new double[2]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("needs 3 bias values, found 2");
    }

    @Test
    void forwardRejectsInputOfWrongLengthOrChannels() {
        Conv2d conv = Conv2d.create(ConvSpec.square(2, 3, 3, 1, 1), false, new Random(4));

        assertThatThrownBy(() -> conv.forward(new double[49], 1, new Shape(2, 5, 5)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("need 50 values, found 49");
        assertThatThrownBy(() -> conv.forward(new double[75], 1, new Shape(3, 5, 5)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("takes 2 input channels");
    }

    @Test
    void copySharesNoArrays() {
        Conv2d conv = Conv2d.create(ConvSpec.square(1, 2, 3, 1, 1), true, new Random(5));
        Conv2d copy = conv.copy();

        copy.parameters().get(0).values[0] += 1;

        assertThat(conv.weights()[0]).isNotEqualTo(copy.weights()[0]);
        assertThat(copy.spec()).isEqualTo(conv.spec());
    }

    static double[] gaussian(Random random, int length) {
        double[] values = new double[length];
        for (int i = 0; i < length; i++) {
            values[i] = random.nextGaussian();
        }
        return values;
    }
}
