package org.shiftadd.engine.internal;

import io.vertx.core.Vertx;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.shiftadd.api.BackendResult;
import org.shiftadd.api.CompressedLayer;
import org.shiftadd.api.Regularizer;
import org.shiftadd.api.StageKind;
import org.shiftadd.api.StageProperties;
import org.shiftadd.engine.Engine;
import org.shiftadd.engine.InputException;
import org.shiftadd.engine.ProgressListener;
import org.shiftadd.engine.RunResult;
import org.shiftadd.engine.bus.StageClient;
import org.shiftadd.engine.bus.StageDirectory;
import org.shiftadd.engine.bus.StageException;
import org.shiftadd.engine.bus.StageFailure;
import org.shiftadd.engine.bus.StageInfo;
import org.shiftadd.engine.bus.StageReply;
import org.shiftadd.engine.bus.StageRequest;
import org.shiftadd.engine.run.CompressedNetworks;
import org.shiftadd.engine.run.RunDirectory;
import org.shiftadd.engine.run.RunStatus;
import org.shiftadd.engine.spec.ExperimentSpec.StepSpec;
import org.shiftadd.engine.spec.ExperimentSpec;
import org.shiftadd.engine.spec.SpecException;
import org.shiftadd.engine.spec.SpecParser;

/** The engine service: validates specs against the installed stages and runs them. */
@Component(service = Engine.class)
public final class EngineImpl implements Engine {
    /** Framework or system property naming the shiftadd home directory. */
    public static final String HOME_PROPERTY = "shiftadd.home";

    private final SpecParser parser = new SpecParser();
    private Vertx vertx;
    private StageDirectory directory;
    private Path home;

    @Reference
    void setVertx(Vertx vertx) {
        this.vertx = vertx;
    }

    @Reference
    void setDirectory(StageDirectory directory) {
        this.directory = directory;
    }

    private final Map<ServiceReference<Regularizer>, Regularizer> regularizers =
            new ConcurrentHashMap<>();

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void bindRegularizer(ServiceReference<Regularizer> reference, Regularizer regularizer) {
        regularizers.put(reference, regularizer);
    }

    void unbindRegularizer(ServiceReference<Regularizer> reference) {
        regularizers.remove(reference);
    }

    /**
     * Returns the highest-ranked regularizer service of the given name. The trainer calls it
     * in-process on every step, because one message per step would cost more than the step.
     */
    private Regularizer regularizer(String name) {
        return regularizers.entrySet().stream()
                .filter(e -> name.equals(e.getKey().getProperty(StageProperties.NAME)))
                .max(Map.Entry.comparingByKey())
                .map(Map.Entry::getValue)
                .orElseThrow(() -> new StageException(StageFailure.NO_HANDLER,
                        StageKind.REGULARIZER.address(name),
                        "no regularizer named '" + name + "' is installed"));
    }

    @Activate
    void activate(BundleContext context) {
        String property = context.getProperty(HOME_PROPERTY);
        home = Paths.get(property == null ? "" : property).toAbsolutePath().normalize();
    }

    @Override
    public Path home() {
        return home;
    }

    @Override
    public ExperimentSpec validate(String text, String source) {
        SpecParser.Parsed parsed = parser.parseCollecting(text, source);
        List<String> problems = new ArrayList<>(parsed.problems());
        List<StageInfo> installed = directory.stages();
        if (!isInstalled(installed, "decomposer", "csd")) {
            problems.add("baseline: the csd decomposer that counts the baseline is not installed;"
                    + " add the baseline-csd bundle to bundles/");
        }
        parsed.steps().forEach((path, step) -> problems.addAll(checkStep(step, path, installed)));
        problems.addAll(checkBackendSteps(parsed));
        if (parsed.spec() != null) {
            problems.addAll(SpecChecks.check(parsed.spec()));
        }
        if (!problems.isEmpty()) {
            throw new SpecException(source, problems);
        }
        return parsed.spec();
    }

    @Override
    public RunResult run(ExperimentSpec spec, RunDirectory runDirectory,
            ProgressListener listener) {
        StageClient client = new StageClient(vertx, StageClient.DEFAULT_TIMEOUT,
                VertxProvider::lastDeparture);
        LayerDecomposer decomposer =
                new LayerDecomposer(client, () -> VertxProvider.clusterNodes(vertx));
        return new PipelineRunner(spec, runDirectory, listener, decomposer, home,
                this::regularizer).run();
    }

