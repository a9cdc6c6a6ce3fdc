package org.shiftadd.nn;

import java.util.Arrays;

/**
 * One step of mini-batch SGD with momentum on a network: forward pass, softmax
 * cross-entropy, backpropagation and the update, with buffers reused from step to step.
 *
 * <p>The gradient of every layer's weights is built one input at a time and applied at
 * once, so no full gradient matrix is stored. With momentum 0 the velocity arrays contain
 * the last gradient, which tests use.
 */
final class SgdStep {
    private final DenseNetwork network;
    private final int[] sizes;
    private final ForwardPass forward;
    /** Gradient of the mean loss with respect to each layer's pre-activations. */
    private final double[][][] deltas;
    /** {@code W} of each layer, one row per output, refreshed before it is used. */
    private final double[][][] weightRows;
    /** Momentum buffer of every weight, laid out like {@link DenseNetwork#columns(int)}. */
    private final double[][][] weightVelocity;
    private final double[][] biasVelocity;
    private final SparseRows sparseDelta = new SparseRows();
    private final SparseRows inputColumns = new SparseRows();
    private final double[] gradientRow;
    private final double[][] hookBuffers;
    private int lastCorrect;

    SgdStep(DenseNetwork network, int capacity) {
        this.network = network;
        this.sizes = network.layerSizes();
        int layers = network.layerCount();
        this.forward = new ForwardPass(network, capacity);
        this.deltas = new double[layers][][];
        this.weightRows = new double[layers][][];
        this.weightVelocity = new double[layers][][];
        this.biasVelocity = new double[layers][];
        this.hookBuffers = new double[layers][];
        int widest = 0;
        for (int l = 0; l < layers; l++) {
            deltas[l] = new double[capacity][sizes[l + 1]];
            weightRows[l] = l == 0 ? null : new double[sizes[l + 1]][sizes[l]];
            weightVelocity[l] = new double[sizes[l]][sizes[l + 1]];
            biasVelocity[l] = new double[sizes[l + 1]];
            widest = Math.max(widest, sizes[l + 1]);
        }
        this.gradientRow = new double[widest];
    }

    /**
     * Trains on one mini-batch and returns its mean loss, measured before the update.
     *
     * @param inputs {@code count} samples, row-major
     * @param labels {@code count} labels
     * @param hook runs once per layer after every layer is updated, or null
     */
    double run(double[] inputs, int[] labels, int count, double learningRate, double momentum,
            StepHook hook) {
        double[][] logits = forward.run(inputs, 0, count);
        double loss = outputGradient(logits, labels, count);
        for (int l = network.layerCount() - 1; l >= 0; l--) {
            if (l > 0) {
                propagateDelta(l, count);
            }
            updateWeights(l, count, learningRate, momentum);
            updateBias(l, count, learningRate, momentum);
        }
        if (hook != null) {
            runHook(hook, learningRate);
        }
        return loss;
    }

    /** Returns how many samples of the last mini-batch were classified correctly. */
    int lastCorrect() {
        return lastCorrect;
    }

    double[][] weightVelocity(int layer) {
        return weightVelocity[layer];
    }

    double[] biasVelocity(int layer) {
        return biasVelocity[layer];
    }

    private double outputGradient(double[][] logits, int[] labels, int count) {
        int last = network.layerCount() - 1;
        int classes = sizes[last + 1];
        double scale = 1.0 / count;
        double sum = 0;
        int correct = 0;
        for (int b = 0; b < count; b++) {
            if (Losses.argmax(logits[b], 0, classes) == labels[b]) {
                correct++;
            }
            sum += Losses.crossEntropyGradient(logits[b], classes, labels[b], scale,
                    deltas[last][b]);
        }
        lastCorrect = correct;
        return sum / count;
    }

    /** Computes the delta of layer {@code l - 1} from that of layer {@code l}. */
    private void propagateDelta(int l, int count) {
        int outputs = sizes[l + 1];
        int inputs = sizes[l];
        Kernels.transpose(network.columns(l), inputs, outputs, weightRows[l]);
        sparseDelta.setNonZero(deltas[l], count, outputs);
        double[][] below = deltas[l - 1];
        double[][] belowZ = forward.preActivations[l - 1];
        for (int b = 0; b < count; b++) {
            double[] row = below[b];
            Arrays.fill(row, 0, inputs, 0);
            Kernels.addRowTimes(sparseDelta, b, weightRows[l], row, inputs);
            double[] z = belowZ[b];
            for (int k = 0; k < inputs; k++) {
                if (!(z[k] > 0)) {
                    row[k] = 0;
                }
            }
        }
    }

    /**
     * Applies the momentum update to the weights of layer {@code l}. The gradient for input
     * {@code k} is the sum over samples of {@code input[b][k] * delta[b]}, built from the
     * transposed sparse inputs so that inputs that are zero cost nothing.
     */
    private void updateWeights(int l, int count, double learningRate, double momentum) {
        int outputs = sizes[l + 1];
        int inputs = sizes[l];
        inputColumns.setTranspose(forward.layerInputs[l], inputs);
        double[][] columns = network.columns(l);
        double[][] delta = deltas[l];
        double[] g = gradientRow;
        for (int k = 0; k < inputs; k++) {
            Arrays.fill(g, 0, outputs, 0);
            Kernels.addRowTimes(inputColumns, k, delta, g, outputs);
            double[] w = columns[k];
            double[] v = weightVelocity[l][k];
            for (int o = 0; o < outputs; o++) {
                double velocity = momentum * v[o] + g[o];
                v[o] = velocity;
                w[o] -= learningRate * velocity;
            }
        }
    }

    private void updateBias(int l, int count, double learningRate, double momentum) {
        int outputs = sizes[l + 1];
        double[] bias = network.biasArray(l);
        double[] v = biasVelocity[l];
        double[][] delta = deltas[l];
        for (int o = 0; o < outputs; o++) {
            double g = 0;
            for (int b = 0; b < count; b++) {
                g += delta[b][o];
            }
            double velocity = momentum * v[o] + g;
            v[o] = velocity;
            bias[o] -= learningRate * velocity;
        }
    }

    private void runHook(StepHook hook, double learningRate) {
        for (int l = 0; l < network.layerCount(); l++) {
            if (hookBuffers[l] == null) {
                hookBuffers[l] = new double[sizes[l + 1] * sizes[l]];
            }
            network.copyWeightsTo(l, hookBuffers[l]);
            hook.afterStep(l, hookBuffers[l], sizes[l + 1], sizes[l], learningRate);
            network.setWeightsRowMajor(l, hookBuffers[l]);
        }
    }
}
