package org.shiftadd.engine.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import org.shiftadd.api.ColumnClustering;
import org.shiftadd.api.Regularizer;
import org.shiftadd.api.StageKind;
import org.shiftadd.engine.InputException;
import org.shiftadd.engine.ProgressListener;
import org.shiftadd.engine.bus.Provenance;
import org.shiftadd.engine.bus.StageClient;
import org.shiftadd.engine.bus.StageReply;
import org.shiftadd.engine.bus.StageRequest;
import org.shiftadd.engine.spec.ExperimentSpec;
import org.shiftadd.engine.spec.ExperimentSpec.StepSpec;
import org.shiftadd.nn.TiedColumns;
import org.shiftadd.nn.TrainingConfig;
import org.shiftadd.nn.TrainingDivergedException;
import org.shiftadd.nn.conv.AvgPool2d;
import org.shiftadd.nn.conv.BatchNorm2d;
import org.shiftadd.nn.conv.Conv2d;
import org.shiftadd.nn.conv.ConvNetwork;
import org.shiftadd.nn.conv.ConvSpec;
import org.shiftadd.nn.conv.ConvTrainer;
import org.shiftadd.nn.conv.Flatten;
import org.shiftadd.nn.conv.GlobalAvgPool;
import org.shiftadd.nn.conv.Layer;
import org.shiftadd.nn.conv.Linear;
import org.shiftadd.nn.conv.MaxPool2d;
import org.shiftadd.nn.conv.Relu;
import org.shiftadd.nn.conv.WeightHook;
import org.shiftadd.nn.data.Dataset;
import org.shiftadd.numerics.prune.GroupLasso;
import org.shiftadd.numerics.prune.GroupLassoParameters;

/**
 * Group-lasso pruning and weight sharing for convolutional networks.
 *
 * <p>Pruning treats every input channel of a convolution as one group: all its weights,
 * across every output channel and kernel tap. For a linear layer a group is one input
 * feature, as in a multilayer perceptron. Training goes on with the regularizer's proximal
 * step after every SGD step. Groups whose norm ends at or below the threshold then become
 * exactly zero, and fine-tuning keeps them at zero. A pruned input channel removes the output
 * channel that feeds it in the layer before, when nothing else reads that channel (see
 * {@link #liveOutputs}).
 *
 * <p>Sharing clusters the columns of each layer's matrix in the form that is decomposed: the
 * input channels of a partial-kernel matrix, the (channel, tap) columns of a full-kernel
 * matrix, the input features of a linear layer. The members of each cluster are set to their
 * centroid and retrained tied, with the assignments frozen.
 */
final class ConvCompression {
    private final ExperimentSpec spec;
    private final ProgressListener listener;
    private final StageClient client;
    private final Dataset train;
    private final Dataset test;
    private final Consumer<Provenance> stageUsed;

    /**
     * Creates the stage runner.
     *
     * @param train the training images, with any shifted copies
     * @param test the test images
     * @param stageUsed receives the provenance of every clusterer reply
     */
    ConvCompression(ExperimentSpec spec, ProgressListener listener, StageClient client,
            Dataset train, Dataset test, Consumer<Provenance> stageUsed) {
        this.stageUsed = stageUsed;
        this.spec = spec;
        this.listener = listener;
        this.client = client;
        this.train = train;
        this.test = test;
    }

    /**
     * The weights of one layer as a row-major matrix whose columns are the groups that a
     * stage works on.
     */
    record View(double[] values, int rows, int cols) {
    }

    /**
     * Returns the weights of a layer with one column per input channel of a convolution
     * (rows ordered by output channel, then tap) or per input feature of a linear layer.
     *
     * @param layer a convolution or linear layer
     * @param weights the layer's weights in the layout of its {@code weights()} method
     */
    static View channels(Layer layer, double[] weights) {
        if (layer instanceof Conv2d conv) {
            ConvSpec geometry = conv.spec();
            int in = geometry.inChannels();
            int taps = geometry.taps();
            int out = geometry.outChannels();
            double[] values = new double[weights.length];
            for (int o = 0; o < out; o++) {
                for (int c = 0; c < in; c++) {
                    for (int t = 0; t < taps; t++) {
                        values[(o * taps + t) * in + c] = weights[(o * in + c) * taps + t];
                    }
                }
            }
            return new View(values, out * taps, in);
        }
        Linear linear = (Linear) layer;
        return new View(weights.clone(), linear.outFeatures(), linear.inFeatures());
    }