    @Override
    public RunResult.BackendSummary emit(Path runDirectory, String method, String backend,
            Map<String, Object> parameters, Path output, ProgressListener listener) {
        List<CompressedLayer> layers = CompressedNetworks.read(runDirectory, method);
        rejectConvolutionalRun(runDirectory);
        List<StageInfo> installed = directory.stages();
        if (!isInstalled(installed, "backend", backend)) {
            throw new InputException(notInstalled(installed, "backend", backend));
        }
        @SuppressWarnings("unchecked")
        List<String> problems = (List<String>) new StageClient(vertx, Duration.ofSeconds(30))
                .await(StageKind.BACKEND, backend, new StageRequest.Validate(parameters))
                .result();
        if (!problems.isEmpty()) {
            throw new InputException("backend " + backend + ": " + String.join("; ", problems));
        }
        try {
            Files.createDirectories(output);
        } catch (IOException e) {
            throw new InputException("cannot create the output directory " + output + ": "
                    + e.getMessage());
        }
        listener.progress(backend, "emitting " + method + " layers of " + runDirectory
                + " into " + output);
        warnIfUnfinished(runDirectory, method, backend, listener);
        StageClient client = new StageClient(vertx, StageClient.BACKEND_TIMEOUT);
        StageReply reply = client.await(StageKind.BACKEND, backend,
                new StageRequest.Emit(layers, output.toAbsolutePath(), Map.copyOf(parameters)));
        BackendResult emitted = (BackendResult) reply.result();
        emitted.notes().forEach(note -> listener.progress(backend, note));
        List<String> artifacts = emitted.artifacts().stream().map(Path::toString).toList();
        return new RunResult.BackendSummary(backend, method, reply.provenance().bundle(),
                reply.provenance().version(), artifacts, emitted.figures(), emitted.notes());
    }

    /** Notes when the run stopped before it finished, so its stored layers may be partial. */
    private static void warnIfUnfinished(Path runDirectory, String method, String backend,
            ProgressListener listener) {
        Optional<RunStatus> status;
        try {
            status = RunStatus.read(runDirectory);
        } catch (UncheckedIOException e) {
            listener.progress(backend, "warning: the run's status is unreadable: "
                    + e.getMessage());
            return;
        }
        if (status.isPresent() && !status.get().status().equals(RunStatus.FINISHED)) {
            String reason = status.get().reason() == null ? "" : ": " + status.get().reason();
            listener.progress(backend, "warning: the run did not finish (status "
                    + status.get().status() + reason + "); its " + method
                    + " layers were stored before it ended");
        }
    }

    /**
     * Rejects a run of a convolutional model: its stored layers are the convolutions' PK or
     * FK matrices, and a module for one of them would compute a single matrix product, not
     * the convolution around it.
     */
    private void rejectConvolutionalRun(Path runDirectory) {
        Path specFile = runDirectory.resolve(RunDirectory.SPEC);
        if (!Files.isRegularFile(specFile)) {
            return;
        }
        SpecParser.Parsed parsed;
        try {
            parsed = new SpecParser().parseCollecting(Files.readString(specFile),
                    specFile.toString());
        } catch (IOException | SpecException e) {
            return; // An unreadable spec leaves the decision to the stored layers.
        }
        if (parsed.spec() != null && !parsed.spec().model().isMlp()) {
            throw new InputException("run " + runDirectory + " is a "
                    + parsed.spec().model().type() + " run; back ends emit the layers of MLP"
                    + " runs only, because a convolution's stored matrix is not the whole"
                    + " convolution");
        }
    }

    /**
     * Checks what the engine reads from backend steps against the rest of the spec: the
     * {@code method} must be csd or a decomposer step, and {@code layers} must name layers
     * of the model (dense1, dense2, and so on).
     */
    private static List<String> checkBackendSteps(SpecParser.Parsed parsed) {
        List<String> problems = new ArrayList<>();
        Set<String> methods = new TreeSet<>(Set.of("csd"));
        parsed.steps().values().stream().filter(step -> step.kind().equals("decomposer"))
                .forEach(step -> methods.add(step.name()));
        Set<String> layerNames = new TreeSet<>();
        if (parsed.spec() != null && parsed.spec().model() != null
                && parsed.spec().model().layers() != null) {
            for (int l = 1; l < parsed.spec().model().layers().size(); l++) {
                layerNames.add(PipelineRunner.layerName(l - 1));
            }
        }
        parsed.steps().forEach((path, step) -> {
            if (!step.kind().equals("backend")) {
                return;
            }
            Object method = step.parameters().get("method");
            if (method != null && !methods.contains(String.valueOf(method))) {
                problems.add(path + ".method: '" + method + "' is not a method of this spec;"
                        + " choose one of " + methods);
            }
            if (step.parameters().get("layers") instanceof String names
                    && !layerNames.isEmpty()) {
                for (String name : names.split("\\s*,\\s*")) {
                    if (!layerNames.contains(name)) {
                        problems.add(path + ".layers: the model has no layer '" + name
                                + "'; its layers are " + layerNames);
                    }
                }
            }
        });
        return problems;
    }

