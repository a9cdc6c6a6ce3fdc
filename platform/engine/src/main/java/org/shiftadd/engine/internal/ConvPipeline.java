package org.shiftadd.engine.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.shiftadd.api.CompressedLayer;
import org.shiftadd.api.Decomposition;
import org.shiftadd.api.Matrix;
import org.shiftadd.api.PrecisionTarget;
import org.shiftadd.api.StageKind;
import org.shiftadd.engine.InputException;
import org.shiftadd.engine.ProgressListener;
import org.shiftadd.engine.RunResult;
import org.shiftadd.engine.RunResult.BundleRef;
import org.shiftadd.engine.RunResult.LayerResult;
import org.shiftadd.engine.RunResult.MethodResult;
import org.shiftadd.engine.bus.StageClient;
import org.shiftadd.engine.bus.StageReply;
import org.shiftadd.engine.bus.StageRequest;
import org.shiftadd.engine.run.CompressedNetworks;
import org.shiftadd.engine.run.RunDirectory;
import org.shiftadd.engine.spec.ExperimentSpec;
import org.shiftadd.engine.spec.ExperimentSpec.ModelSpec;
import org.shiftadd.engine.spec.ExperimentSpec.StepSpec;
import org.shiftadd.nn.TrainingConfig;
import org.shiftadd.nn.TrainingDivergedException;
import org.shiftadd.nn.conv.Conv2d;
import org.shiftadd.nn.conv.ConvMatrices;
import org.shiftadd.nn.conv.ConvNetwork;
import org.shiftadd.nn.conv.ConvSpec;
import org.shiftadd.nn.conv.ConvTrainer;
import org.shiftadd.nn.conv.Flatten;
import org.shiftadd.nn.conv.ImageShifts;
import org.shiftadd.nn.conv.Layer;
import org.shiftadd.nn.conv.Linear;
import org.shiftadd.nn.conv.MaxPool2d;
import org.shiftadd.nn.conv.Relu;
import org.shiftadd.nn.conv.ResNets;
import org.shiftadd.nn.conv.Shape;
import org.shiftadd.nn.data.Dataset;
import org.shiftadd.nn.data.DatasetPair;
import org.shiftadd.nn.onnx.OnnxImporter;

/**
 * Runs an experiment on a convolutional network. It builds or imports the network, trains it
 * when the spec gives data and folds batch normalization. Every convolution and linear layer
 * then becomes a matrix (partial or full kernel), which goes to CSD and to every decomposer
 * step, and additions are counted per image. With data, each method's network is evaluated
 * on the test set. Without data, the run reports additions and SQNR only.
 */
final class ConvPipeline {
    private final ExperimentSpec spec;
    private final RunDirectory directory;
    private final ProgressListener listener;
    private final StageClient client;
    private final Set<BundleRef> bundles;

    ConvPipeline(ExperimentSpec spec, RunDirectory directory, ProgressListener listener,
            StageClient client, Set<BundleRef> bundles) {
        this.spec = spec;
        this.directory = directory;
        this.listener = listener;
        this.client = client;
        this.bundles = bundles;
    }

    /** One weight layer as a matrix, and how often each image applies it. */
    record MatrixLayer(String name, Layer layer, Shape input, String form, Matrix matrix,
            long products, long accumulation) {
        /** Returns the additions per image of a method that needs {@code perProduct}. */
        long additionsPerImage(long perProduct) {
            return perProduct * products + accumulation;
        }

        /** Returns the layer's weights in its own layout, taken from a method's matrix. */
        double[] weightsOf(Matrix approximation) {
            if (form.equals("pk")) {
                return ConvMatrices.weightsOfPartialKernel(((Conv2d) layer).spec(),
                        approximation);
            }
            return approximation.toArray();
        }

        /**
         * Returns the bias of the stored layer, one value per matrix row. A partial-kernel
         * matrix has a row per tap and channel, and the bias belongs to the accumulated sum,
         * so its stored layer has a zero bias.
         */
        double[] bias() {
            double[] bias = layer instanceof Conv2d conv ? conv.bias() : ((Linear) layer).bias();
            return bias.length == matrix.rows() ? bias : new double[matrix.rows()];
        }
    }

