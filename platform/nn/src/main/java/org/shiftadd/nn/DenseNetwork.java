package org.shiftadd.nn;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Random;
import org.shiftadd.api.Matrix;
import org.shiftadd.nn.data.Dataset;

/**
 * A multilayer perceptron for classification: fully connected layers with ReLU between
 * them and a softmax cross-entropy loss on the output.
 *
 * <p>Layer {@code l} maps {@code x} to {@code W x + b}, where {@code W} has one row per
 * output and one column per input. {@link #weights(int)} returns it in that orientation.
 * The network is mutable: {@link Trainer} updates it in place, and
 * {@link #setWeightsInPlace(int, Matrix)} replaces one layer. Evaluation methods allocate
 * their own buffers, so several threads may evaluate one network while nothing changes it.
 */
public final class DenseNetwork {
    /** Samples per forward pass when evaluating a data set, to bound the buffer sizes. */
    private static final int EVALUATION_CHUNK = 256;

    private final int[] sizes;
    /**
     * Weights by layer and input: {@code columns[l][k][o]} is {@code W[o][k]} of layer
     * {@code l}. Each inner array contains the weights from one input to every output, so the
     * forward pass adds whole arrays scaled by the non-zero inputs.
     */
    private final double[][][] columns;
    private final double[][] biases;

    private DenseNetwork(int[] sizes) {
        this.sizes = sizes.clone();
        int layers = sizes.length - 1;
        this.columns = new double[layers][][];
        this.biases = new double[layers][];
        for (int l = 0; l < layers; l++) {
            columns[l] = new double[sizes[l]][sizes[l + 1]];
            biases[l] = new double[sizes[l + 1]];
        }
    }

    /**
     * Creates a network with random weights and zero biases.
     *
     * @param layerSizes the number of inputs, then the width of every layer; the last entry
     *     is the number of classes. At least two entries, each at least 1.
     * @param initialization the weight distribution
     * @param seed seed of the {@link java.util.Random} that draws the weights; the same seed
     *     gives the same weights
     * @return the network
     * @throws IllegalArgumentException if the sizes are invalid
     */
    public static DenseNetwork create(int[] layerSizes, Initialization initialization,
            long seed) {
        Objects.requireNonNull(initialization, "initialization");
        DenseNetwork network = new DenseNetwork(checkSizes(layerSizes));
        Random random = new Random(seed);
        for (int l = 0; l < network.layerCount(); l++) {
            network.initialize(l, initialization, random);
        }
        return network;
    }

    /**
     * Creates a network from given weights and biases.
     *
     * @param weights one matrix per layer, outputs by inputs; the inputs of each layer are
     *     the outputs of the one before
     * @param biases one array per layer with one value per output; copied
     * @return the network
     * @throws IllegalArgumentException if the shapes do not chain or a value is not finite
     */
    public static DenseNetwork of(List<Matrix> weights, List<double[]> biases) {
        Objects.requireNonNull(weights, "weights");
        Objects.requireNonNull(biases, "biases");
        if (weights.isEmpty() || weights.size() != biases.size()) {
            throw new IllegalArgumentException("a network needs at least one layer and one"
                    + " bias per weight matrix, found " + weights.size() + " weight matrices and "
                    + biases.size() + " biases");
        }
        int[] sizes = new int[weights.size() + 1];
        sizes[0] = weights.get(0).cols();
        for (int l = 0; l < weights.size(); l++) {
            sizes[l + 1] = weights.get(l).rows();
        }
        DenseNetwork network = new DenseNetwork(checkSizes(sizes));
        for (int l = 0; l < weights.size(); l++) {
            network.setWeightsInPlace(l, weights.get(l));
            network.setBiasInPlace(l, biases.get(l));
        }
        return network;
    }

    private static int[] checkSizes(int[] layerSizes) {
        Objects.requireNonNull(layerSizes, "layerSizes");
        if (layerSizes.length < 2) {
            throw new IllegalArgumentException("a network needs the input size and at least"
                    + " one layer size, found " + layerSizes.length + " sizes");
        }
        for (int size : layerSizes) {
            if (size < 1) {
                throw new IllegalArgumentException("every layer size must be at least 1, found "
                        + Arrays.toString(layerSizes));
            }
        }
        return layerSizes;
    }