    /** Writes a view made by {@link #channels} back into the layer's weight layout. */
    static void writeChannels(Layer layer, View view, double[] weights) {
        if (layer instanceof Conv2d conv) {
            ConvSpec geometry = conv.spec();
            int in = geometry.inChannels();
            int taps = geometry.taps();
            for (int o = 0; o < geometry.outChannels(); o++) {
                for (int c = 0; c < in; c++) {
                    for (int t = 0; t < taps; t++) {
                        weights[(o * in + c) * taps + t] = view.values[(o * taps + t) * in + c];
                    }
                }
            }
        } else {
            System.arraycopy(view.values, 0, weights, 0, weights.length);
        }
    }

    /**
     * Returns the view whose columns are those of the layer's matrix in {@code form}: input
     * channels for {@code pk}, and the weight layout itself otherwise, whose columns are the
     * (channel, tap) pairs of a full-kernel matrix or the features of a linear layer.
     */
    static View ofForm(Layer layer, String form, double[] weights) {
        if (form.equals("pk")) {
            return channels(layer, weights);
        }
        int rows = layer instanceof Conv2d conv ? conv.spec().outChannels()
                : ((Linear) layer).outFeatures();
        return new View(weights.clone(), rows, weights.length / rows);
    }

    /** Writes a view made by {@link #ofForm} back into the layer's weight layout. */
    static void writeForm(Layer layer, String form, View view, double[] weights) {
        if (form.equals("pk")) {
            writeChannels(layer, view, weights);
        } else {
            System.arraycopy(view.values, 0, weights, 0, weights.length);
        }
    }

    /**
     * Prunes input channels with group lasso and fine-tunes.
     *
     * @param network the trained network, batch norm not folded; not modified
     * @param step the regularizer step
     * @param regularizer the regularizer stage
     * @return the pruned and fine-tuned network
     */
    ConvNetwork prune(ConvNetwork network, StepSpec step, Regularizer regularizer) {
        Map<String, Object> parameters = CompressionProtocol.stageParameters(step,
                CompressionProtocol.REGULARIZER_KEYS);
        parameters.put("lambda", step.parameters().get("lambda"));
        int epochs = CompressionProtocol.integer(step, "epochs", spec.train().epochs());
        listener.progress("prune", "group lasso on input channels with lambda = "
                + parameters.get("lambda") + " for " + PipelineRunner.epochs(epochs));
        ConvNetwork pruned = network.copy();
        train(pruned, epochs, spec.train().learningRate(), (index, layer, weights, rate) -> {
            View view = channels(layer, weights);
            regularizer.applyProximalStepInPlace(view.values, view.rows, view.cols, rate,
                    parameters);
            writeChannels(layer, view, weights);
        });

        double threshold = GroupLassoParameters.fromMap(parameters).zeroThreshold();
        List<Layer> layers = pruned.weightLayers();
        List<double[]> weights = new ArrayList<>();
        List<int[]> zeroLabels = new ArrayList<>();
        for (Layer layer : layers) {
            double[] values = weightsOf(layer);
            View view = channels(layer, values);
            GroupLasso.zeroSmallColumnsInPlace(view.values, view.rows, view.cols, threshold);
            writeChannels(layer, view, values);
            weights.add(values);
            zeroLabels.add(zeroColumnsHeld(view));
        }
        pruned = pruned.withWeights(weights);
        int fineTune = CompressionProtocol.integer(step, "fineTuneEpochs",
                Math.max(1, epochs / 2));
        TiedColumns zeros = TiedColumns.of(zeroLabels);
        train(pruned, fineTune, tuningRate(), (index, layer, values, rate) -> {
            View view = channels(layer, values);
            zeros.afterStep(index, view.values, view.rows, view.cols, rate);
            writeChannels(layer, view, values);
        });
        listener.progress("prune", String.format(Locale.ROOT,
                "lambda = %s: inputs kept %s; test accuracy %.2f %% after fine-tuning for %s",
                parameters.get("lambda"), nonzeroInputs(pruned), 100 * pruned.accuracy(test),
                PipelineRunner.epochs(fineTune)));
        return pruned;
    }

