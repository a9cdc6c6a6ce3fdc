package org.shiftadd.engine.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.Function;
import org.shiftadd.api.CompressedLayer;
import org.shiftadd.api.Decomposition;
import org.shiftadd.api.Matrix;
import org.shiftadd.api.PrecisionTarget;
import org.shiftadd.api.Regularizer;
import org.shiftadd.api.StageKind;
import org.shiftadd.engine.InputException;
import org.shiftadd.engine.ProgressListener;
import org.shiftadd.engine.RunResult;
import org.shiftadd.engine.RunResult.BundleRef;
import org.shiftadd.engine.RunResult.LayerResult;
import org.shiftadd.engine.RunResult.MethodResult;
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
    private final LayerDecomposer decomposer;
    private final Set<BundleRef> bundles;
    private final Function<String, Regularizer> regularizers;

    ConvPipeline(ExperimentSpec spec, RunDirectory directory, ProgressListener listener,
            LayerDecomposer decomposer, Set<BundleRef> bundles,
            Function<String, Regularizer> regularizers) {
        this.regularizers = regularizers;
        this.spec = spec;
        this.directory = directory;
        this.listener = listener;
        this.decomposer = decomposer;
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
        Dataset train = null;
        if (data != null) {
            train = trainingSet(network, data);
            if (!spec.model().type().equals("onnx")) {
                training = train(network, train, data);
            }
        }

        List<Variant> variants = new ArrayList<>();
        variants.add(variant("", network, null));
        Map<String, Double> accuracy = new LinkedHashMap<>();
        if (data != null) {
            accuracy.put("float", variants.get(0).folded().accuracy(data.test()));
            listener.progress("eval", String.format(Locale.ROOT,
                    "float network: test accuracy %.2f %%", 100 * accuracy.get("float")));
            compress(network, train, data, variants, accuracy);
        } else {
            listener.progress("eval", "no data: accuracy is not measured; the run reports"
                    + " additions and SQNR per layer");
        }

        int bits = spec.baseline().bits();
        List<Method> methods = new ArrayList<>();
        for (Variant variant : variants) {
            methods.add(decomposeAll(variant.prefix() + "csd", "csd",
                    PrecisionTarget.ofBits(bits), Map.of(), variant));
            for (StepSpec step : spec.stages()) {
                if (step.kind().equals("decomposer")) {
                    String key = PipelineRunner.uniqueKey(variant.prefix() + step.name(),
                            methods.stream().map(Method::key).toList());
                    methods.add(decomposeAll(key, step.name(),
                            PipelineRunner.target(step, bits),
                            PipelineRunner.stageParameters(step), variant));
                }
            }
        }

        if (data != null) {
            for (Method method : methods) {
                Variant variant = method.variant;
                List<double[]> weights = new ArrayList<>();
                for (int i = 0; i < variant.layers().size(); i++) {
                    weights.add(variant.layers().get(i).weightsOf(variant.forms().get(i)
                            .expand(method.layers.get(i).approximation())));
                }
                accuracy.put(method.key,
                        variant.folded().withWeights(weights).accuracy(data.test()));
                listener.progress("eval", String.format(Locale.ROOT,
                        "%s network: test accuracy %.2f %%", method.key,
                        100 * accuracy.get(method.key)));
            }
        }
        return result(data, training, bits, accuracy, methods, variants.get(0).layers());
    }

    /**
     * Runs the regularizer and clusterer steps of the spec, in this order, each on the
     * network that the one before left, and adds a variant for each.
     */
    private void compress(ConvNetwork network, Dataset train, DatasetPair data,
            List<Variant> variants, Map<String, Double> accuracy) {
        ConvCompression compression = new ConvCompression(spec, listener, decomposer.client(),
                train, data.test(),
                used -> bundles.add(new BundleRef(used.bundle(), used.version())));
        ConvNetwork current = network;
        String prefix = "";
        // Pruning first: its proximal step would untie shared columns.
        List<StepSpec> steps = new ArrayList<>();
        spec.stages().stream().filter(s -> s.kind().equals("regularizer")).forEach(steps::add);
        spec.stages().stream().filter(s -> s.kind().equals("clusterer")).forEach(steps::add);
        for (StepSpec step : steps) {
            if (step.kind().equals("regularizer")) {
                current = compression.prune(current, step, regularizers.apply(step.name()));
                prefix += "pruning+";
                variants.add(variant(prefix, current, null));
            } else if (step.kind().equals("clusterer")) {
                Variant before = variant(prefix, current, null);
                ConvCompression.Shared shared = compression.share(current, before.layers(),
                        before.forms().stream().map(Reduced::form).toList(), step);
                current = shared.network();
                prefix += "sharing+";
                variants.add(variant(prefix, current, shared.labels()));
            }
            Variant last = variants.get(variants.size() - 1);
            String key = prefix + "float";
            accuracy.put(key, last.folded().accuracy(data.test()));
        }
    }

    /**
     * Folds the network and builds each layer's matrix, without the rows of unused outputs
     * and without zero columns; with {@code labels}, one centroid column per cluster.
     */
    private Variant variant(String prefix, ConvNetwork network, List<int[]> labels) {
        ConvNetwork folded = network.foldBatchNorm();
        List<MatrixLayer> layers = matrices(folded, spec.model());
        List<boolean[]> live = ConvCompression.liveOutputs(folded);
        List<Reduced> forms = new ArrayList<>();
        for (int i = 0; i < layers.size(); i++) {
            forms.add(Reduced.of(layers.get(i), live.get(i),
                    labels == null ? null : labels.get(i)));
        }
        return new Variant(prefix, folded, layers, forms);
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

    /** Returns the training set, with shifted copies when the spec sets {@code shift}. */
    private Dataset trainingSet(ConvNetwork network, DatasetPair data) {
        int shift = spec.train().shift();
        return shift > 0 ? ImageShifts.withShiftedCopies(data.train(), network.inputShape(),
                shift, new Random(spec.train().seed() + 100)) : data.train();
    }

    private RunResult.TrainingSummary train(ConvNetwork network, Dataset train,
            DatasetPair data) {
        ExperimentSpec.TrainSpec settings = spec.train();
        String schedule = PipelineRunner.epochs(settings.epochs()) + " at learning rate "
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
            Map<String, Object> parameters, Variant variant) {
        List<Reduced> forms = variant.forms();
        // A layer whose inputs or outputs were all pruned costs nothing and is not sent.
        List<Integer> sent = new ArrayList<>();
        for (int i = 0; i < forms.size(); i++) {
            Matrix compact = forms.get(i).form().compact();
            if (compact.rows() > 0 && compact.cols() > 0) {
                sent.add(i);
            }
        }
        List<StageRequest.Decompose> requests = sent.stream()
                .map(i -> new StageRequest.Decompose(forms.get(i).form().compact(), target,
                        parameters))
                .toList();
        // Layers are independent, so one request per core keeps every core busy.
        List<StageReply> replies = decomposer.decomposeAll(stage, requests,
                (index, done) -> reportLayer(key, variant, sent.get(index), done));
        Decomposition[] results = new Decomposition[forms.size()];
        String[] nodes = new String[forms.size()];
        double seconds = 0;
        for (int k = 0; k < replies.size(); k++) {
            results[sent.get(k)] = (Decomposition) replies.get(k).result();
            nodes[sent.get(k)] = replies.get(k).provenance().node();
            seconds += replies.get(k).seconds();
        }
        for (int i = 0; i < results.length; i++) {
            if (results[i] == null) {
                results[i] = new Decomposition(stage, forms.get(i).form().compact(), 0,
                        Double.POSITIVE_INFINITY, true, 0, Map.of());
            }
        }
        String bundle = "";
        String version = "";
        if (!replies.isEmpty()) {
            StageReply reply = replies.get(replies.size() - 1);
            bundle = reply.provenance().bundle();
            version = reply.provenance().version();
            bundles.add(new BundleRef(bundle, version));
        }
        List<CompressedLayer> compressed = new ArrayList<>();
        for (int i = 0; i < forms.size(); i++) {
            MatrixLayer layer = variant.layers().get(i);
            Reduced form = forms.get(i);
            compressed.add(new CompressedLayer(layer.name(), results[i],
                    form.keptBias(layer.bias()), false, form.form().source()));
        }
        CompressedNetworks.write(directory.path(), key, compressed);
        return new Method(key, bundle, version, List.of(results), seconds, variant,
                Arrays.asList(nodes));
    }

    private void reportLayer(String key, Variant variant, int index, StageReply reply) {
        Decomposition decomposition = (Decomposition) reply.result();
        MatrixLayer layer = variant.layers().get(index);
        Reduced form = variant.forms().get(index);
        Matrix matrix = form.form().compact();
        listener.progress(key, String.format(Locale.ROOT,
                "%s %s %dx%d: %,d additions per product, %,d per image, SQNR %s (%.2f s)%s",
                layer.name(), layer.form(), matrix.rows(), matrix.cols(),
                decomposition.additions() + form.form().preAdditions(),
                form.additionsPerImage(layer, decomposition.additions()),
                PipelineRunner.db(decomposition.sqnrDb()), reply.seconds(),
                decomposition.targetReached() ? "" : "; target not reached"));
    }

    private RunResult result(DatasetPair data, RunResult.TrainingSummary training, int bits,
            Map<String, Double> accuracy, List<Method> methods, List<MatrixLayer> layers) {
        List<LayerResult> results = new ArrayList<>();
        for (int i = 0; i < layers.size(); i++) {
            MatrixLayer layer = layers.get(i);
            Map<String, Long> additions = new LinkedHashMap<>();
            Map<String, Long> accumulations = new LinkedHashMap<>();
            Map<String, String> nodes = new LinkedHashMap<>();
            Map<String, Double> sqnr = new LinkedHashMap<>();
            Map<String, Boolean> reached = new LinkedHashMap<>();
            for (Method method : methods) {
                Decomposition decomposition = method.layers.get(i);
                Reduced form = method.variant.forms().get(i);
                if (method.nodes.get(i) != null) {
                    nodes.put(method.key, method.nodes.get(i));
                }
                additions.put(method.key,
                        decomposition.additions() + form.form().preAdditions());
                if (form.accumulation() != layer.accumulation()) {
                    accumulations.put(method.key, form.accumulation());
                }
                reached.put(method.key, decomposition.targetReached());
                if (Double.isFinite(decomposition.sqnrDb())) {
                    sqnr.put(method.key, decomposition.sqnrDb());
                }
            }
            results.add(new LayerResult(layer.name(), layer.matrix().rows(),
                    layer.matrix().cols(), bits, additions, sqnr, reached, layer.form(),
                    layer.products(), layer.accumulation(), accumulations, nodes));
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

    /** One method's decompositions of every layer of one variant. */
    private record Method(String key, String bundle, String version,
            List<Decomposition> layers, double seconds, Variant variant, List<String> nodes) {
    }

    /**
     * One network whose layers are decomposed: the trained network, or the network that a
     * regularizer or clusterer step left, with its key prefix such as {@code pruning+}.
     */
    private record Variant(String prefix, ConvNetwork folded, List<MatrixLayer> layers,
            List<Reduced> forms) {
    }

    /**
     * A layer's matrix as the decomposers receive it: without the rows of unused outputs,
     * without zero columns and, with sharing, with one centroid column per cluster.
     *
     * @param keptRows which rows of the layer's matrix remain
     * @param form the remaining rows in their plain or shared form
     * @param accumulation the partial-kernel accumulation per image over the remaining
     *     output channels
     */
    record Reduced(boolean[] keptRows, LayerForm form, long accumulation) {
        static Reduced of(MatrixLayer layer, boolean[] liveOutputs, int[] labels) {
            Matrix matrix = layer.matrix();
            int outputs = liveOutputs.length;
            boolean[] kept = new boolean[matrix.rows()];
            int live = 0;
            for (boolean used : liveOutputs) {
                live += used ? 1 : 0;
            }
            for (int r = 0; r < kept.length; r++) {
                // Partial-kernel rows run tap by tap, each over every output channel.
                kept[r] = liveOutputs[r % outputs];
            }
            int rows = 0;
            for (boolean k : kept) {
                rows += k ? 1 : 0;
            }
            double[] values = new double[rows * matrix.cols()];
            int next = 0;
            for (int r = 0; r < kept.length; r++) {
                if (kept[r]) {
                    for (int j = 0; j < matrix.cols(); j++) {
                        values[next * matrix.cols() + j] = matrix.get(r, j);
                    }
                    next++;
                }
            }
            LayerForm plain = LayerForm.plain(Matrix.of(rows, matrix.cols(), values));
            LayerForm form = labels == null ? plain
                    : LayerForm.shared(plain, CompressionProtocol.relabel(plain, labels));
            return new Reduced(kept, form, layer.accumulation() / outputs * live);
        }

        /** Returns the layer's whole matrix for an approximation of the compact matrix. */
        Matrix expand(Matrix approximation) {
            Matrix rows = form.expand(approximation);
            double[] values = new double[keptRows.length * rows.cols()];
            int next = 0;
            for (int r = 0; r < keptRows.length; r++) {
                if (keptRows[r]) {
                    for (int j = 0; j < rows.cols(); j++) {
                        values[r * rows.cols() + j] = rows.get(next, j);
                    }
                    next++;
                }
            }
            return Matrix.of(keptRows.length, rows.cols(), values);
        }

        /** Returns the bias values of the remaining rows. */
        double[] keptBias(double[] bias) {
            if (bias.length != keptRows.length) {
                // A partial-kernel layer stores a zero bias per row; see MatrixLayer.bias().
                return new double[form.rows()];
            }
            double[] result = new double[form.rows()];
            int next = 0;
            for (int r = 0; r < keptRows.length; r++) {
                if (keptRows[r]) {
                    result[next++] = bias[r];
                }
            }
            return result;
        }

        /** Returns the additions per image for {@code additions} per product. */
        long additionsPerImage(MatrixLayer layer, long additions) {
            return (additions + form.preAdditions()) * layer.products() + accumulation;
        }
    }
}