    /**
     * Runs the experiment.
     *
     * @param data the training and test sets, or {@code null} when the spec has none
     * @return the results
     */
    RunResult run(DatasetPair data) {
        ConvNetwork network = build(spec.model(), data);
        RunResult.TrainingSummary training = null;
        if (data != null && !spec.model().type().equals("onnx")) {
            training = train(network, data);
        }

        ConvNetwork folded = network.foldBatchNorm();
        List<MatrixLayer> layers = matrices(folded, spec.model());
        Map<String, Double> accuracy = new LinkedHashMap<>();
        if (data != null) {
            accuracy.put("float", folded.accuracy(data.test()));
            listener.progress("eval", String.format(Locale.ROOT,
                    "float network: test accuracy %.2f %%", 100 * accuracy.get("float")));
        } else {
            listener.progress("eval", "no data: accuracy is not measured; the run reports"
                    + " additions and SQNR per layer");
        }

        int bits = spec.baseline().bits();
        List<Method> methods = new ArrayList<>();
        methods.add(decomposeAll("csd", "csd", PrecisionTarget.ofBits(bits), Map.of(), layers));
        for (StepSpec step : spec.stages()) {
            if (step.kind().equals("decomposer")) {
                String key = PipelineRunner.uniqueKey(step.name(),
                        methods.stream().map(Method::key).toList());
                methods.add(decomposeAll(key, step.name(), PipelineRunner.target(step, bits),
                        PipelineRunner.stageParameters(step), layers));
            }
        }

        if (data != null) {
            for (Method method : methods) {
                List<double[]> weights = new ArrayList<>();
                for (int i = 0; i < layers.size(); i++) {
                    weights.add(layers.get(i).weightsOf(method.layers.get(i).approximation()));
                }
                accuracy.put(method.key, folded.withWeights(weights).accuracy(data.test()));
                listener.progress("eval", String.format(Locale.ROOT,
                        "%s network: test accuracy %.2f %%", method.key,
                        100 * accuracy.get(method.key)));
            }
        }
        return result(data, training, bits, accuracy, methods, layers);
    }

    private ConvNetwork build(ModelSpec model, DatasetPair data) {
        long seed = spec.train().seed();
        return switch (model.type()) {
            case "cnn" -> smallCnn(model, data, seed);
            case "resnet34" -> {
                Shape shape = new Shape(model.inputChannels(), model.inputSize(),
                        model.inputSize());
                if (data != null) {
                    checkData(data, shape, model.classes(), "model.classes");
                }
                listener.progress("model", String.format(Locale.ROOT, "ResNet-34 for %s images,"
                        + " %d classes, weights drawn with seed %d", shape, model.classes(),
                        seed));
                yield ResNets.resnet34(model.inputChannels(), model.inputSize(),
                        model.classes(), seed);
            }
            default -> {
                Path file = Path.of(model.onnx());
                if (!Files.isRegularFile(file)) {
                    throw new InputException("model.onnx: " + file.toAbsolutePath()
                            + " is not a file; give the path of an ONNX model");
                }
                try {
                    ConvNetwork imported = OnnxImporter.read(file);
                    listener.progress("model", "imported " + file + ": " + imported);
                    if (data != null) {
                        checkData(data, imported.inputShape(), imported.outputSize(),
                                "the ONNX model's output");
                    }
                    yield imported;
                } catch (IOException e) {
                    throw new InputException("model.onnx: cannot read " + file + ": "
                            + e.getMessage());
                } catch (IllegalArgumentException e) {
                    // The importer's message starts with the file name.
                    throw new InputException("model.onnx: " + e.getMessage());
                }
            }
        };
    }

    /**
     * Builds a small CNN for square single-channel images: one 3x3 convolution (padding 1)
     * with ReLU and 2x2 max pooling per entry of {@code channels}, then a linear classifier.
     */
    private ConvNetwork smallCnn(ModelSpec model, DatasetPair data, long seed) {
        int features = data.train().features();
        int side = (int) Math.round(Math.sqrt(features));
        if (side * side != features) {
            throw new InputException("model type cnn needs square single-channel images, but"
                    + " the data has " + features + " features per sample, not a square number");
        }
        Shape shape = new Shape(1, side, side);
        Random random = new Random(seed);
        List<Layer> layers = new ArrayList<>();
        int channels = 1;
        Shape current = shape;
        for (int stage = 0; stage < model.channels().size(); stage++) {
            int out = model.channels().get(stage);
            if (current.height() < 2) {
                throw new InputException("model.channels: " + model.channels().size()
                        + " pooling stages shrink " + side + "x" + side + " images below 1x1;"
                        + " give at most " + stage + " entries");
            }
            layers.add(Conv2d.create(ConvSpec.square(channels, out, 3, 1, 1), true, random));
            layers.add(new Relu());
            layers.add(new MaxPool2d(2, 2));
            channels = out;
            current = new Shape(out, current.height() / 2, current.width() / 2);
        }
        layers.add(new Flatten());
        layers.add(Linear.create(current.size(), data.train().classes(), random));
        ConvNetwork network = ConvNetwork.of(shape, layers);
        listener.progress("model", "CNN " + network);
        return network;
    }