    /**
     * Clusters the columns of every layer's matrix, ties them and retrains.
     *
     * @param network the network to share, batch norm not folded; not modified
     * @param layers every weight layer's matrix, for its name and form
     * @param compact for every weight layer, the plain form of its folded matrix without the
     *     rows of unused outputs; the clusterer receives its columns
     * @param step the clusterer step
     * @return the retrained network and the cluster of every column of each layer's form
     *     view, {@link TiedColumns#HELD_AT_ZERO} for a zero column
     */
    Shared share(ConvNetwork network, List<ConvPipeline.MatrixLayer> layers,
            List<LayerForm> compact, StepSpec step) {
        List<String> forms = layers.stream().map(ConvPipeline.MatrixLayer::form).toList();
        Map<String, Object> parameters = CompressionProtocol.stageParameters(step,
                CompressionProtocol.CLUSTERER_KEYS);
        // Only a preference from the spec is sent, because a clusterer other than affinity
        // propagation may not take one.
        Object preference = step.parameters().get("preference");
        if (preference != null) {
            parameters.put("preference", preference);
        }
        List<StageRequest.Cluster> requests = compact.stream()
                .map(form -> new StageRequest.Cluster(form.compact(), parameters,
                        spec.train().seed()))
                .toList();
        int parallelism = Math.max(1, Runtime.getRuntime().availableProcessors());
        List<StageReply> replies = client.awaitAll(StageKind.CLUSTERER, step.name(), requests,
                parallelism, (index, reply) -> listener.progress("share", String.format(
                        Locale.ROOT, "%s: %d columns in %d clusters (%.2f s)",
                        layers.get(index).name(),
                        compact.get(index).compact().cols(),
                        ((ColumnClustering) reply.result()).clusters(), reply.seconds())));
        replies.forEach(reply -> stageUsed.accept(reply.provenance()));
        List<int[]> labels = new ArrayList<>();
        for (int i = 0; i < replies.size(); i++) {
            ColumnClustering clustering = (ColumnClustering) replies.get(i).result();
            if (!clustering.converged()) {
                throw new InputException(step.name() + " did not converge on "
                        + layers.get(i).name() + " with "
                        + CompressionProtocol.setting(parameters) + ": "
                        + clustering.message() + "; try other parameters");
            }
            labels.add(CompressionProtocol.columnLabels(compact.get(i), clustering));
        }

        TiedColumns ties = TiedColumns.of(labels);
        WeightHook tie = (index, layer, values, rate) -> {
            View view = ofForm(layer, forms.get(index), values);
            ties.afterStep(index, view.values, view.rows, view.cols, rate);
            writeForm(layer, forms.get(index), view, values);
        };
        List<Layer> weightLayers = network.weightLayers();
        List<double[]> tied = new ArrayList<>();
        for (int i = 0; i < weightLayers.size(); i++) {
            double[] values = weightsOf(weightLayers.get(i));
            tie.afterStep(i, weightLayers.get(i), values, 0);
            tied.add(values);
        }
        ConvNetwork shared = network.withWeights(tied);
        int epochs = CompressionProtocol.integer(step, "retrainEpochs",
                Math.max(1, spec.train().epochs() / 3));
        train(shared, epochs, tuningRate(), tie);
        listener.progress("share", String.format(Locale.ROOT,
                "%s: test accuracy %.2f %% after %d retraining epochs with tied columns",
                CompressionProtocol.setting(parameters), 100 * shared.accuracy(test), epochs));
        return new Shared(shared, labels);
    }

    /** A network with tied columns and the cluster of every column of each layer. */
    record Shared(ConvNetwork network, List<int[]> labels) {
    }

