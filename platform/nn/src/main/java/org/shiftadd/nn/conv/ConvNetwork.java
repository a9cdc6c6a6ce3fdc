package org.shiftadd.nn.conv;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.shiftadd.nn.Evaluation;
import org.shiftadd.nn.Losses;
import org.shiftadd.nn.data.Dataset;

/**
 * A convolutional network for classification: layers applied one after another to images
 * of a fixed shape, ending in one logit per class, with a softmax cross-entropy loss.
 *
 * <p>The network is mutable: {@link ConvTrainer} updates its layers in place. Evaluation
 * methods run the layers in evaluation mode and allocate their own buffers, so several
 * threads may evaluate one network while nothing trains it.
 */
public final class ConvNetwork {
    /** Images per forward pass when evaluating a data set, to bound the buffer sizes. */
    private static final int EVALUATION_CHUNK = 64;

    private final Shape inputShape;
    private final List<Layer> layers;
    private final Shape[] shapes;

    private ConvNetwork(Shape inputShape, List<Layer> layers) {
        this.inputShape = inputShape;
        this.layers = layers;
        this.shapes = LayerSequence.shapes(layers, inputShape);
    }

    /**
     * Creates a network from its layers. The network uses the given layers, not copies, so a
     * layer must not be used anywhere else.
     *
     * @param inputShape the shape of one input image
     * @param layers at least one layer; the last output shape must be a vector
     *     {@code classes x 1 x 1}
     * @return the network
     * @throws IllegalArgumentException if there is no layer, a layer occurs twice, a layer
     *     does not fit the output of the one before, or the output is not a vector
     */
    public static ConvNetwork of(Shape inputShape, List<? extends Layer> layers) {
        Objects.requireNonNull(inputShape, "inputShape");
        List<Layer> checked = LayerSequence.checkLayers(layers, "network");
        if (checked.isEmpty()) {
            throw new IllegalArgumentException("a network needs at least one layer");
        }
        LayerSequence.checkDistinct(checked, "network");
        ConvNetwork network = new ConvNetwork(inputShape, checked);
        Shape output = network.shapes[checked.size()];
        if (!output.isVector()) {
            throw new IllegalArgumentException("the last layer must give one logit per class,"
                    + " a vector of shape classes x 1 x 1, found " + output
                    + ". End the network with Flatten or GlobalAvgPool and then Linear.");
        }
        return network;
    }

    /** Returns the shape of one input image. */
    public Shape inputShape() {
        return inputShape;
    }

    /** Returns the number of values of one input image, {@code inputShape().size()}. */
    public int inputSize() {
        return inputShape.size();
    }

    /** Returns the number of logits, the number of classes. */
    public int outputSize() {
        return shapes[shapes.length - 1].channels();
    }

    /** Returns the layers, unmodifiable. */
    public List<Layer> layers() {
        return layers;
    }

    /**
     * Returns the shape of one image after every layer, the input shape first: element
     * {@code i + 1} is the output shape of layer {@code i}.
     */
    public List<Shape> shapes() {
        return List.of(shapes);
    }

    /** Returns the number of trainable values: weights, biases and batch-norm scales. */
    public long parameterCount() {
        long count = 0;
        for (Layer layer : layers) {
            count += layer.parameterCount();
        }
        return count;
    }

    /**
     * Returns every convolution, those inside residual blocks included, in the order in
     * which a forward pass reaches them. In a block, the main branch comes before the
     * shortcut. The layers are live, but they expose only copies of their weights.
     */
    public List<Conv2d> convolutions() {
        List<Conv2d> result = new ArrayList<>();
        for (Layer layer : weightLayers()) {
            if (layer instanceof Conv2d conv) {
                result.add(conv);
            }
        }
        return result;
    }

    /** Returns every linear layer in forward order, like {@link #convolutions()}. */
    public List<Linear> linears() {
        List<Linear> result = new ArrayList<>();
        for (Layer layer : weightLayers()) {
            if (layer instanceof Linear linear) {
                result.add(linear);
            }
        }
        return result;
    }

    /**
     * Returns every convolution and linear layer in forward order: {@link #convolutions()}
     * and {@link #linears()} merged. The layers are live, but expose only copies of their
     * weights.
     */
    public List<Layer> weightLayers() {
        List<Layer> result = new ArrayList<>();
        LayerSequence.collectWeightLayers(layers, result);
        return result;
    }

    /** Returns the input shape of every layer of {@link #weightLayers()}, in the same order. */
    public List<Shape> weightLayerInputs() {
        List<Shape> result = new ArrayList<>();
        LayerSequence.collectWeightInputs(layers, inputShape, result);
        return result;
    }

    /**
     * Returns a copy in which every layer of {@link #weightLayers()} has new weights, in the
     * layout of its {@code weights()} method. Biases and all other values stay.
     *
     * @param weights one array per weight layer, in forward order; not modified
     * @return a new network that shares no arrays with this one
     * @throws IllegalArgumentException if the count or a length does not fit
     */
    public ConvNetwork withWeights(List<double[]> weights) {
        ConvNetwork copy = copy();
        List<Layer> targets = copy.weightLayers();
        if (weights.size() != targets.size()) {
            throw new IllegalArgumentException("the network has " + targets.size()
                    + " weight layers, found " + weights.size() + " weight arrays");
        }
        for (int i = 0; i < targets.size(); i++) {
            Layer target = targets.get(i);
            Parameter parameter = target instanceof Conv2d conv ? conv.weightParameter()
                    : ((Linear) target).weightParameter();
            parameter.replaceValues(weights.get(i), "weight layer " + i + " (" + target + ")");
        }
        return copy;
    }

