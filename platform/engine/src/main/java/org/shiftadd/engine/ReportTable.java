package org.shiftadd.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.shiftadd.engine.RunResult.LayerResult;
import org.shiftadd.engine.RunResult.MethodResult;

/** Formats a run's results as the plain-text table printed at the end of a run. */
public final class ReportTable {
    private ReportTable() {
    }

    /**
     * Formats the per-layer additions of every method, the totals, the ratios to CSD and the
     * accuracies.
     *
     * @param result a finished run
     * @return the table, lines separated by {@code \n}, ending with a newline
     */
    public static String format(RunResult result) {
        List<String> methods = result.methods().stream().map(MethodResult::method).toList();
        List<String[]> rows = new ArrayList<>();
        // Convolutions apply their matrix many times per image, so the table then shows the
        // form, the products and the additions per image, and each method's SQNR.
        boolean perImage = perImage(result);
        List<String> header = new ArrayList<>(List.of("layer", "rows", "cols", "B"));
        if (perImage) {
            header.addAll(List.of("form", "products"));
        }
        methods.forEach(m -> header.add(m + (perImage ? " adds/image" : " adds")));
        if (perImage) {
            methods.forEach(m -> header.add(m + " dB"));
        }
        rows.add(header.toArray(String[]::new));
        for (LayerResult layer : result.layers()) {
            List<String> row = new ArrayList<>(List.of(layer.name(),
                    Integer.toString(layer.rows()), Integer.toString(layer.cols()),
                    Integer.toString(layer.bits())));
            if (perImage) {
                row.add(layer.form());
                row.add(count(layer.products()));
            }
            methods.forEach(m -> row.add(count(layer.additionsPerImage(m))));
            if (perImage) {
                methods.forEach(m -> row.add(decibels(layer, m)));
            }
            rows.add(row.toArray(String[]::new));
        }
        rows.add(totalRow("total", result, m -> count(m.additions())));
        rows.add(totalRow("ratio to CSD", result,
                m -> String.format(Locale.ROOT, "%.2fx", m.ratioToCsd())));
        rows.add(totalRow("test accuracy", result, m -> percent(m.accuracy())));
        StringBuilder text = new StringBuilder(render(rows,
                java.util.Set.of(0, rows.size() - 4), c -> c > 0));
        text.append(result.accuracy().containsKey("float")
                ? String.format(Locale.ROOT, "float network test accuracy: %s%n",
                        percent(result.accuracy().get("float")))
                : String.format("accuracy not measured: the spec gives no data%n"));
        // Pruned or shared networks before decomposition, keyed "pruning+float" and so on.
        result.accuracy().forEach((key, value) -> {
            if (key.endsWith("+float")) {
                text.append(String.format(Locale.ROOT, "%s network before decomposition: test"
                        + " accuracy %s%n", key.substring(0, key.length() - "+float".length()),
                        percent(value)));
            }
        });
        for (MethodResult method : result.methods()) {
            text.append(String.format(Locale.ROOT, "%s: %s %s%n", method.method(),
                    method.bundle(), method.version()));
        }
        List<String> others = otherBundles(result);
        if (!others.isEmpty()) {
            text.append("other stage bundles: ").append(String.join(", ", others))
                    .append(System.lineSeparator());
        }
        // In a cluster, say which nodes did the work; result.json has the nodes of each layer,
        // several for a layer whose slices were spread.
        Map<String, Integer> decompositionsByNode = new java.util.TreeMap<>();
        for (LayerResult layer : result.layers()) {
            for (String nodes : layer.nodes().values()) {
                for (String node : nodes.split(", ")) {
                    decompositionsByNode.merge(node, 1, Integer::sum);
                }
            }
        }
        if (decompositionsByNode.size() > 1) {
            List<String> counts = new ArrayList<>();
            decompositionsByNode.forEach((node, count) -> counts.add(node + " (" + count
                    + (count == 1 ? " decomposition)" : " decompositions)")));
            text.append(String.format(Locale.ROOT, "layers decomposed on %d cluster nodes: %s%n",
                    decompositionsByNode.size(), String.join(", ", counts)));
        }
        if (result.comparison() != null) {
            text.append(formatComparison(result.comparison()));
        }
        for (RunResult.BackendSummary backend : result.backends()) {
            text.append('\n').append(formatBackend(backend));
        }
        return text.toString().replace(System.lineSeparator(), "\n");
    }