    private void initialize(int layer, Initialization initialization, Random random) {
        int fanIn = sizes[layer];
        double uniformLimit = Math.sqrt(6.0 / fanIn);
        double normalDeviation = Math.sqrt(2.0 / fanIn);
        // Draws row by row of W, so a seed gives the same matrix whatever the storage order.
        for (int o = 0; o < sizes[layer + 1]; o++) {
            for (int k = 0; k < fanIn; k++) {
                double w = initialization == Initialization.HE_UNIFORM
                        ? (2 * random.nextDouble() - 1) * uniformLimit
                        : random.nextGaussian() * normalDeviation;
                columns[layer][k][o] = w;
            }
        }
    }

    /** Returns the number of layers with weights, one less than the number of sizes. */
    public int layerCount() {
        return columns.length;
    }

    /** Returns the number of inputs, then the number of outputs of every layer. */
    public int[] layerSizes() {
        return sizes.clone();
    }

    /** Returns the number of inputs of the first layer. */
    public int inputSize() {
        return sizes[0];
    }

    /** Returns the number of outputs of the last layer, the number of classes. */
    public int outputSize() {
        return sizes[sizes.length - 1];
    }

    /** Returns the number of weights and biases of all layers. */
    public long parameterCount() {
        long count = 0;
        for (int l = 0; l < layerCount(); l++) {
            count += (long) sizes[l] * sizes[l + 1] + sizes[l + 1];
        }
        return count;
    }

    /**
     * Returns a copy of the weights of one layer.
     *
     * @param layer layer index, from 0
     * @return the matrix {@code W}, one row per output and one column per input
     */
    public Matrix weights(int layer) {
        Objects.checkIndex(layer, layerCount());
        return Matrix.of(sizes[layer + 1], sizes[layer], weightsRowMajor(layer));
    }

    /**
     * Returns a copy of the bias of one layer.
     *
     * @param layer layer index, from 0
     * @return one value per output
     */
    public double[] bias(int layer) {
        Objects.checkIndex(layer, layerCount());
        return biases[layer].clone();
    }

    /**
     * Returns a copy of this network with the weights of every layer replaced and the biases
     * kept, for example to evaluate a quantized network.
     *
     * @param weights one matrix per layer, each with the shape of {@link #weights(int)}
     * @return the new network; this one is unchanged
     * @throws IllegalArgumentException if the number of matrices or a shape differs, or a
     *     value is not finite
     */
    public DenseNetwork withWeights(List<Matrix> weights) {
        Objects.requireNonNull(weights, "weights");
        if (weights.size() != layerCount()) {
            throw new IllegalArgumentException("the network has " + layerCount()
                    + " layers but " + weights.size() + " weight matrices were given");
        }
        DenseNetwork result = copy();
        for (int l = 0; l < layerCount(); l++) {
            result.setWeightsInPlace(l, weights.get(l));
        }
        return result;
    }

    /**
     * Replaces the weights of one layer.
     *
     * @param layer layer index, from 0
     * @param weights the new matrix, with the shape of {@link #weights(int)}; copied
     * @throws IllegalArgumentException if the shape differs or a value is not finite
     */
    public void setWeightsInPlace(int layer, Matrix weights) {
        Objects.checkIndex(layer, layerCount());
        Objects.requireNonNull(weights, "weights");
        int rows = sizes[layer + 1];
        int cols = sizes[layer];
        if (weights.rows() != rows || weights.cols() != cols) {
            throw new IllegalArgumentException("layer " + layer + " needs a " + rows + "x"
                    + cols + " weight matrix (outputs x inputs), found " + weights.rows()
                    + "x" + weights.cols());
        }
        int[] at = weights.firstNonFinite();
        if (at != null) {
            throw new IllegalArgumentException("weight (" + at[0] + ", " + at[1] + ") of layer "
                    + layer + " is " + weights.get(at[0], at[1]) + ": weights must be finite");
        }
        setWeightsRowMajor(layer, weights.toArray());
    }