    private static void checkData(DatasetPair data, Shape shape, int classes, String source) {
        if (data.train().features() != shape.size()) {
            throw new InputException("the model takes " + shape + " images (" + shape.size()
                    + " values), but the data has " + data.train().features()
                    + " features per sample");
        }
        if (data.train().classes() > classes) {
            throw new InputException(source + " has " + classes + " classes, but the data has "
                    + data.train().classes());
        }
    }

    private RunResult.TrainingSummary train(ConvNetwork network, DatasetPair data) {
        ExperimentSpec.TrainSpec settings = spec.train();
        Dataset train = data.train();
        if (settings.shift() > 0) {
            train = ImageShifts.withShiftedCopies(train, network.inputShape(), settings.shift(),
                    new Random(settings.seed() + 100));
        }
        String schedule = settings.epochs() + " epochs at learning rate "
                + settings.learningRate() + (settings.finalEpochs() == 0 ? ""
                        : " then " + settings.finalEpochs() + " at "
                                + settings.finalLearningRate());
        listener.progress("train", String.format(Locale.ROOT,
                "%s, batch %d, momentum %s, seed %d, %,d training images%s", schedule,
                settings.batch(), settings.momentum(), settings.seed(), train.size(),
                settings.shift() > 0 ? " (with copies shifted by up to " + settings.shift()
                        + " pixels)" : ""));
        try {
            org.shiftadd.nn.TrainingSummary summary = new ConvTrainer(new TrainingConfig(
                    settings.epochs(), settings.batch(), settings.learningRate(),
                    settings.momentum(), settings.seed()), this::reportEpoch)
                    .train(network, train, data.test());
            double seconds = summary.seconds();
            double loss = summary.finalLoss();
            if (settings.finalEpochs() > 0) {
                org.shiftadd.nn.TrainingSummary last = new ConvTrainer(new TrainingConfig(
                        settings.finalEpochs(), settings.batch(), settings.finalLearningRate(),
                        settings.momentum(), settings.seed() + 1), this::reportEpoch)
                        .train(network, train, data.test());
                seconds += last.seconds();
                loss = last.finalLoss();
            }
            int epochs = settings.epochs() + settings.finalEpochs();
            return new RunResult.TrainingSummary(settings.seed(), loss, seconds,
                    seconds > 0 ? (double) train.size() * epochs / seconds : 0);
        } catch (TrainingDivergedException e) {
            throw new InputException("training diverged: " + e.getMessage()
                    + "; lower train.learningRate (now " + settings.learningRate() + ")");
        } catch (IllegalArgumentException e) {
            // Batch norm rejects a batch of one sample at a 1x1 position.
            throw new InputException("training failed: " + e.getMessage()
                    + " (train.batch is " + settings.batch() + ", the training set has "
                    + train.size() + " images)");
        }
    }

    private void reportEpoch(org.shiftadd.nn.EpochProgress epoch) {
        listener.progress("train", PipelineRunner.epochLine(epoch));
    }

    /**
     * Returns every weight layer as a matrix: convolutions with kernels larger than 1x1 in
     * the form that the spec requests, 1x1 convolutions and linear layers as they are.
     */
    static List<MatrixLayer> matrices(ConvNetwork network, ModelSpec model) {
        List<Layer> weightLayers = network.weightLayers();
        List<Shape> inputs = network.weightLayerInputs();
        List<MatrixLayer> result = new ArrayList<>();
        int convolutions = 0;
        int linears = 0;
        for (int i = 0; i < weightLayers.size(); i++) {
            Layer layer = weightLayers.get(i);
            Shape input = inputs.get(i);
            if (layer instanceof Conv2d conv) {
                String name = "conv" + ++convolutions;
                ConvSpec geometry = conv.spec();
                Shape output = geometry.outputShape(input);
                if (geometry.taps() == 1) {
                    result.add(new MatrixLayer(name, conv, input, "1x1",
                            ConvMatrices.fullKernel(conv), output.positions(), 0));
                } else if (model.formOf(name).equals("fk")) {
                    result.add(new MatrixLayer(name, conv, input, "fk",
                            ConvMatrices.fullKernel(conv), output.positions(), 0));
                } else {
                    long accumulation = (long) (geometry.taps() - 1) * geometry.outChannels()
                            * output.positions();
                    result.add(new MatrixLayer(name, conv, input, "pk",
                            ConvMatrices.partialKernel(conv), input.positions(),
                            accumulation));
                }
            } else {
                Linear linear = (Linear) layer;
                result.add(new MatrixLayer("fc" + ++linears, linear, input, "matrix",
                        Matrix.of(linear.outFeatures(), linear.inFeatures(), linear.weights()),
                        1, 0));
            }
        }
        for (String name : model.forms().keySet()) {
            if (result.stream().noneMatch(layer -> layer.name().equals(name))) {
                throw new InputException("model.forms: the network has no layer '" + name
                        + "'; its convolutions are conv1 to conv" + convolutions);
            }
        }
        return result;
    }

