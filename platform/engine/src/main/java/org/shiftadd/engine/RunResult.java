package org.shiftadd.engine;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.shiftadd.engine.spec.ExperimentSpec.ModelSpec;
import org.shiftadd.engine.spec.ExperimentSpec.TrainSpec;

/**
 * Everything a finished run reports; written as {@code result.json}.
 *
 * @param name experiment name
 * @param runId run directory name
 * @param data where the data came from and its sizes
 * @param model the network
 * @param train the training settings, the seed included
 * @param training what training measured
 * @param bits B of the CSD baseline
 * @param accuracy test accuracy in [0, 1] of the float network ({@code float}) and of the
 *     network evaluated with each method's matrices, keyed by method
 * @param layers per-layer figures
 * @param total additions, ratios to CSD and accuracies of the whole network, keyed by method
 * @param methods per-method totals with provenance, the CSD baseline first
 * @param bundles every stage bundle that did work in this run
 * @param comparison the comparison at equal accuracy, or {@code null} when the spec has no
 *     pruning, sharing or accuracy limit
 * @param backends what each hardware back end of the spec produced
 */
public record RunResult(
        String name,
        String runId,
        DataSummary data,
        ModelSpec model,
        TrainSpec train,
        TrainingSummary training,
        int bits,
        Map<String, Double> accuracy,
        List<LayerResult> layers,
        Total total,
        List<MethodResult> methods,
        List<BundleRef> bundles,
        Comparison comparison,
        List<BackendSummary> backends) {

    /** Copies the collections, keeping the order of the maps. */
    public RunResult {
        accuracy = ordered(accuracy);
        layers = List.copyOf(layers);
        methods = List.copyOf(methods);
        bundles = List.copyOf(bundles);
        backends = List.copyOf(backends);
    }

    private static <V> Map<String, V> ordered(Map<String, V> map) {
        return map == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(map));
    }

    /**
     * The whole network's figures.
     *
     * @param additions additions per inference, keyed by method
     * @param ratioToCsd CSD additions divided by each method's additions
     * @param accuracy test accuracy in [0, 1] of each method's network
     */
    public record Total(Map<String, Long> additions, Map<String, Double> ratioToCsd,
            Map<String, Double> accuracy) {
        /** Copies the maps, keeping their order. */
        public Total {
            additions = ordered(additions);
            ratioToCsd = ordered(ratioToCsd);
            accuracy = ordered(accuracy);
        }
    }

    /**
     * Methods compared at equal accuracy: each at its own smallest precision whose test
     * accuracy stays within {@code maxAccuracyDrop} of the CSD network.
     *
     * @param bits B, the smallest CSD width within the drop of the float network
     * @param fixedBits the fixed width of the usual comparison, the baseline's B
     * @param maxAccuracyDrop allowed drop in percentage points
     * @param floatAccuracy test accuracy of the float network
     * @param referenceAccuracy test accuracy of the CSD network at {@code bits}
     * @param csdAdditions additions of the CSD network at {@code bits}
     * @param csdFixedAdditions additions of the CSD network at {@code fixedBits}
     * @param rows one row per method
     * @param trials every configuration tried, in order
     */
    public record Comparison(int bits, int fixedBits, double maxAccuracyDrop,
            double floatAccuracy, double referenceAccuracy, long csdAdditions,
            long csdFixedAdditions, List<ComparisonRow> rows, List<Trial> trials) {
        /** Copies the lists. */
        public Comparison {
            rows = List.copyOf(rows);
            trials = List.copyOf(trials);
        }
    }

    /**
     * One method of the comparison.
     *
     * @param method for example {@code pruning + lcc-fs}
     * @param additions additions per inference, pre-additions of shared columns included
     * @param ratioToCsd CSD additions at the comparison's B divided by these
     * @param ratioToCsdFixed CSD additions at the fixed B divided by these
     * @param accuracy test accuracy in [0, 1]
     * @param withinLimit whether the accuracy is within the allowed drop of the CSD network
     * @param precision the precision used, such as {@code B = 4, dense2 +3 dB}
     * @param configuration the chosen pruning or sharing setting
     */
    public record ComparisonRow(String method, long additions, double ratioToCsd,
            double ratioToCsdFixed, double accuracy, boolean withinLimit, String precision,
            String configuration) {
    }

    /**
     * One configuration tried by a precision search or a sweep.
     *
     * @param stage the stage that was varied
     * @param setting the value tried
     * @param additions additions per inference
     * @param accuracy test accuracy in [0, 1], NaN when not evaluated
     * @param withinLimit whether it met the accuracy limit
     * @param note precision or the reason it was not evaluated
     */
    public record Trial(String stage, String setting, long additions, double accuracy,
            boolean withinLimit, String note) {
    }

    /**
     * The output of one hardware back end.
     *
     * @param backend the back end's stage name
     * @param method the decomposition it emitted, such as {@code lcc-fs}
     * @param bundle symbolic name of the bundle that did the work
     * @param version that bundle's version
     * @param artifacts files written, relative to the run directory
     * @param figures resource figures as the back end reported them
     * @param notes remarks, such as a tool that is not installed
     */
    public record BackendSummary(String backend, String method, String bundle, String version,
            List<String> artifacts, Map<String, Object> figures, List<String> notes) {
        /** Copies the collections. */
        public BackendSummary {
            artifacts = List.copyOf(artifacts);
            figures = ordered(figures);
            notes = List.copyOf(notes);
        }
    }

    /**
     * The data set of a run.
     *
     * @param source {@code mnist} or {@code idx:DIR}
     * @param trainSamples number of training samples
     * @param testSamples number of test samples
     * @param features inputs per sample
     * @param classes number of classes
     */
    public record DataSummary(String source, int trainSamples, int testSamples, int features,
            int classes) {
    }

    /**
     * Measurements of the training run.
     *
     * @param seed the seed of initialisation and shuffling
     * @param finalLoss mean training loss of the last epoch
     * @param seconds wall-clock training time
     * @param samplesPerSecond training throughput
     */
    public record TrainingSummary(long seed, double finalLoss, double seconds,
            double samplesPerSecond) {
    }

    /**
     * One weight matrix and what each method made of it.
     *
     * @param name layer name: {@code dense1} for the first MLP layer, {@code conv1} and
     *     {@code fc1} for the first convolution and linear layer of a convolutional network
     * @param rows outputs of the matrix
     * @param cols inputs of the matrix
     * @param bits B of the CSD baseline
     * @param additions additions of one product of the matrix with a vector, keyed by method
     * @param sqnrDb SQNR of each method's matrix in dB; absent where it is exact
     * @param targetReached whether each method reached its precision target on this layer
     * @param form {@code matrix} for a plain product (dense and linear layers, 1x1
     *     convolutions), {@code fk} or {@code pk} for a convolution in full- or partial-kernel
     *     form
     * @param products products of the matrix with a vector per image: 1 for a matrix, the
     *     output positions for FK, the input positions for PK
     * @param accumulation additions per image beyond the products: the PK partial-product
     *     sums of the trained network
     * @param accumulations the accumulation of each method whose network has fewer output
     *     channels in this layer (after pruning); other methods use {@code accumulation}
     * @param nodes the process that decomposed this layer for each method, as
     *     {@code host/pid}; in a cluster, layers can run on different nodes, and the slices of
     *     an LCC layer on several, listed with ", " between them
     */
    public record LayerResult(String name, int rows, int cols, int bits,
            Map<String, Long> additions, Map<String, Double> sqnrDb,
            Map<String, Boolean> targetReached, String form, long products, long accumulation,
            Map<String, Long> accumulations, Map<String, String> nodes) {
        /** Copies the maps, keeping their order; a missing form is a plain matrix. */
        public LayerResult {
            additions = ordered(additions);
            accumulations = ordered(accumulations);
            nodes = ordered(nodes);
            sqnrDb = ordered(sqnrDb);
            targetReached = ordered(targetReached);
            form = form == null ? "matrix" : form;
            products = Math.max(1, products);
        }

        /** A plain matrix, applied once per inference. */
        public LayerResult(String name, int rows, int cols, int bits,
                Map<String, Long> additions, Map<String, Double> sqnrDb,
                Map<String, Boolean> targetReached, Map<String, String> nodes) {
            this(name, rows, cols, bits, additions, sqnrDb, targetReached, "matrix", 1, 0,
                    Map.of(), nodes);
        }

        /**
         * Returns a method's additions per image: its additions per product times the
         * products, plus the accumulation.
         *
         * @param method the method key
         * @return the additions, or {@code null} if the method has no figure for this layer
         */
        public Long additionsPerImage(String method) {
            Long perProduct = additions.get(method);
            return perProduct == null ? null : Math.addExact(
                    Math.multiplyExact(perProduct, products),
                    accumulations.getOrDefault(method, accumulation));
        }
    }

    /**
     * One method's totals over all layers.
     *
     * @param method method key, for example {@code csd} or {@code lcc-fs}
     * @param kind stage kind key
     * @param additions total additions per inference
     * @param ratioToCsd CSD additions divided by this method's additions
     * @param accuracy test accuracy in [0, 1] of the network with this method's matrices
     * @param bundle symbolic name of the bundle that did the work
     * @param version that bundle's version
     * @param seconds time the stage spent, summed over layers
     */
    public record MethodResult(String method, String kind, long additions, double ratioToCsd,
            double accuracy, String bundle, String version, double seconds) {
    }

    /**
     * A bundle that did work in the run.
     *
     * @param symbolicName bundle symbolic name
     * @param version bundle version
     */
    public record BundleRef(String symbolicName, String version) {
    }
}