    /**
     * Replaces the bias of one layer.
     *
     * @param layer layer index, from 0
     * @param bias one finite value per output; copied
     * @throws IllegalArgumentException if the length differs or a value is not finite
     */
    public void setBiasInPlace(int layer, double[] bias) {
        Objects.checkIndex(layer, layerCount());
        Objects.requireNonNull(bias, "bias");
        if (bias.length != sizes[layer + 1]) {
            throw new IllegalArgumentException("layer " + layer + " needs " + sizes[layer + 1]
                    + " bias values, found " + bias.length);
        }
        for (int o = 0; o < bias.length; o++) {
            if (!Double.isFinite(bias[o])) {
                throw new IllegalArgumentException("bias " + o + " of layer " + layer + " is "
                        + bias[o] + ": biases must be finite");
            }
        }
        System.arraycopy(bias, 0, biases[layer], 0, bias.length);
    }

    /** Returns a deep copy that shares no arrays with this network. */
    public DenseNetwork copy() {
        DenseNetwork copy = new DenseNetwork(sizes);
        for (int l = 0; l < layerCount(); l++) {
            for (int k = 0; k < sizes[l]; k++) {
                System.arraycopy(columns[l][k], 0, copy.columns[l][k], 0, sizes[l + 1]);
            }
            System.arraycopy(biases[l], 0, copy.biases[l], 0, sizes[l + 1]);
        }
        return copy;
    }

    /**
     * Computes the outputs before the softmax for several samples.
     *
     * @param inputs {@code count * inputSize()} values, sample after sample
     * @param count number of samples
     * @return {@code count * outputSize()} values, sample after sample
     * @throws IllegalArgumentException if the input length is not {@code count * inputSize()}
     */
    public double[] logits(double[] inputs, int count) {
        checkInputs(inputs, count);
        int classes = outputSize();
        double[] result = new double[count * classes];
        ForwardPass pass = new ForwardPass(this, Math.max(1, Math.min(count, EVALUATION_CHUNK)));
        for (int first = 0; first < count; first += EVALUATION_CHUNK) {
            int chunk = Math.min(EVALUATION_CHUNK, count - first);
            double[][] logits = pass.run(inputs, first, chunk);
            for (int j = 0; j < chunk; j++) {
                System.arraycopy(logits[j], 0, result, (first + j) * classes, classes);
            }
        }
        return result;
    }

    /**
     * Predicts the class of several samples: the index of the largest logit, the first one
     * on ties.
     *
     * @param inputs {@code count * inputSize()} values, sample after sample
     * @param count number of samples
     * @return one class per sample
     * @throws IllegalArgumentException if the input length is not {@code count * inputSize()}
     */
    public int[] predict(double[] inputs, int count) {
        double[] logits = logits(inputs, count);
        int classes = outputSize();
        int[] predictions = new int[count];
        for (int j = 0; j < count; j++) {
            predictions[j] = Losses.argmax(logits, j * classes, classes);
        }
        return predictions;
    }

    /**
     * Predicts the class of every sample of a data set.
     *
     * @param data samples with {@code inputSize()} features
     * @return one class per sample
     * @throws IllegalArgumentException if the feature count differs from the input size
     */
    public int[] predict(Dataset data) {
        int[] predictions = new int[data.size()];
        forEachChunk(data, (first, count, logits, labels) -> {
            for (int j = 0; j < count; j++) {
                predictions[first + j] = Losses.argmax(logits[j], 0, outputSize());
            }
        });
        return predictions;
    }

    /**
     * Measures accuracy and mean cross-entropy loss on a data set.
     *
     * @param data samples with {@code inputSize()} features and at most {@code outputSize()}
     *     classes
     * @return the accuracy and the loss; both NaN for an empty data set
     * @throws IllegalArgumentException if the feature or class count does not fit
     */
    public Evaluation evaluate(Dataset data) {
        if (data.classes() > outputSize()) {
            throw new IllegalArgumentException("the data set has " + data.classes()
                    + " classes but the network only " + outputSize() + " outputs");
        }
        long[] correct = new long[1];
        double[] loss = new double[1];
        forEachChunk(data, (first, count, logits, labels) -> {
            for (int j = 0; j < count; j++) {
                loss[0] += Losses.crossEntropy(logits[j], outputSize(), labels[j]);
                if (Losses.argmax(logits[j], 0, outputSize()) == labels[j]) {
                    correct[0]++;
                }
            }
        });
        return new Evaluation((double) correct[0] / data.size(), loss[0] / data.size());
    }