    /**
     * Returns, for every weight layer, which of its outputs (output channels of a
     * convolution, features of a linear layer) the network still reads. An output is unused
     * when the next weight layer reads it through channel-wise layers only (ReLU, pooling,
     * batch norm, flatten) and all the weights of that input are zero. Outputs that reach a
     * residual addition, or that a layer inside a residual block produces, always count as
     * used, because another branch may read them.
     *
     * @param network the network; not modified
     * @return one array per weight layer, in forward order
     */
    static List<boolean[]> liveOutputs(ConvNetwork network) {
        List<Layer> weightLayers = network.weightLayers();
        List<boolean[]> live = new ArrayList<>();
        for (Layer layer : weightLayers) {
            boolean[] used = new boolean[outputsOf(layer)];
            Arrays.fill(used, true);
            live.add(used);
        }
        List<Layer> top = network.layers();
        for (int i = 0; i + 1 < weightLayers.size(); i++) {
            int position = indexOf(top, weightLayers.get(i));
            if (position < 0) {
                continue;
            }
            Layer consumer = null;
            for (int k = position + 1; k < top.size(); k++) {
                Layer next = top.get(k);
                if (next instanceof Conv2d || next instanceof Linear) {
                    consumer = next;
                    break;
                }
                if (!(next instanceof Relu || next instanceof MaxPool2d
                        || next instanceof AvgPool2d || next instanceof BatchNorm2d
                        || next instanceof GlobalAvgPool || next instanceof Flatten)) {
                    break;
                }
            }
            if (consumer != weightLayers.get(i + 1)) {
                continue;
            }
            View columns = channels(consumer, weightsOf(consumer));
            boolean[] used = live.get(i);
            int perOutput = columns.cols / used.length;
            for (int o = 0; o < used.length; o++) {
                boolean any = false;
                for (int j = o * perOutput; j < (o + 1) * perOutput && !any; j++) {
                    for (int r = 0; r < columns.rows && !any; r++) {
                        any = columns.values[r * columns.cols + j] != 0;
                    }
                }
                used[o] = any;
            }
        }
        return live;
    }

    private static int indexOf(List<Layer> layers, Layer layer) {
        for (int i = 0; i < layers.size(); i++) {
            if (layers.get(i) == layer) {
                return i;
            }
        }
        return -1;
    }

    static int outputsOf(Layer layer) {
        return layer instanceof Conv2d conv ? conv.spec().outChannels()
                : ((Linear) layer).outFeatures();
    }

    static double[] weightsOf(Layer layer) {
        return layer instanceof Conv2d conv ? conv.weights() : ((Linear) layer).weights();
    }

    private static int[] zeroColumnsHeld(View view) {
        int[] labels = new int[view.cols];
        for (int j = 0; j < view.cols; j++) {
            boolean zero = true;
            for (int r = 0; r < view.rows && zero; r++) {
                zero = view.values[r * view.cols + j] == 0;
            }
            labels[j] = zero ? TiedColumns.HELD_AT_ZERO : j;
        }
        return labels;
    }

    /** Returns, per weight layer, the inputs with a nonzero weight, as "conv2 6/8". */
    private static String nonzeroInputs(ConvNetwork network) {
        List<String> parts = new ArrayList<>();
        int convolutions = 0;
        int linears = 0;
        for (Layer layer : network.weightLayers()) {
            View view = channels(layer, weightsOf(layer));
            long nonzero = Arrays.stream(zeroColumnsHeld(view))
                    .filter(label -> label != TiedColumns.HELD_AT_ZERO).count();
            String name = layer instanceof Conv2d ? "conv" + ++convolutions : "fc" + ++linears;
            parts.add(name + " " + nonzero + "/" + view.cols);
        }
        return String.join(", ", parts);
    }

    /**
     * Returns the learning rate of fine-tuning and retraining: the rate at which training
     * ended, {@code finalLearningRate} when the spec has final epochs.
     */
    private double tuningRate() {
        ExperimentSpec.TrainSpec settings = spec.train();
        return settings.finalEpochs() > 0 ? settings.finalLearningRate()
                : settings.learningRate();
    }

    private void train(ConvNetwork network, int epochs, double rate, WeightHook hook) {
        ExperimentSpec.TrainSpec settings = spec.train();
        try {
            new ConvTrainer(new TrainingConfig(epochs, settings.batch(), rate,
                    settings.momentum(), settings.seed() + 2),
                    epoch -> listener.progress("train", PipelineRunner.epochLine(epoch)), hook)
                    .train(network, train, test);
        } catch (TrainingDivergedException e) {
            throw new InputException("training with the compression stage diverged: "
                    + e.getMessage());
        }
    }
}