    /**
     * Returns an equivalent network for evaluation in which every batch normalization that
     * directly follows a convolution, in the network or in a branch of a residual block, is
     * folded into that convolution. Outputs agree with {@link #logits} of this network up to
     * rounding. Batch normalizations after other layers stay as they are.
     *
     * @return a new network that shares no arrays with this one
     */
    public ConvNetwork foldBatchNorm() {
        return new ConvNetwork(inputShape, List.copyOf(LayerSequence.foldBatchNorm(layers)));
    }

    /** Returns a deep copy that shares no arrays with this network. */
    public ConvNetwork copy() {
        return new ConvNetwork(inputShape, List.copyOf(LayerSequence.copy(layers)));
    }

    /**
     * Computes the outputs before the softmax for several images, in evaluation mode.
     *
     * @param inputs {@code count * inputSize()} values in NCHW order; not modified
     * @param count number of images
     * @return {@code count * outputSize()} values, image after image
     * @throws IllegalArgumentException if the input length is not {@code count * inputSize()}
     */
    public double[] logits(double[] inputs, int count) {
        Layer.checkInput(inputs, count, inputShape);
        int classes = outputSize();
        double[] result = new double[count * classes];
        for (int first = 0; first < count; first += EVALUATION_CHUNK) {
            int chunk = Math.min(EVALUATION_CHUNK, count - first);
            double[] part = Arrays.copyOfRange(inputs, first * inputSize(),
                    (first + chunk) * inputSize());
            double[] logits = LayerSequence.forward(layers, part, chunk, inputShape, false);
            System.arraycopy(logits, 0, result, first * classes, chunk * classes);
        }
        return result;
    }

    /**
     * Predicts the class of several images: the index of the largest logit, the first one
     * on ties.
     *
     * @param inputs {@code count * inputSize()} values in NCHW order
     * @param count number of images
     * @return one class per image
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
     * @param data samples with {@code inputSize()} features, each an image in CHW order
     * @return one class per sample
     * @throws IllegalArgumentException if the feature count differs from the input size
     */
    public int[] predict(Dataset data) {
        int[] predictions = new int[data.size()];
        forEachChunk(data, (first, count, logits, labels) -> {
            for (int j = 0; j < count; j++) {
                predictions[first + j] = Losses.argmax(logits, j * outputSize(), outputSize());
            }
        });
        return predictions;
    }

    /**
     * Measures accuracy and mean cross-entropy loss on a data set.
     *
     * @param data samples with {@code inputSize()} features and at most
     *     {@code outputSize()} classes
     * @return the accuracy and the loss; both NaN for an empty data set
     * @throws IllegalArgumentException if the feature or class count does not fit
     */
    public Evaluation evaluate(Dataset data) {
        if (data.classes() > outputSize()) {
            throw new IllegalArgumentException("the data set has " + data.classes()
                    + " classes but the network only " + outputSize() + " outputs");
        }
        int classes = outputSize();
        long[] correct = new long[1];
        double[] loss = new double[1];
        double[] sample = new double[classes];
        forEachChunk(data, (first, count, logits, labels) -> {
            for (int j = 0; j < count; j++) {
                System.arraycopy(logits, j * classes, sample, 0, classes);
                loss[0] += Losses.crossEntropy(sample, classes, labels[j]);
                if (Losses.argmax(sample, 0, classes) == labels[j]) {
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

    /** Receives the logits of consecutive samples of a data set, image after image. */
    private interface ChunkConsumer {
        void accept(int first, int count, double[] logits, int[] labels);
    }

    private void forEachChunk(Dataset data, ChunkConsumer consumer) {
        checkFeatures(data, "data");
        int capacity = Math.max(1, Math.min(data.size(), EVALUATION_CHUNK));
        double[] inputs = new double[capacity * inputSize()];
        int[] labels = new int[capacity];
        int[] order = new int[capacity];
        for (int first = 0; first < data.size(); first += capacity) {
            int count = Math.min(capacity, data.size() - first);
            for (int j = 0; j < count; j++) {
                order[j] = first + j;
            }
            data.copyBatch(order, 0, count, inputs, labels);
            double[] batch = count == capacity ? inputs
                    : Arrays.copyOf(inputs, count * inputSize());
            consumer.accept(first, count,
                    LayerSequence.forward(layers, batch, count, inputShape, false), labels);
        }
    }

    /** Throws unless the samples of the data set have {@code inputSize()} features. */
    void checkFeatures(Dataset data, String name) {
        if (data.features() != inputSize()) {
            throw new IllegalArgumentException("the " + name + " set has " + data.features()
                    + " features but the network takes " + inputShape + " images of "
                    + inputSize() + " values");
        }
    }

    /**
     * Runs a training forward pass on a batch whose length the caller has checked and
     * returns the logits. The layers keep a reference to {@code inputs} until
     * {@link #backward}.
     */
    double[] forwardTraining(double[] inputs, int count) {
        return LayerSequence.forward(layers, inputs, count, inputShape, true);
    }

    /** Adds the parameter gradients for the gradient of the loss with respect to the logits. */
    void backward(double[] logitGradient) {
        LayerSequence.backward(layers, logitGradient);
    }

    /** Returns the trainable arrays of all layers, in a fixed order. */
    List<Parameter> parameters() {
        return LayerSequence.parameters(layers);
    }

    @Override
    public String toString() {
        return "ConvNetwork[" + inputShape + " -> " + outputSize() + " classes, "
                + layers.size() + " layers]";
    }
}