    /**
     * Returns the fraction of samples whose predicted class equals the label.
     *
     * @param data samples with {@code inputSize()} features
     * @return the accuracy in {@code [0, 1]}, NaN for an empty data set
     */
    public double accuracy(Dataset data) {
        return evaluate(data).accuracy();
    }

    /**
     * Returns the mean softmax cross-entropy loss, in nats, over a data set.
     *
     * @param data samples with {@code inputSize()} features
     * @return the mean loss, NaN for an empty data set
     */
    public double meanLoss(Dataset data) {
        return evaluate(data).meanLoss();
    }

    /** Receives the logits of consecutive samples of a data set. */
    private interface ChunkConsumer {
        void accept(int first, int count, double[][] logits, int[] labels);
    }

    private void forEachChunk(Dataset data, ChunkConsumer consumer) {
        if (data.features() != inputSize()) {
            throw new IllegalArgumentException("the data set has " + data.features()
                    + " features but the network takes " + inputSize() + " inputs");
        }
        int capacity = Math.max(1, Math.min(data.size(), EVALUATION_CHUNK));
        ForwardPass pass = new ForwardPass(this, capacity);
        double[] inputs = new double[capacity * inputSize()];
        int[] labels = new int[capacity];
        int[] order = new int[capacity];
        for (int first = 0; first < data.size(); first += capacity) {
            int count = Math.min(capacity, data.size() - first);
            for (int j = 0; j < count; j++) {
                order[j] = first + j;
            }
            data.copyBatch(order, 0, count, inputs, labels);
            consumer.accept(first, count, pass.run(inputs, 0, count), labels);
        }
    }

    private void checkInputs(double[] inputs, int count) {
        Objects.requireNonNull(inputs, "inputs");
        if (count < 0 || (long) count * inputSize() != inputs.length) {
            throw new IllegalArgumentException(count + " samples of " + inputSize()
                    + " inputs need " + (long) count * inputSize() + " values, found "
                    + inputs.length);
        }
    }

    /** Returns the live weight columns of one layer, see {@link #columns}. */
    double[][] columns(int layer) {
        return columns[layer];
    }

    /** Returns the live bias array of one layer. */
    double[] biasArray(int layer) {
        return biases[layer];
    }

    /** Returns {@code W} of one layer as a new row-major array. */
    double[] weightsRowMajor(int layer) {
        int rows = sizes[layer + 1];
        int cols = sizes[layer];
        double[] flat = new double[rows * cols];
        copyWeightsTo(layer, flat);
        return flat;
    }

    /** Writes {@code W} of one layer, row-major, into {@code flat}. */
    void copyWeightsTo(int layer, double[] flat) {
        int cols = sizes[layer];
        for (int k = 0; k < cols; k++) {
            double[] column = columns[layer][k];
            for (int o = 0; o < column.length; o++) {
                flat[o * cols + k] = column[o];
            }
        }
    }

    /** Replaces {@code W} of one layer from a row-major array of the right length. */
    void setWeightsRowMajor(int layer, double[] flat) {
        int cols = sizes[layer];
        for (int k = 0; k < cols; k++) {
            double[] column = columns[layer][k];
            for (int o = 0; o < column.length; o++) {
                column[o] = flat[o * cols + k];
            }
        }
    }

    /** Returns the first layer with a weight or bias that is NaN or infinite, or -1. */
    int firstNonFiniteLayer() {
        for (int l = 0; l < layerCount(); l++) {
            for (double[] column : columns[l]) {
                if (!allFinite(column)) {
                    return l;
                }
            }
            if (!allFinite(biases[l])) {
                return l;
            }
        }
        return -1;
    }

    private static boolean allFinite(double[] values) {
        for (double v : values) {
            if (!Double.isFinite(v)) {
                return false;
            }
        }
        return true;
    }

    @Override
    public String toString() {
        return "DenseNetwork" + Arrays.toString(sizes);
    }
}
