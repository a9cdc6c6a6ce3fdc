package org.shiftadd.nn.conv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Random;

/**
 * Compares the backward pass of a layer with central finite differences of the loss
 * {@code L = sum(projection * layer(input))} for a fixed random projection, in training mode.
 */
final class GradientCheck {
    private static final double STEP = 1e-5;
    /** Allowed difference, relative to the larger of 1 and the numeric derivative. */
    private static final double TOLERANCE = 1e-6;

    private final Layer layer;
    private final Shape shape;
    private final int batch;
    private final double[] input;
    private final double[] projection;

    GradientCheck(Layer layer, Shape shape, int batch, long seed) {
        this.layer = layer;
        this.shape = shape;
        this.batch = batch;
        Random random = new Random(seed);
        this.input = gaussian(random, batch * shape.size());
        this.projection = gaussian(random, batch * layer.outputShape(shape).size());
    }

    /** Adds Gaussian noise of the given deviation to every parameter of the layer. */
    GradientCheck perturbParameters(double deviation, long seed) {
        Random random = new Random(seed);
        for (Parameter parameter : layer.parameters()) {
            for (int k = 0; k < parameter.values.length; k++) {
                parameter.values[k] += deviation * random.nextGaussian();
            }
        }
        return this;
    }

    /** Asserts that the input gradient and every parameter gradient match. */
    void assertGradientsMatch() {
        List<Parameter> parameters = layer.parameters();
        for (Parameter parameter : parameters) {
            parameter.zeroGradient();
        }
        layer.forward(input.clone(), batch, shape, true);
        double[] inputGradient = layer.backward(projection.clone());

        assertThat(inputGradient).hasSize(input.length);
        for (int i = 0; i < input.length; i++) {
            assertThat(inputGradient[i]).as("dL/dinput[%d] of %s", i, layer)
                    .isCloseTo(numericDerivative(input, i), within(tolerance(input, i)));
        }
        for (int p = 0; p < parameters.size(); p++) {
            double[] values = parameters.get(p).values;
            double[] gradient = parameters.get(p).gradient().clone();
            for (int k = 0; k < values.length; k++) {
                assertThat(gradient[k]).as("dL/dparameter[%d][%d] of %s", p, k, layer)
                        .isCloseTo(numericDerivative(values, k), within(tolerance(values, k)));
            }
        }
    }

    private double tolerance(double[] values, int index) {
        return TOLERANCE * Math.max(1, Math.abs(numericDerivative(values, index)));
    }

    /** Returns the central difference of the loss for one entry of {@code values}. */
    private double numericDerivative(double[] values, int index) {
        double original = values[index];
        values[index] = original + STEP;
        double plus = loss();
        values[index] = original - STEP;
        double minus = loss();
        values[index] = original;
        return (plus - minus) / (2 * STEP);
    }

    private double loss() {
        double[] output = layer.forward(input.clone(), batch, shape, true);
        double sum = 0;
        for (int i = 0; i < output.length; i++) {
            sum += projection[i] * output[i];
        }
        return sum;
    }

    private static double[] gaussian(Random random, int length) {
        double[] values = new double[length];
        for (int i = 0; i < length; i++) {
            values[i] = random.nextGaussian();
        }
        return values;
    }
}
