package org.shiftadd.engine.internal;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Function;
import org.shiftadd.api.ColumnClustering;
import org.shiftadd.api.CompressedLayer;
import org.shiftadd.api.Decomposition;
import org.shiftadd.api.Matrix;
import org.shiftadd.api.PrecisionTarget;
import org.shiftadd.api.Regularizer;
import org.shiftadd.api.StageKind;
import org.shiftadd.engine.ProgressListener;
import org.shiftadd.engine.RunResult.Comparison;
import org.shiftadd.engine.RunResult.ComparisonRow;
import org.shiftadd.engine.RunResult.Trial;
import org.shiftadd.engine.bus.Provenance;
import org.shiftadd.engine.bus.StageReply;
import org.shiftadd.engine.bus.StageRequest;
import org.shiftadd.engine.spec.ExperimentSpec;
import org.shiftadd.engine.spec.ExperimentSpec.StepSpec;
import org.shiftadd.numerics.Csd;
import org.shiftadd.numerics.prune.GroupLasso;
import org.shiftadd.numerics.prune.GroupLassoParameters;
import org.shiftadd.nn.DenseNetwork;
import org.shiftadd.nn.DivergenceGuard;
import org.shiftadd.nn.EpochProgress;
import org.shiftadd.nn.StepHook;
import org.shiftadd.nn.Thinning;
import org.shiftadd.nn.TiedColumns;
import org.shiftadd.nn.Trainer;
import org.shiftadd.nn.TrainingConfig;
import org.shiftadd.nn.TrainingDivergedException;
import org.shiftadd.nn.data.DatasetPair;

/**
 * Compares compression methods at equal accuracy. The reference is the CSD network at its
 * smallest bit width within the allowed accuracy drop of the float network. LCC alone,
 * pruning + LCC and pruning + sharing + LCC then each run at their own smallest precision
 * within the same drop of that CSD network.
 *
 * <p>Pruning trains the float network further with the group-lasso proximal step, zeroes
 * and removes the pruned columns and neurons, and fine-tunes. Sharing clusters the columns
 * of every layer, replaces them by their centroids and retrains with tied columns. A list of
 * values for {@code lambda} or {@code preference} is a sweep: every value is tried and the
 * one with the fewest additions within the accuracy limit is kept.
 */
final class CompressionProtocol {
    /** Engine-level keys of a regularizer step. */
    static final List<String> REGULARIZER_KEYS = List.of("lambda", "epochs", "fineTuneEpochs");
    /** Engine-level keys of a clusterer step. */
    static final List<String> CLUSTERER_KEYS = List.of("preference", "retrainEpochs");
    /** Default allowed accuracy drop, in percentage points. */
    static final double DEFAULT_DROP = 0.5;

    private static final int MAX_BITS = 16;
    private static final int MAX_STEPS = 8;
    private static final double STEP_DB = 3;

    private final ExperimentSpec spec;
    private final ProgressListener listener;
    private final LayerDecomposer layerDecomposer;
    private final Function<String, Regularizer> regularizers;
    private final DatasetPair data;
    private final int fixedBits;
    private final BiConsumer<String, List<CompressedLayer>> store;
    private final Consumer<Provenance> stageUsed;
    private final List<Trial> trials = new ArrayList<>();

    private double drop;
    private int bits;
    private double reference;

    /**
     * Creates the protocol.
     *
     * @param store receives the layers of every row of the comparison under a file-safe key,
     *     {@code compare-} and the row's label, for example
     *     {@code compare-pruning+sharing+lcc-fs}
     * @param stageUsed receives the provenance of every clusterer reply, so that the run
     *     records the clusterer's bundle
     */
    CompressionProtocol(ExperimentSpec spec, ProgressListener listener,
            LayerDecomposer decomposer,
            Function<String, Regularizer> regularizers, DatasetPair data,
            BiConsumer<String, List<CompressedLayer>> store, Consumer<Provenance> stageUsed) {
        this.store = store;
        this.stageUsed = stageUsed;
        this.spec = spec;
        this.listener = listener;
        this.layerDecomposer = decomposer;
        this.regularizers = regularizers;
        this.data = data;
        this.fixedBits = spec.baseline().bits();
    }

    /** Returns whether a spec requests the comparison at equal accuracy. */
    static boolean applies(ExperimentSpec spec) {
        return spec.stages().stream().anyMatch(s -> s.kind().equals("regularizer")
                || s.kind().equals("clusterer") || s.parameters().containsKey("maxAccuracyDrop"));
    }