    private List<String> checkStep(StepSpec step, String path, List<StageInfo> installed) {
        String field = path + "." + step.kind();
        if (!isInstalled(installed, step.kind(), step.name())) {
            return List.of(field + ": " + notInstalled(installed, step.kind(), step.name()));
        }
        List<String> problems = new ArrayList<>();
        for (Map<String, Object> parameters : parameterSets(step, path, problems)) {
            try {
                @SuppressWarnings("unchecked")
                List<String> stageProblems = (List<String>) new StageClient(vertx,
                        Duration.ofSeconds(30))
                        .await(StageKind.fromKey(step.kind()), step.name(),
                                new StageRequest.Validate(parameters))
                        .result();
                stageProblems.forEach(p -> problems.add(path + ": " + p));
            } catch (StageException e) {
                problems.add(field + ": cannot check the parameters: " + e.getMessage());
            }
        }
        return problems.stream().distinct().toList();
    }

    /**
     * Returns the parameter maps that the stage will receive: one per value of a swept
     * parameter, with the keys that the engine reads itself removed.
     */
    private static List<Map<String, Object>> parameterSets(StepSpec step, String path,
            List<String> problems) {
        switch (step.kind()) {
            case "decomposer" -> {
                problems.addAll(checkTarget(step, path));
                return List.of(PipelineRunner.stageParameters(step));
            }
            case "backend" -> {
                Map<String, Object> parameters = new java.util.HashMap<>(step.parameters());
                Object method = parameters.remove("method");
                if (method != null && !(method instanceof String)) {
                    problems.add(path + ".method: must be the name of a decomposer step or "
                            + "csd, found " + method);
                }
                return List.of(parameters);
            }
            case "regularizer" -> {
                checkEpochs(step, path, List.of("epochs", "fineTuneEpochs"), problems);
                return sweep(step, "lambda", CompressionProtocol.REGULARIZER_KEYS, path,
                        problems);
            }
            default -> {
                checkEpochs(step, path, List.of("retrainEpochs"), problems);
                return sweep(step, "preference", CompressionProtocol.CLUSTERER_KEYS, path,
                        problems);
            }
        }
    }

    private static List<Map<String, Object>> sweep(StepSpec step, String key,
            List<String> engineKeys, String path, List<String> problems) {
        Object value = step.parameters().get(key);
        List<?> values = value instanceof List<?> list ? list
                : value == null ? java.util.Collections.singletonList(null) : List.of(value);
        if (values.isEmpty()) {
            problems.add(path + "." + key + ": the list of values to try is empty");
        }
        List<Map<String, Object>> sets = new ArrayList<>();
        for (Object each : values) {
            Map<String, Object> parameters = CompressionProtocol.stageParameters(step,
                    engineKeys);
            if (each != null) {
                parameters.put(key, each);
            }
            sets.add(parameters);
        }
        return sets;
    }

    private static void checkEpochs(StepSpec step, String path, List<String> keys,
            List<String> problems) {
        for (String key : keys) {
            Object value = step.parameters().get(key);
            if (value != null && !(value instanceof Integer n && n >= 1 && n <= 10_000)) {
                problems.add(path + "." + key + ": must be an integer in 1..10000, found "
                        + value);
            }
        }
    }

    private static List<String> checkTarget(StepSpec step, String path) {
        Object bits = step.parameters().get("bits");
        Object sqnr = step.parameters().get("sqnrDb");
        List<String> problems = new ArrayList<>();
        if (bits != null && sqnr != null) {
            problems.add(path + ": give either bits or sqnrDb as the precision target, not both");
        }
        if (bits != null && !(bits instanceof Integer b && b >= 1 && b <= 32)) {
            problems.add(path + ".bits: must be an integer in 1..32, found " + bits);
        }
        if (sqnr != null && !(sqnr instanceof Number n && Double.isFinite(n.doubleValue()))) {
            problems.add(path + ".sqnrDb: must be a finite number of dB, found " + sqnr);
        }
        Object drop = step.parameters().get("maxAccuracyDrop");
        if (drop != null && !(drop instanceof Number d && d.doubleValue() >= 0
                && d.doubleValue() <= 100)) {
            problems.add(path + ".maxAccuracyDrop: must be a number of percentage points in"
                    + " 0..100, found " + drop);
        }
        return problems;
    }

    /** Returns "no KIND named 'NAME' is installed; installed KINDs: ..." for an error. */
    private static String notInstalled(List<StageInfo> installed, String kind, String name) {
        Set<String> names = new TreeSet<>();
        installed.stream().filter(s -> s.kind().equals(kind)).forEach(s -> names.add(s.name()));
        return "no " + kind + " named '" + name + "' is installed; installed " + kind + "s: "
                + (names.isEmpty() ? "none" : String.join(", ", names));
    }

    private static boolean isInstalled(List<StageInfo> installed, String kind, String name) {
        return installed.stream().anyMatch(s -> s.kind().equals(kind) && s.name().equals(name));
    }
}
