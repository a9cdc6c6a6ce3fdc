package org.shiftadd.engine.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.shiftadd.api.BackendResult;
import org.shiftadd.api.CompressedLayer;
import org.shiftadd.api.Decomposition;
import org.shiftadd.api.Matrix;
import org.shiftadd.api.PrecisionTarget;
import org.shiftadd.api.Regularizer;
import org.shiftadd.api.StageKind;
import org.shiftadd.engine.InputException;
import org.shiftadd.engine.ProgressListener;
import org.shiftadd.engine.ReportTable;
import org.shiftadd.engine.RunResult;
import org.shiftadd.engine.RunResult.BundleRef;
import org.shiftadd.engine.RunResult.DataSummary;
import org.shiftadd.engine.RunResult.LayerResult;
import org.shiftadd.engine.RunResult.MethodResult;
import org.shiftadd.engine.RunResult.TrainingSummary;
import org.shiftadd.engine.bus.StageClient;
import org.shiftadd.engine.bus.StageReply;
import org.shiftadd.engine.bus.StageRequest;
import org.shiftadd.engine.run.CompressedNetworks;
import org.shiftadd.engine.run.RunDirectory;
import org.shiftadd.engine.run.RunStatus;
import org.shiftadd.engine.spec.ExperimentSpec;
import org.shiftadd.engine.spec.ExperimentSpec.StepSpec;
import org.shiftadd.nn.DenseNetwork;
import org.shiftadd.nn.EpochProgress;
import org.shiftadd.nn.Initialization;
import org.shiftadd.nn.StepHook;
import org.shiftadd.nn.Trainer;
import org.shiftadd.nn.TrainingConfig;
import org.shiftadd.nn.TrainingDivergedException;
import org.shiftadd.nn.data.Dataset;
import org.shiftadd.nn.data.DatasetException;
import org.shiftadd.nn.data.DatasetPair;
import org.shiftadd.nn.data.IdxDatasets;
import org.shiftadd.nn.data.ImageFolders;

/**
 * Runs one experiment: load the data, train the float network, send every layer to the CSD
 * baseline and to each decomposer step over the event bus, evaluate each resulting network
 * and store the results.
 */