    Comparison run(DenseNetwork floatNetwork, double floatAccuracy) {
        drop = maxDrop() / 100;
        List<StepSpec> decomposers = steps("decomposer");
        List<ComparisonRow> rows = new ArrayList<>();
        Evaluation csdFixed = csd(floatNetwork, fixedBits);
        Evaluation csd = smallestCsd(floatNetwork, floatAccuracy);
        reference = csd.accuracy;
        rows.add(row("CSD", csd, csd, csdFixed, "B = " + bits, ""));
        rows.add(row("CSD at B = " + fixedBits, csdFixed, csd, csdFixed, "B = " + fixedBits,
                ""));
        for (StepSpec decomposer : decomposers) {
            Evaluation lcc = smallestLcc(forms(floatNetwork), floatNetwork, decomposer);
            rows.add(row(decomposer.name() + " only", lcc, csd, csdFixed, lcc.precision, ""));
        }
        StepSpec primary = decomposers.isEmpty() ? null : decomposers.get(decomposers.size() - 1);
        DenseNetwork pruned = prune(floatNetwork, primary, rows, csd, csdFixed);
        if (pruned != null) {
            share(pruned, primary, rows, csd, csdFixed);
        }
        return new Comparison(bits, fixedBits, 100 * drop, floatAccuracy, csd.accuracy,
                csd.additions, csdFixed.additions, rows, trials);
    }

    // --- CSD

    private Evaluation csd(DenseNetwork network, int width) {
        return evaluate(network, forms(network), "csd", Map.of(),
                layer -> PrecisionTarget.ofBits(width), "B = " + width);
    }

    private Evaluation smallestCsd(DenseNetwork network, double floatAccuracy) {
        Evaluation last = null;
        for (int b = 2; b <= MAX_BITS; b++) {
            last = csd(network, b);
            trials.add(new Trial("csd", "B = " + b, last.additions, last.accuracy,
                    last.accuracy >= floatAccuracy - drop, ""));
            listener.progress("precision", String.format(Locale.ROOT,
                    "CSD at B = %d: %,d additions, test accuracy %.2f %%", b, last.additions,
                    100 * last.accuracy));
            if (last.accuracy >= floatAccuracy - drop) {
                bits = b;
                return last;
            }
        }
        bits = MAX_BITS;
        return last;
    }

    // --- LCC with the precision search

    private Evaluation smallestLcc(List<LayerForm> forms, DenseNetwork network, StepSpec step) {
        double[] extra = new double[forms.size()];
        Evaluation current = lcc(forms, network, step, extra);
        double unquantized = network.accuracy(data.test());
        if (unquantized < reference - drop) {
            // No precision can beat the network it approximates, so searching is pointless.
            return new Evaluation(current.additions, current.accuracy, current.precision
                    + String.format(Locale.ROOT, "; unquantized accuracy %.2f %% is already "
                            + "below the limit", 100 * unquantized), current.layers);
        }
        for (int n = 0; n < MAX_STEPS && current.accuracy < reference - drop; n++) {
            Evaluation best = null;
            int bestLayer = 0;
            for (int layer = 0; layer < forms.size(); layer++) {
                double[] trial = extra.clone();
                trial[layer] += STEP_DB;
                Evaluation candidate = lcc(forms, network, step, trial);
                if (best == null || candidate.accuracy > best.accuracy) {
                    best = candidate;
                    bestLayer = layer;
                }
            }
            extra[bestLayer] += STEP_DB;
            current = best;
            listener.progress("precision", String.format(Locale.ROOT,
                    "%s: +%.0f dB on %s, test accuracy %.2f %%", step.name(), STEP_DB,
                    PipelineRunner.layerName(bestLayer), 100 * current.accuracy));
        }
        return current;
    }

    private Evaluation lcc(List<LayerForm> forms, DenseNetwork network, StepSpec step,
            double[] extra) {
        double[] targets = new double[forms.size()];
        StringBuilder precision = new StringBuilder("B = " + bits);
        for (int l = 0; l < forms.size(); l++) {
            targets[l] = forms.get(l).compact().cols() == 0 ? 0
                    : Csd.targetSqnrDb(forms.get(l).compact(), bits) + extra[l];
            if (extra[l] > 0) {
                precision.append(String.format(Locale.ROOT, ", %s +%.0f dB",
                        PipelineRunner.layerName(l), extra[l]));
            }
        }
        return evaluate(network, forms, step.name(), PipelineRunner.stageParameters(step),
                layer -> PrecisionTarget.ofSqnrDb(targets[layer]), precision.toString());
    }

    // --- pruning