    /**
     * Returns "name version" of every stage bundle that did work in the run but is not named
     * on a method's line or a back end's line, such as the clusterer's bundle.
     */
    private static List<String> otherBundles(RunResult result) {
        java.util.Set<String> named = new java.util.HashSet<>();
        result.methods().forEach(m -> named.add(m.bundle() + " " + m.version()));
        result.backends().forEach(b -> named.add(b.bundle() + " " + b.version()));
        return result.bundles().stream().map(b -> b.symbolicName() + " " + b.version())
                .filter(bundle -> !named.contains(bundle)).distinct().toList();
    }

    /**
     * Formats what a back end emitted: one line per layer with its additions and each tool's
     * verdict (status, vectors, mismatches, cells or LUTs), then the notes. The full figures
     * are in the back end's own report file among the artifacts.
     *
     * @param backend the back end's summary
     * @return the text, ending with a newline
     */
    public static String formatBackend(RunResult.BackendSummary backend) {
        StringBuilder text = new StringBuilder(String.format(Locale.ROOT,
                "backend %s (%s %s) emitted %s: %d files%n", backend.backend(), backend.bundle(),
                backend.version(), backend.method(), backend.artifacts().size()));
        if (backend.figures().get("layers") instanceof Map<?, ?> layers) {
            layers.forEach((layer, figures) -> text.append("  ").append(layer).append(": ")
                    .append(layerLine(figures)).append('\n'));
        }
        backend.notes().forEach(note -> text.append("  note: ").append(note).append('\n'));
        return text.toString().replace(System.lineSeparator(), "\n");
    }

    private static final List<String> TOOL_FIGURES = List.of("vectors", "mismatches", "cells",
            "adderBits", "luts", "carries", "flipFlops", "seconds");

    /**
     * Returns "N adders, depth D; tool status (figure value, ...)" for one layer, followed by
     * the same for its CSD form when the back end costed one.
     */
    private static String layerLine(Object figures) {
        if (!(figures instanceof Map<?, ?> map)) {
            return String.valueOf(figures);
        }
        List<String> parts = new ArrayList<>();
        if (map.get("additions") != null) {
            parts.add(String.format(Locale.ROOT, "%,d adders, depth %s", map.get("additions"),
                    map.get("depth")));
        }
        map.forEach((key, value) -> {
            if (key.equals("csd") && value instanceof Map<?, ?> csd) {
                parts.add("CSD B=" + csd.get("bits") + ": " + layerLine(csd));
            } else if (value instanceof Map<?, ?> tool && tool.containsKey("status")) {
                List<String> details = new ArrayList<>();
                for (String figure : TOOL_FIGURES) {
                    if (tool.get(figure) != null) {
                        details.add(figure + " " + tool.get(figure));
                    }
                }
                parts.add(key + " " + tool.get("status") + (details.isEmpty() ? ""
                        : " (" + String.join(", ", details) + ")"));
            }
        });
        return String.join("; ", parts);
    }