final class PipelineRunner {
    /** Step keys that set the precision target; the engine reads them, not the stage. */
    static final Set<String> TARGET_KEYS = Set.of("bits", "sqnrDb", "maxAccuracyDrop");

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT);

    private final ExperimentSpec spec;
    private final RunDirectory directory;
    private final ProgressListener listener;
    private final LayerDecomposer decomposer;
    private final Path home;
    private final Function<String, Regularizer> regularizers;
    private final Set<BundleRef> bundles = new LinkedHashSet<>();

    PipelineRunner(ExperimentSpec spec, RunDirectory directory, ProgressListener listener,
            LayerDecomposer decomposer, Path home,
            Function<String, Regularizer> regularizers) {
        this.spec = spec;
        this.directory = directory;
        this.listener = listener;
        this.decomposer = decomposer;
        this.home = home;
        this.regularizers = regularizers;
    }

    RunResult run() {
        directory.write(RunDirectory.SPEC, spec.source());
        writeStatus(RunStatus.RUNNING, null);
        // A process stopped by a signal still records that this run did not finish.
        Thread interrupted = new Thread(() -> writeStatus(RunStatus.FAILED,
                "interrupted: the process was stopped before the run finished"));
        Runtime.getRuntime().addShutdownHook(interrupted);
        try {
            return runAndStore();
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(interrupted);
            } catch (IllegalStateException e) {
                // Already shutting down: the hook records the interruption.
            }
        }
    }

    private RunResult runAndStore() {
        try {
            RunResult result = execute();
            directory.write(RunDirectory.RESULT, JSON.writeValueAsString(result));
            directory.write(RunDirectory.REPORT, ReportTable.format(result));
            if (result.comparison() != null) {
                directory.write("additions-vs-accuracy.svg", PlotSvg.draw(result.comparison()));
            }
            writeStatus(RunStatus.FINISHED, null);
            return result;
        } catch (RuntimeException e) {
            writeStatus(RunStatus.FAILED, e.getMessage() == null ? e.toString() : e.getMessage());
            throw e;
        } catch (Exception e) {
            writeStatus(RunStatus.FAILED, e.toString());
            throw new IllegalStateException("cannot write the results of run " + directory.id(),
                    e);
        }
    }

    private RunResult execute() {
        if (!spec.model().isMlp()) {
            DatasetPair data = spec.data().equals("none") ? null : loadData();
            return new ConvPipeline(spec, directory, listener, decomposer, bundles, regularizers)
                    .run(data);
        }
        DatasetPair data = loadData();
        checkModelFits(data.train());
        int[] sizes = spec.model().layers().stream().mapToInt(Integer::intValue).toArray();
        DenseNetwork network = DenseNetwork.create(sizes, Initialization.HE_NORMAL,
                spec.train().seed());
        TrainingSummary training = train(network, data);
        Map<String, Double> accuracy = new LinkedHashMap<>();
        accuracy.put("float", network.accuracy(data.test()));
        listener.progress("eval", String.format(Locale.ROOT, "float network: test accuracy %.2f %%",
                100 * accuracy.get("float")));

        int bits = spec.baseline().bits();
        List<Method> methods = new ArrayList<>();
        methods.add(decomposeAll("csd", "csd", PrecisionTarget.ofBits(bits), Map.of(), network));
        for (StepSpec step : spec.stages()) {
            if (!step.kind().equals("decomposer")) {
                continue;
            }
            String key = uniqueKey(step.name(), methods.stream().map(Method::key).toList());
            methods.add(decomposeAll(key, step.name(), target(step, bits),
                    stageParameters(step), network));
        }
        for (Method method : methods) {
            accuracy.put(method.key, network.withWeights(method.approximations())
                    .accuracy(data.test()));
            listener.progress("eval", String.format(Locale.ROOT,
                    "%s network: test accuracy %.2f %%", method.key,
                    100 * accuracy.get(method.key)));
        }
        RunResult.Comparison comparison = null;
        if (CompressionProtocol.applies(spec)) {
            comparison = new CompressionProtocol(spec, listener, decomposer, regularizers, data,
                    (key, layers) -> CompressedNetworks.write(directory.path(), key, layers),
                    used -> bundles.add(new BundleRef(used.bundle(), used.version())))
                    .run(network, accuracy.get("float"));
        }
        List<RunResult.BackendSummary> backends = new ArrayList<>();
        for (StepSpec step : spec.stages()) {
            if (step.kind().equals("backend")) {
                backends.add(emit(step, methods, network));
            }
        }
        return result(data, training, bits, accuracy, methods, network, comparison, backends);
    }

    private DatasetPair loadData() {
        boolean images = spec.data().startsWith("images:");
        Path dir = spec.data().equals("mnist") ? home.resolve("data").resolve("mnist")
                : Path.of(spec.data().substring(spec.data().indexOf(':') + 1));
        if (!Files.isDirectory(dir)) {
            throw new InputException("data directory " + dir.toAbsolutePath() + " not found"
                    + (spec.data().equals("mnist")
                            ? "; the built-in digits belong in data/mnist of the distribution"
                            : images ? "; give 'images:DIR' with train/ and test/ folders"
                            : "; give 'idx:DIR' with a directory of MNIST-format files"));
        }
        try {
            if (images) {
                listener.progress("data", "reading the images in " + dir);
            }
            DatasetPair data = images ? ImageFolders.loadDirectory(dir)
                    : IdxDatasets.loadDirectory(dir);
            listener.progress("data", String.format(Locale.ROOT,
                    "%s: %d training and %d test samples, %d features, %d classes",
                    spec.data(), data.train().size(), data.test().size(),
                    data.train().features(), data.train().classes()));
            return data;
        } catch (DatasetException e) {
            throw new InputException(e.getMessage());
        }
    }

    private void checkModelFits(Dataset train) {
        List<Integer> layers = spec.model().layers();
        if (layers.get(0) != train.features()) {
            throw new InputException("model.layers[0] is " + layers.get(0) + " but the data has "
                    + train.features() + " features per sample; set it to " + train.features());
        }
        int last = layers.get(layers.size() - 1);
        if (last != train.classes()) {
            int[] counts = train.classCounts();
            long empty = java.util.Arrays.stream(counts).filter(c -> c == 0).count();
            String labels = empty == 0 ? "" : " (the largest training label is "
                    + (train.classes() - 1) + ", but " + empty + " of the labels below it never"
                    + " occur: check the labels file for a corrupt value)";
            throw new InputException("model.layers[" + (layers.size() - 1) + "] is " + last
                    + " but the data has " + train.classes() + " classes" + labels
                    + "; set it to " + train.classes() + " or fix the labels");
        }
    }

    private TrainingSummary train(DenseNetwork network, DatasetPair data) {
        ExperimentSpec.TrainSpec settings = spec.train();
        TrainingConfig config = new TrainingConfig(settings.epochs(), settings.batch(),
                settings.learningRate(), settings.momentum(), settings.seed());
        listener.progress("train", String.format(Locale.ROOT,
                "MLP %s, %d epochs, batch %d, learning rate %s, momentum %s, seed %d",
                spec.model().layers(), settings.epochs(), settings.batch(),
                settings.learningRate(), settings.momentum(), settings.seed()));
        Trainer trainer = new Trainer(config, this::reportEpoch, StepHook.NONE);
        try {
            org.shiftadd.nn.TrainingSummary summary = trainer.train(network, data.train(),
                    data.test());
            return new TrainingSummary(settings.seed(), summary.finalLoss(), summary.seconds(),
                    summary.samplesPerSecond());
        } catch (TrainingDivergedException e) {
            throw new InputException("training diverged: " + e.getMessage()
                    + "; lower train.learningRate (now " + settings.learningRate() + ")");
        }
    }

    private void reportEpoch(EpochProgress epoch) {
        listener.progress("train", epochLine(epoch));
    }

    /** Returns "1 epoch" or "N epochs". */
    static String epochs(int count) {
        return count + (count == 1 ? " epoch" : " epochs");
    }

    /** Returns the progress line of one training epoch, for MLPs and convolutional networks. */
    static String epochLine(EpochProgress epoch) {
        return String.format(Locale.ROOT,
                "epoch %d/%d  loss %.4f  train accuracy %.2f %%  test accuracy %.2f %%"
                        + "  %,.0f samples/s",
                epoch.epoch(), epoch.epochs(), epoch.meanLoss(), 100 * epoch.trainAccuracy(),
                100 * epoch.testAccuracy().orElse(Double.NaN), epoch.samplesPerSecond());
    }

    private Method decomposeAll(String key, String stage, PrecisionTarget target,
            Map<String, Object> parameters, DenseNetwork network) {
        List<StageRequest.Decompose> requests = new ArrayList<>();
        for (int i = 0; i < network.layerCount(); i++) {
            requests.add(new StageRequest.Decompose(network.weights(i), target, parameters));
        }
        // Layers are independent: one request per core, spread over the cluster if any.
        List<StageReply> replies = decomposer.decomposeAll(stage, requests, (i, reply) -> {
                    Matrix weights = network.weights(i);
                    Decomposition decomposition = (Decomposition) reply.result();
                    listener.progress(key, String.format(Locale.ROOT,
                            "%s %dx%d: %,d additions, SQNR %s (%.2f s)%s", layerName(i),
                            weights.rows(), weights.cols(), decomposition.additions(),
                            db(decomposition.sqnrDb()), reply.seconds(),
                            decomposition.targetReached() ? ""
                                    : "; target not reached" + targetNote(decomposition)));
                });
        List<Decomposition> layers = new ArrayList<>();
        List<String> nodes = new ArrayList<>();
        double seconds = 0;
        for (StageReply reply : replies) {
            layers.add((Decomposition) reply.result());
            nodes.add(reply.provenance().node());
            seconds += reply.seconds();
        }
        StageReply reply = replies.get(replies.size() - 1);
        bundles.add(new BundleRef(reply.provenance().bundle(), reply.provenance().version()));
        CompressedNetworks.write(directory.path(), key, compressedLayers(layers, network));
        return new Method(key, reply.provenance().bundle(), reply.provenance().version(),
                layers, seconds, nodes);
    }

    private RunResult result(DatasetPair data, TrainingSummary training, int bits,
            Map<String, Double> accuracy, List<Method> methods, DenseNetwork network,
            RunResult.Comparison comparison, List<RunResult.BackendSummary> backends) {
        List<LayerResult> layers = new ArrayList<>();
        for (int i = 0; i < network.layerCount(); i++) {
            Map<String, Long> additions = new LinkedHashMap<>();
            Map<String, Double> sqnr = new LinkedHashMap<>();
            Map<String, Boolean> reached = new LinkedHashMap<>();
            Map<String, String> nodes = new LinkedHashMap<>();
            for (Method method : methods) {
                Decomposition layer = method.layers.get(i);
                nodes.put(method.key, method.nodes.get(i));
                additions.put(method.key, layer.additions());
                reached.put(method.key, layer.targetReached());
                if (Double.isFinite(layer.sqnrDb())) {
                    sqnr.put(method.key, layer.sqnrDb());
                }
            }
            Matrix weights = network.weights(i);
            layers.add(new LayerResult(layerName(i), weights.rows(), weights.cols(), bits,
                    additions, sqnr, reached, nodes));
        }
        long csd = methods.get(0).total();
        List<MethodResult> totals = new ArrayList<>();
        Map<String, Long> totalAdditions = new LinkedHashMap<>();
        Map<String, Double> ratios = new LinkedHashMap<>();
        Map<String, Double> accuracies = new LinkedHashMap<>();
        for (Method method : methods) {
            long total = method.total();
            double ratio = total == 0 ? Double.POSITIVE_INFINITY : (double) csd / total;
            totals.add(new MethodResult(method.key, "decomposer", total, ratio,
                    accuracy.get(method.key), method.bundle, method.version, method.seconds));
            totalAdditions.put(method.key, total);
            ratios.put(method.key, ratio);
            accuracies.put(method.key, accuracy.get(method.key));
        }
        Dataset train = data.train();
        DataSummary summary = new DataSummary(spec.data(), train.size(), data.test().size(),
                train.features(), train.classes());
        return new RunResult(spec.name(), directory.id(), summary, spec.model(), spec.train(),
                training, bits, accuracy, layers,
                new RunResult.Total(totalAdditions, ratios, accuracies), totals,
                new ArrayList<>(bundles), comparison, backends);
    }

    /**
     * Sends the network, with the matrices of the method named by the step's {@code method}
     * (default: the last decomposer step, else csd), to a hardware back end.
     */
    private RunResult.BackendSummary emit(StepSpec step, List<Method> methods,
            DenseNetwork network) {
        String requested = step.parameters().get("method") instanceof String m ? m
                : methods.get(methods.size() - 1).key;
        Method method = methods.stream().filter(m -> m.key.equals(requested)).findFirst()
                .orElseThrow(() -> new InputException("backend " + step.name() + ": method '"
                        + requested + "' is not one of this run's methods "
                        + methods.stream().map(Method::key).toList()));
        List<CompressedLayer> layers = compressedLayers(method.layers, network);
        Path output = directory.artifacts().resolve(step.name());
        try {
            Files.createDirectories(output);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("cannot create " + output, e);
        }
        listener.progress(step.name(), "emitting " + method.key + " layers into " + output);
        Map<String, Object> parameters = new HashMap<>(step.parameters());
        parameters.remove("method");
        StageReply reply = decomposer.client().withTimeout(StageClient.BACKEND_TIMEOUT).await(
                StageKind.BACKEND, step.name(),
                new StageRequest.Emit(layers, output, parameters));
        BackendResult emitted = (BackendResult) reply.result();
        emitted.notes().forEach(note -> listener.progress(step.name(), note));
        bundles.add(new BundleRef(reply.provenance().bundle(), reply.provenance().version()));
        List<String> artifacts = emitted.artifacts().stream()
                .map(path -> directory.path().relativize(path.toAbsolutePath()).toString())
                .toList();
        return new RunResult.BackendSummary(step.name(), method.key,
                reply.provenance().bundle(), reply.provenance().version(), artifacts,
                emitted.figures(), emitted.notes());
    }

    /** Pairs each layer's decomposition with its bias and activation. */
    private static List<CompressedLayer> compressedLayers(List<Decomposition> decompositions,
            DenseNetwork network) {
        List<CompressedLayer> layers = new ArrayList<>();
        for (int i = 0; i < network.layerCount(); i++) {
            layers.add(new CompressedLayer(layerName(i), decompositions.get(i), network.bias(i),
                    i < network.layerCount() - 1));
        }
        return layers;
    }

    static PrecisionTarget target(StepSpec step, int baselineBits) {
        Object sqnr = step.parameters().get("sqnrDb");
        if (sqnr instanceof Number number) {
            return PrecisionTarget.ofSqnrDb(number.doubleValue());
        }
        Object bits = step.parameters().get("bits");
        return PrecisionTarget.ofBits(bits instanceof Number number ? number.intValue()
                : baselineBits);
    }

    static Map<String, Object> stageParameters(StepSpec step) {
        return CompressionProtocol.stageParameters(step, TARGET_KEYS);
    }

    /** Returns {@code name}, or {@code name-2}, {@code name-3}, ... if it is already taken. */
    static String uniqueKey(String name, List<String> taken) {
        String key = name;
        for (int n = 2; taken.contains(key); n++) {
            key = name + "-" + n;
        }
        return key;
    }

    private void writeStatus(String status, String reason) {
        RunStatus.of(status, reason).write(directory);
    }

    private static String targetNote(Decomposition decomposition) {
        Object target = decomposition.details().get("targetSqnrDb");
        Object reached = decomposition.details().get("slicesReachingTarget");
        Object slices = decomposition.details().get("slices");
        return (target instanceof Number t ? String.format(Locale.ROOT, " (%.2f dB)",
                t.doubleValue()) : "") + (reached != null && slices != null
                        ? ", " + reached + " of " + slices + " slices reached it" : "");
    }

    static String layerName(int index) {
        return "dense" + (index + 1);
    }

    static String db(double sqnr) {
        return Double.isInfinite(sqnr) ? "exact" : String.format(Locale.ROOT, "%.2f dB", sqnr);
    }

    /** One method's decompositions of every layer. */
    private record Method(String key, String bundle, String version,
            List<Decomposition> layers, double seconds, List<String> nodes) {
        List<Matrix> approximations() {
            return layers.stream().map(Decomposition::approximation).toList();
        }

        long total() {
            return layers.stream().mapToLong(Decomposition::additions).sum();
        }
    }
}