    private DenseNetwork prune(DenseNetwork floatNetwork, StepSpec decomposer,
            List<ComparisonRow> rows, Evaluation csd, Evaluation csdFixed) {
        List<StepSpec> regularizerSteps = steps("regularizer");
        if (regularizerSteps.isEmpty() || decomposer == null) {
            return null;
        }
        StepSpec step = regularizerSteps.get(0);
        Regularizer regularizer = regularizers.apply(step.name());
        Candidate best = null;
        for (Object lambda : values(step.parameters().get("lambda"))) {
            Map<String, Object> parameters = stageParameters(step, REGULARIZER_KEYS);
            parameters.put("lambda", lambda);
            DenseNetwork pruned;
            try {
                pruned = pruneOnce(floatNetwork, step, regularizer, parameters);
            } catch (TrainingDivergedException e) {
                trials.add(new Trial("group-lasso", "lambda = " + lambda, 0, Double.NaN, false,
                        "diverged: " + e.getMessage()));
                listener.progress("prune", "lambda = " + lambda + " skipped: " + e.getMessage());
                continue;
            }
            Evaluation lcc = smallestLcc(forms(pruned), pruned, decomposer);
            String setting = "lambda = " + lambda + ", " + shape(pruned);
            best = consider(best, new Candidate(setting, pruned, null, lcc), "group-lasso");
        }
        if (best == null) {
            return null;
        }
        Evaluation prunedCsd = evaluate(best.network, forms(best.network), "csd", Map.of(),
                layer -> PrecisionTarget.ofBits(bits), "B = " + bits);
        rows.add(row("pruning + CSD", prunedCsd, csd, csdFixed, "B = " + bits, best.setting));
        rows.add(row("pruning + " + decomposer.name(), best.evaluation, csd, csdFixed,
                best.evaluation.precision, best.setting));
        return best.network;
    }

    private DenseNetwork pruneOnce(DenseNetwork floatNetwork, StepSpec step,
            Regularizer regularizer, Map<String, Object> parameters) {
        DenseNetwork network = floatNetwork.copy();
        int epochs = integer(step, "epochs", spec.train().epochs());
        listener.progress("prune", "group lasso with lambda = " + parameters.get("lambda")
                + " for " + PipelineRunner.epochs(epochs));
        train(network, epochs, (layer, weights, rows, cols, rate) ->
                regularizer.applyProximalStepInPlace(weights, rows, cols, rate, parameters));
        double threshold = GroupLassoParameters.fromMap(parameters).zeroThreshold();
        for (int l = 0; l < network.layerCount(); l++) {
            Matrix weights = GroupLasso.zeroSmallColumns(network.weights(l), threshold);
            network.setWeightsInPlace(l, weights);
        }
        DenseNetwork thinned = Thinning.thin(network).network();
        int fineTune = integer(step, "fineTuneEpochs", Math.max(1, epochs / 2));
        TiedColumns zeros = TiedColumns.holdingZeroColumns(thinned);
        train(thinned, fineTune, zeros);
        listener.progress("prune", String.format(Locale.ROOT,
                "lambda = %s: %s, test accuracy %.2f %% after fine-tuning for %s",
                parameters.get("lambda"), shape(thinned), 100 * thinned.accuracy(data.test()),
                PipelineRunner.epochs(fineTune)));
        return thinned;
    }

    // --- sharing

    private void share(DenseNetwork pruned, StepSpec decomposer, List<ComparisonRow> rows,
            Evaluation csd, Evaluation csdFixed) {
        List<StepSpec> clustererSteps = steps("clusterer");
        if (clustererSteps.isEmpty()) {
            return;
        }
        StepSpec step = clustererSteps.get(0);
        Candidate best = null;
        for (Object preference : values(step.parameters().get("preference"))) {
            Map<String, Object> parameters = stageParameters(step, CLUSTERER_KEYS);
            // Only a preference from the spec is sent, because a clusterer other than
            // affinity propagation may not take one.
            if (preference != null) {
                parameters.put("preference", preference);
            }
            Candidate candidate = shareOnce(pruned, step, decomposer, parameters);
            if (candidate != null) {
                best = consider(best, candidate, step.name());
            }
        }
        if (best == null) {
            return;
        }
        Evaluation sharedCsd = evaluate(best.network, best.forms, "csd", Map.of(),
                layer -> PrecisionTarget.ofBits(bits), "B = " + bits);
        rows.add(row("pruning + sharing + CSD", sharedCsd, csd, csdFixed, "B = " + bits,
                best.setting));
        rows.add(row("pruning + sharing + " + decomposer.name(), best.evaluation, csd, csdFixed,
                best.evaluation.precision, best.setting));
    }