    /**
     * Formats the comparison at equal accuracy: one row per method, then every configuration
     * tried.
     *
     * @param comparison the comparison of a run
     * @return the text, lines separated by {@code \n}
     */
    public static String formatComparison(RunResult.Comparison comparison) {
        StringBuilder text = new StringBuilder(String.format(Locale.ROOT,
                "%nAt equal accuracy: every method within %.2f points of the CSD network at "
                        + "B = %d (%s; float %s)%n", comparison.maxAccuracyDrop(),
                comparison.bits(), percent(comparison.referenceAccuracy()),
                percent(comparison.floatAccuracy())));
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"method", "additions", "vs CSD B=" + comparison.bits(),
            "vs CSD B=" + comparison.fixedBits(), "accuracy", "precision", "configuration"});
        for (RunResult.ComparisonRow row : comparison.rows()) {
            rows.add(new String[] {row.method(), count(row.additions()),
                String.format(Locale.ROOT, "%.2fx", row.ratioToCsd()),
                String.format(Locale.ROOT, "%.2fx", row.ratioToCsdFixed()),
                percent(row.accuracy()) + (row.withinLimit() ? "" : " (over the limit)"),
                row.precision(), row.configuration()});
        }
        text.append(render(rows, java.util.Set.of(0), c -> c >= 1 && c <= 4));
        text.append("\nConfigurations tried:\n");
        for (RunResult.Trial trial : comparison.trials()) {
            text.append(String.format(Locale.ROOT, "  %-22s %-60s %11s  %s%s%n", trial.stage(),
                    trial.setting(), count(trial.additions()), percent(trial.accuracy()),
                    trial.withinLimit() ? "" : "  (outside the limit" + (trial.note().isEmpty()
                            ? ")" : ": " + trial.note() + ")")));
        }
        return text.toString();
    }

    /**
     * Renders rows as aligned columns, numbers right-aligned, with a rule under the rows
     * listed in {@code rulesAfter}.
     */
    private static String render(List<String[]> rows, java.util.Set<Integer> rulesAfter,
            java.util.function.IntPredicate rightAligned) {
        int columns = rows.get(0).length;
        int[] widths = new int[columns];
        for (String[] row : rows) {
            for (int c = 0; c < columns; c++) {
                widths[c] = Math.max(widths[c], row[c].length());
            }
        }
        StringBuilder text = new StringBuilder();
        for (int r = 0; r < rows.size(); r++) {
            StringBuilder line = new StringBuilder();
            for (int c = 0; c < columns; c++) {
                String cell = rows.get(r)[c];
                String padding = " ".repeat(widths[c] - cell.length());
                line.append(c == 0 ? "" : "  ")
                        .append(rightAligned.test(c) ? padding + cell : cell + padding);
            }
            text.append(line.toString().stripTrailing()).append('\n');
            if (rulesAfter.contains(r)) {
                text.append("-".repeat(line.length())).append('\n');
            }
        }
        return text.toString();
    }

    private static String[] totalRow(String label, RunResult result,
            java.util.function.Function<MethodResult, String> cell) {
        List<String> row = new ArrayList<>(List.of(label, "", "",
                Integer.toString(result.bits())));
        if (perImage(result)) {
            row.addAll(List.of("", ""));
        }
        result.methods().forEach(m -> row.add(cell.apply(m)));
        if (perImage(result)) {
            result.methods().forEach(m -> row.add(""));
        }
        return row.toArray(String[]::new);
    }

    /** Returns the SQNR of a method's matrix in dB, "exact" without error, "-" if absent. */
    private static String decibels(LayerResult layer, String method) {
        Double sqnr = layer.sqnrDb().get(method);
        if (sqnr != null) {
            return String.format(Locale.ROOT, "%.2f", sqnr);
        }
        return layer.additions().containsKey(method) ? "exact" : "-";
    }

    private static boolean perImage(RunResult result) {
        return result.layers().stream().anyMatch(layer -> layer.products() != 1
                || !layer.form().equals("matrix"));
    }

    private static String count(Long additions) {
        return additions == null ? "-" : String.format(Locale.ROOT, "%,d", additions);
    }

    private static String percent(double fraction) {
        return Double.isNaN(fraction) ? "-" : String.format(Locale.ROOT, "%.2f %%", 100 * fraction);
    }
}