    private Method decomposeAll(String key, String stage, PrecisionTarget target,
            Map<String, Object> parameters, List<MatrixLayer> layers) {
        List<StageRequest.Decompose> requests = layers.stream()
                .map(layer -> new StageRequest.Decompose(layer.matrix(), target, parameters))
                .toList();
        // Layers are independent, so one request per core keeps every core busy.
        int parallelism = Math.max(1, Runtime.getRuntime().availableProcessors());
        List<StageReply> replies = client.awaitAll(StageKind.DECOMPOSER, stage, requests,
                parallelism, (index, done) -> reportLayer(key, layers.get(index), done));
        List<Decomposition> results = new ArrayList<>();
        double seconds = 0;
        for (StageReply done : replies) {
            results.add((Decomposition) done.result());
            seconds += done.seconds();
        }
        StageReply reply = replies.get(replies.size() - 1);
        bundles.add(new BundleRef(reply.provenance().bundle(), reply.provenance().version()));
        List<CompressedLayer> compressed = new ArrayList<>();
        for (int i = 0; i < layers.size(); i++) {
            compressed.add(new CompressedLayer(layers.get(i).name(), results.get(i),
                    layers.get(i).bias(), false));
        }
        CompressedNetworks.write(directory.path(), key, compressed);
        return new Method(key, reply.provenance().bundle(), reply.provenance().version(),
                results, seconds);
    }

    private void reportLayer(String key, MatrixLayer layer, StageReply reply) {
        Decomposition decomposition = (Decomposition) reply.result();
        Matrix matrix = layer.matrix();
        listener.progress(key, String.format(Locale.ROOT,
                "%s %s %dx%d: %,d additions per product, %,d per image, SQNR %s (%.2f s)%s",
                layer.name(), layer.form(), matrix.rows(), matrix.cols(),
                decomposition.additions(), layer.additionsPerImage(decomposition.additions()),
                PipelineRunner.db(decomposition.sqnrDb()), reply.seconds(),
                decomposition.targetReached() ? "" : "; target not reached"));
    }

    private RunResult result(DatasetPair data, RunResult.TrainingSummary training, int bits,
            Map<String, Double> accuracy, List<Method> methods, List<MatrixLayer> layers) {
        List<LayerResult> results = new ArrayList<>();
        for (int i = 0; i < layers.size(); i++) {
            MatrixLayer layer = layers.get(i);
            Map<String, Long> additions = new LinkedHashMap<>();
            Map<String, Double> sqnr = new LinkedHashMap<>();
            Map<String, Boolean> reached = new LinkedHashMap<>();
            for (Method method : methods) {
                Decomposition decomposition = method.layers.get(i);
                additions.put(method.key, decomposition.additions());
                reached.put(method.key, decomposition.targetReached());
                if (Double.isFinite(decomposition.sqnrDb())) {
                    sqnr.put(method.key, decomposition.sqnrDb());
                }
            }
            results.add(new LayerResult(layer.name(), layer.matrix().rows(),
                    layer.matrix().cols(), bits, additions, sqnr, reached, layer.form(),
                    layer.products(), layer.accumulation()));
        }
        Map<String, Long> totals = new LinkedHashMap<>();
        for (Method method : methods) {
            long total = 0;
            for (LayerResult layer : results) {
                total = Math.addExact(total, layer.additionsPerImage(method.key));
            }
            totals.put(method.key, total);
        }
        long csd = totals.get("csd");
        List<MethodResult> summaries = new ArrayList<>();
        Map<String, Double> ratios = new LinkedHashMap<>();
        Map<String, Double> accuracies = new LinkedHashMap<>();
        for (Method method : methods) {
            long total = totals.get(method.key);
            double ratio = total == 0 ? Double.POSITIVE_INFINITY : (double) csd / total;
            double measured = accuracy.getOrDefault(method.key, Double.NaN);
            summaries.add(new MethodResult(method.key, "decomposer", total, ratio, measured,
                    method.bundle, method.version, method.seconds));
            ratios.put(method.key, ratio);
            accuracies.put(method.key, measured);
        }
        RunResult.DataSummary summary = data == null ? null : new RunResult.DataSummary(
                spec.data(), data.train().size(), data.test().size(),
                data.train().features(), data.train().classes());
        return new RunResult(spec.name(), directory.id(), summary, spec.model(), spec.train(),
                training, bits, accuracy, results,
                new RunResult.Total(totals, ratios, accuracies), summaries,
                new ArrayList<>(bundles), null, List.of());
    }

    /** One method's decompositions of every layer. */
    private record Method(String key, String bundle, String version,
            List<Decomposition> layers, double seconds) {
    }
}