    private Candidate shareOnce(DenseNetwork pruned, StepSpec step, StepSpec decomposer,
            Map<String, Object> parameters) {
        DenseNetwork network = pruned.copy();
        List<int[]> labels = new ArrayList<>();
        List<ColumnClustering> clusterings = new ArrayList<>();
        for (int l = 0; l < network.layerCount(); l++) {
            LayerForm plain = LayerForm.plain(network.weights(l));
            StageReply reply = layerDecomposer.client().await(StageKind.CLUSTERER, step.name(),
                    new StageRequest.Cluster(plain.compact(), parameters, spec.train().seed()));
            stageUsed.accept(reply.provenance());
            ColumnClustering clustering = (ColumnClustering) reply.result();
            if (!clustering.converged()) {
                trials.add(new Trial(step.name(), setting(parameters), 0, Double.NaN, false,
                        "not converged: " + clustering.message()));
                listener.progress("share", setting(parameters) + " skipped: "
                        + clustering.message());
                return null;
            }
            clusterings.add(clustering);
            labels.add(columnLabels(plain, clustering));
        }
        TiedColumns ties = TiedColumns.of(labels);
        ties.tieInPlace(network);
        int epochs = integer(step, "retrainEpochs", Math.max(1, spec.train().epochs() / 3));
        train(network, epochs, ties);
        List<LayerForm> forms = new ArrayList<>();
        for (int l = 0; l < network.layerCount(); l++) {
            LayerForm plain = LayerForm.plain(network.weights(l));
            forms.add(LayerForm.shared(plain, relabel(plain, labels.get(l))));
        }
        Evaluation lcc = smallestLcc(forms, network, decomposer);
        StringBuilder setting = new StringBuilder(setting(parameters));
        for (int l = 0; l < clusterings.size(); l++) {
            setting.append(", ").append(PipelineRunner.layerName(l)).append(' ')
                    .append(clusterings.get(l).clusters()).append(" clusters");
        }
        return new Candidate(setting.toString(), network, forms, lcc);
    }

    /**
     * Returns a clusterer configuration as {@code key = value} pairs of its stage parameters,
     * the preference first, then the others by name.
     */
    static String setting(Map<String, Object> parameters) {
        if (parameters.isEmpty()) {
            return "default parameters";
        }
        List<String> pairs = new ArrayList<>();
        if (parameters.containsKey("preference")) {
            pairs.add("preference = " + parameters.get("preference"));
        }
        new TreeMap<>(parameters).forEach((key, value) -> {
            if (!key.equals("preference")) {
                pairs.add(key + " = " + value);
            }
        });
        return String.join(", ", pairs);
    }

    /** Maps the labels of the nonzero columns to every column, -1 holding zeros at zero. */
    static int[] columnLabels(LayerForm plain, ColumnClustering clustering) {
        int[] clusterOf = clustering.labels();
        int[] labels = new int[plain.source().length];
        for (int j = 0; j < labels.length; j++) {
            labels[j] = plain.source()[j] < 0 ? TiedColumns.HELD_AT_ZERO
                    : clusterOf[plain.source()[j]];
        }
        return labels;
    }

    /** Rebuilds the clustering of the nonzero columns after retraining. */
    static ColumnClustering relabel(LayerForm plain, int[] labels) {
        int[] compact = new int[plain.compact().cols()];
        int clusters = 0;
        for (int j = 0; j < labels.length; j++) {
            if (plain.source()[j] >= 0 && labels[j] >= 0) {
                compact[plain.source()[j]] = labels[j];
                clusters = Math.max(clusters, labels[j] + 1);
            }
        }
        return new ColumnClustering(compact, clusters, true, 0, "");
    }

    // --- shared helpers

    private Candidate consider(Candidate best, Candidate candidate, String stage) {
        Evaluation e = candidate.evaluation;
        boolean within = e.accuracy >= reference - drop;
        trials.add(new Trial(stage, candidate.setting, e.additions, e.accuracy, within,
                e.precision));
        listener.progress(stage, String.format(Locale.ROOT, "%s: %,d additions, test accuracy "
                + "%.2f %%%s", candidate.setting, e.additions, 100 * e.accuracy,
                within ? "" : " (outside the accuracy limit)"));
        if (!within) {
            return best;
        }
        return best == null || e.additions < best.evaluation.additions ? candidate : best;
    }

    private void train(DenseNetwork network, int epochs, StepHook hook) {
        TrainingConfig settings = new TrainingConfig(epochs, spec.train().batch(),
                spec.train().learningRate(), spec.train().momentum(), spec.train().seed());
        DivergenceGuard guard = DivergenceGuard.forTraining(network, data.train(),
                (EpochProgress progress) -> { });
        new Trainer(settings, guard, hook).train(network, data.train());
    }

    private Evaluation evaluate(DenseNetwork network, List<LayerForm> forms, String stage,
            Map<String, Object> parameters, Function<Integer, PrecisionTarget> target,
            String precision) {
        List<Matrix> weights = new ArrayList<>();
        List<CompressedLayer> layers = new ArrayList<>();
        long additions = 0;
        for (int l = 0; l < forms.size(); l++) {
            LayerForm form = forms.get(l);
            Decomposition decomposition;
            if (form.compact().cols() == 0) {
                decomposition = new Decomposition(stage, form.compact(), 0,
                        Double.POSITIVE_INFINITY, true, 0, Map.of());
            } else {
                decomposition = (Decomposition) layerDecomposer.decompose(stage,
                        new StageRequest.Decompose(form.compact(), target.apply(l), parameters))
                        .result();
            }
            additions += decomposition.additions() + form.preAdditions();
            weights.add(form.expand(decomposition.approximation()));
            layers.add(new CompressedLayer(PipelineRunner.layerName(l), decomposition,
                    network.bias(l), l < forms.size() - 1, form.source()));
        }
        double accuracy = network.withWeights(weights).accuracy(data.test());
        return new Evaluation(additions, accuracy, precision, layers);
    }

    private static List<LayerForm> forms(DenseNetwork network) {
        List<LayerForm> forms = new ArrayList<>();
        for (int l = 0; l < network.layerCount(); l++) {
            forms.add(LayerForm.plain(network.weights(l)));
        }
        return forms;
    }

    private ComparisonRow row(String method, Evaluation e, Evaluation csd, Evaluation csdFixed,
            String precision, String configuration) {
        store.accept(storageKey(method), e.layers);
        return new ComparisonRow(method, e.additions, ratio(csd.additions, e.additions),
                ratio(csdFixed.additions, e.additions), e.accuracy,
                e.accuracy >= reference - drop - 1e-12, precision, configuration);
    }

    private static double ratio(long csd, long additions) {
        return additions == 0 ? Double.POSITIVE_INFINITY : (double) csd / additions;
    }

    private static String shape(DenseNetwork network) {
        StringBuilder text = new StringBuilder("layers ");
        int[] sizes = network.layerSizes();
        for (int i = 0; i < sizes.length; i++) {
            text.append(i == 0 ? "" : "-").append(sizes[i]);
        }
        int zeroInputs = 0;
        for (int source : LayerForm.plain(network.weights(0)).source()) {
            if (source < 0) {
                zeroInputs++;
            }
        }
        return text.append(", ").append(zeroInputs).append(" inputs unused").toString();
    }

    private double maxDrop() {
        return steps("decomposer").stream()
                .map(s -> s.parameters().get("maxAccuracyDrop"))
                .filter(Number.class::isInstance).mapToDouble(v -> ((Number) v).doubleValue())
                .max().orElse(DEFAULT_DROP);
    }

    private List<StepSpec> steps(String kind) {
        return spec.stages().stream().filter(s -> s.kind().equals(kind)).toList();
    }

    /** Returns the values of a sweep: the list, or the single value, which may be null. */
    private static List<?> values(Object value) {
        return value instanceof List<?> list ? list : Collections.singletonList(value);
    }

    static int integer(StepSpec step, String key, int fallback) {
        return step.parameters().get(key) instanceof Integer value ? value : fallback;
    }

    /** Returns the step's parameters without the keys that the engine reads itself. */
    static Map<String, Object> stageParameters(StepSpec step,
            Collection<String> engineKeys) {
        Map<String, Object> parameters = new HashMap<>(step.parameters());
        parameters.keySet().removeAll(engineKeys);
        return parameters;
    }

    /** Returns {@code compare-} and the row label in lower case, without spaces or '='. */
    static String storageKey(String label) {
        String key = label.toLowerCase(Locale.ROOT).replace(" + ", "+").replace("=", "")
                .trim().replaceAll("\\s+", "-");
        return "compare-" + key;
    }

    /** Additions and accuracy of one network with its matrices decomposed, and its layers. */
    private record Evaluation(long additions, double accuracy, String precision,
            List<CompressedLayer> layers) {
    }

    /** One configuration of a sweep with its best evaluation. */
    private record Candidate(String setting, DenseNetwork network, List<LayerForm> forms,
            Evaluation evaluation) {
    }

}
