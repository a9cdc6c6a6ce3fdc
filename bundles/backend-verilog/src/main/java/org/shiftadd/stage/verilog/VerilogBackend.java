package org.shiftadd.stage.verilog;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.osgi.service.component.annotations.Component;
import org.shiftadd.api.BackendResult;
import org.shiftadd.api.CompressedLayer;
import org.shiftadd.api.HardwareBackend;
import org.shiftadd.api.StageProperties;
import org.shiftadd.numerics.Csd;
import org.shiftadd.numerics.Sqnr;

/**
 * The {@code verilog} back end: one combinational or pipelined Verilog-2005 module per layer,
 * with a self-checking test bench, vector files and a report, and the CSD network of the same
 * weights costed side by side.
 *
 * <p>Parameters: {@code inputBits} (B_in, default 8), {@code signedInputs} (default false),
 * {@code levelsPerStage} (adder levels per register stage, default 0: combinational),
 * {@code vectors} (default 1000), {@code seed} (default 1), {@code csdBits} (the B of the CSD
 * comparison, default the layer's {@code bits} detail or 8), {@code icarus} (run it when
 * installed, default true), {@code verilator} (default false: building a 150,000-adder layer
 * takes many minutes), {@code yosys} (default false: synthesis of a 6,000-adder layer already
 * takes minutes on a 2-core machine with Yosys 0.23), {@code yosysFlow} ({@code gates},
 * {@code noabc}, {@code words} or, by default, {@code auto}, which picks by the full adders
 * of the layer and its CSD form, see {@link #flow}), {@code partNodes} (the most nodes in one
 * part module of a combinational layer, default 4096, 0 for flat modules),
 * {@code timeoutSeconds} (per tool run, default 600) and {@code layers} (the names of the
 * layers to emit, comma-separated or a list; default all).
 *
 * <p>Bias and ReLU are not emitted: every module computes y = T̂ x only, and the notes name
 * each layer that has them. The network of each layer is recovered as {@link Rederivation}
 * describes: exactly from the slice networks that LCC layers carry.
 */
@Component(service = HardwareBackend.class, property = {
    StageProperties.KIND + "=backend",
    StageProperties.NAME + "=verilog"
})
public final class VerilogBackend implements HardwareBackend {
    private static final Set<String> PARAMETERS = Set.of("inputBits", "signedInputs",
            "levelsPerStage", "vectors", "seed", "csdBits", "icarus", "verilator", "yosys",
            "yosysFlow", "partNodes", "timeoutSeconds", "layers");
    private static final List<String> FLOWS = List.of("auto", "gates", "noabc", "words");
    /** Above this many full adders, {@code auto} synthesizes without ABC. */
    static final long ABC_FULL_ADDERS = 5_000;
    /** Above this many full adders, {@code auto} stops at word-level adders. */
    static final long GATE_FULL_ADDERS = 100_000;

    @Override
    public List<String> validateParameters(Map<String, Object> parameters) {
        List<String> problems = new ArrayList<>();
        for (String key : parameters.keySet()) {
            if (!PARAMETERS.contains(key)) {
                problems.add("unknown parameter '" + key + "': the verilog back end accepts "
                        + new java.util.TreeSet<>(PARAMETERS));
            }
        }
        checkInteger(parameters, "inputBits", 1, 32, problems);
        checkInteger(parameters, "levelsPerStage", 0, 1 << 20, problems);
        checkInteger(parameters, "vectors", 20, 10_000_000, problems);
        checkInteger(parameters, "csdBits", 1, 52, problems);
        checkInteger(parameters, "timeoutSeconds", 1, 86_400, problems);
        checkInteger(parameters, "partNodes", 0, Integer.MAX_VALUE, problems);
        Object flow = parameters.get("yosysFlow");
        if (flow != null && !FLOWS.contains(flow)) {
            problems.add("yosysFlow must be one of " + FLOWS + ", found " + flow);
        }
        for (String key : List.of("signedInputs", "icarus", "verilator", "yosys")) {
            Object value = parameters.get(key);
            if (value != null && !(value instanceof Boolean)) {
                problems.add(key + " must be true or false, found " + value);
            }
        }
        Object selection = parameters.get("layers");
        if (selection != null && !(selection instanceof String)
                && !(selection instanceof List<?> names
                        && names.stream().allMatch(String.class::isInstance))) {
            problems.add("layers must be layer names, comma-separated or a list, found "
                    + selection);
        }
        Object seed = parameters.get("seed");
        if (seed != null && !(seed instanceof Integer || seed instanceof Long)) {
            problems.add("seed must be an integer, found " + seed);
        }
        return problems;
    }

    private static void checkInteger(Map<String, Object> parameters, String key, int min,
            int max, List<String> problems) {
        Object value = parameters.get(key);
        if (value != null && !(value instanceof Integer i && i >= min && i <= max)) {
            problems.add(key + " must be an integer in " + min + ".." + max + ", found " + value);
        }
    }

    @Override
    public BackendResult emit(List<CompressedLayer> layers, Path outputDirectory,
            Map<String, Object> parameters) throws IOException {
        List<String> problems = validateParameters(parameters);
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", problems));
        }
        int inputBits = (Integer) parameters.getOrDefault("inputBits", 8);
        boolean signedInputs = (Boolean) parameters.getOrDefault("signedInputs", false);
        LayerEmitter.Options options = new LayerEmitter.Options(
                (Integer) parameters.getOrDefault("levelsPerStage", 0),
                (Integer) parameters.getOrDefault("vectors", 1000),
                ((Number) parameters.getOrDefault("seed", 1)).longValue(),
                (Boolean) parameters.getOrDefault("icarus", true),
                (Boolean) parameters.getOrDefault("verilator", false),
                (Boolean) parameters.getOrDefault("yosys", false),
                (String) parameters.getOrDefault("yosysFlow", "auto"),
                (Integer) parameters.getOrDefault("partNodes", 4096),
                (Integer) parameters.getOrDefault("timeoutSeconds", 600));
        List<Path> artifacts = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        Map<String, Object> figures = new LinkedHashMap<>();
        Map<String, Object> layerFigures = new LinkedHashMap<>();
        Set<String> selected = selectedLayers(parameters.get("layers"), layers);
        for (CompressedLayer layer : layers) {
            if (!selected.contains(layer.name())) {
                continue;
            }
            LayerModel model = Rederivation.model(layer, inputBits, signedInputs);
            LayerModel csd = csdModel(layer, parameters, inputBits, signedInputs);
            // Both sides of the comparison go through the same Yosys flow.
            LayerEmitter.Options layerOptions = options.withYosysFlow(flow(options.yosysFlow(),
                    Math.max(model.network().fullAdders(), csd.network().fullAdders())));
            LayerEmitter.LayerReport report;
            try {
                report = LayerEmitter.emit(model, outputDirectory, layerOptions);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while running a tool on layer "
                        + layer.name(), e);
            }
            artifacts.addAll(report.artifacts());
            Map<String, Object> entry = new LinkedHashMap<>(report.figures());
            entry.put("recordedAdditions", layer.decomposition().additions());
            entry.put("rederivedSqnrDb", Sqnr.db(layer.decomposition().approximation(),
                    model.columnApproximation()));
            Map<String, Object> csdFigures;
            try {
                csdFigures = csdComparison(layer, csd, parameters, layerOptions, outputDirectory, artifacts,
                        notes);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while synthesizing the CSD form of layer "
                        + layer.name(), e);
            }
            entry.put("csd", csdFigures);
            layerFigures.put(report.module(), entry);
            notes.addAll(layerNotes(layer, model, report));
        }
        figures.put("layers", layerFigures);
        figures.put("inputBits", inputBits);
        figures.put("signedInputs", signedInputs);
        figures.put("levelsPerStage", options.levelsPerStage());
        Path reportFile = outputDirectory.resolve("verilog-report.txt");
        writeReport(reportFile, figures, notes);
        artifacts.add(reportFile);
        return new BackendResult(artifacts, figures, notes);
    }

    /**
     * Costs the CSD network of the same layer and, when Yosys runs, synthesizes it too, so the
     * report shows both side by side.
     */
    private static Map<String, Object> csdComparison(CompressedLayer layer, LayerModel csd,
            Map<String, Object> parameters, LayerEmitter.Options options, Path outputDirectory, List<Path> artifacts,
            List<String> notes) throws IOException, InterruptedException {
        Map<String, Object> cost = new LinkedHashMap<>();
        cost.put("quantizes", "this layer's T-hat, not the trained weights");
        cost.put("bits", csdBits(layer, parameters));
        cost.putAll(LayerEmitter.cost(csd.network(), new PipelinePlan(csd.network(),
                options.levelsPerStage())));
        if (options.yosys()) {
            LayerEmitter.LayerReport synthesis = LayerEmitter.synthesize(csd, outputDirectory,
                    options);
            artifacts.addAll(synthesis.artifacts());
            cost.putAll(synthesis.figures());
            for (ToolRunner.ToolResult tool : synthesis.tools()) {
                if (!tool.status().equals("ok")) {
                    notes.add(layer.name() + " (CSD): " + tool.tool() + " " + tool.status()
                            + ": " + lastLines(tool.log(), 5));
                }
            }
        }
        return cost;
    }

    /** Returns the CSD network of the layer's T̂ at {@code csdBits}. */
    private static LayerModel csdModel(CompressedLayer layer, Map<String, Object> parameters,
            int inputBits, boolean signedInputs) {
        Csd.Quantized quantized = Csd.quantize(layer.decomposition().approximation(),
                csdBits(layer, parameters));
        return LayerModel.csd(layer.name() + "_csd", quantized, inputBits, signedInputs,
                layer.inputColumns());
    }

    private static int csdBits(CompressedLayer layer, Map<String, Object> parameters) {
        Object detail = layer.decomposition().details().get("bits");
        return parameters.get("csdBits") instanceof Integer b ? b
                : detail instanceof Number n ? n.intValue() : 8;
    }

    /**
     * Resolves {@code auto}: gates through ABC for small layers, without ABC up to
     * {@link #GATE_FULL_ADDERS} full adders, and word-level adders above, where gate-level
     * synthesis would take hours on a small machine.
     */
    static String flow(String requested, long fullAdders) {
        if (!requested.equals("auto")) {
            return requested;
        }
        return fullAdders <= ABC_FULL_ADDERS ? "gates"
                : fullAdders <= GATE_FULL_ADDERS ? "noabc" : "words";
    }

    private static List<String> layerNotes(CompressedLayer layer, LayerModel model,
            LayerEmitter.LayerReport report) {
        List<String> notes = new ArrayList<>();
        String name = layer.name();
        if (layer.relu() || hasBias(layer)) {
            notes.add(name + ": bias and ReLU are not emitted; the module computes T̂ x only");
        }
        if (!model.columnApproximation().equals(layer.decomposition().approximation())) {
            notes.add(name + ": the " + model.method() + " network was decomposed again from T̂"
                    + " and computes a slightly different matrix, SQNR "
                    + String.format("%.2f", Sqnr.db(layer.decomposition().approximation(),
                            model.columnApproximation())) + " dB against T̂");
        }
        Object mismatches = report.figures().get("referenceMismatches");
        if (!Long.valueOf(0).equals(mismatches)) {
            notes.add(name + ": the integer simulator disagrees with the exact product on "
                    + mismatches + " outputs");
        }
        for (ToolRunner.ToolResult tool : report.tools()) {
            switch (tool.status()) {
                case "pass", "ok" -> { }
                case "not-installed" -> notes.add(name + ": " + tool.tool() + " skipped: "
                        + tool.log());
                default -> notes.add(name + ": " + tool.tool() + " " + tool.status() + ": "
                        + lastLines(tool.log(), 5));
            }
        }
        return notes;
    }

    /** Returns the names to emit: all layers, or the requested ones after checking them. */
    private static Set<String> selectedLayers(Object selection, List<CompressedLayer> layers) {
        Set<String> names = new java.util.LinkedHashSet<>();
        layers.forEach(layer -> names.add(layer.name()));
        if (selection == null) {
            return names;
        }
        List<String> requested = selection instanceof String text
                ? List.of(text.split("\\s*,\\s*"))
                : ((List<?>) selection).stream().map(String.class::cast).toList();
        for (String name : requested) {
            if (!names.contains(name)) {
                throw new IllegalArgumentException("layers: no layer named '" + name
                        + "'; the network has " + names);
            }
        }
        return Set.copyOf(requested);
    }

    private static boolean hasBias(CompressedLayer layer) {
        for (double value : layer.bias()) {
            if (value != 0) {
                return true;
            }
        }
        return false;
    }

    private static String lastLines(String text, int count) {
        String[] lines = text.strip().split("\n");
        int from = Math.max(0, lines.length - count);
        return String.join(" | ", java.util.Arrays.copyOfRange(lines, from, lines.length));
    }

    private static void writeReport(Path file, Map<String, Object> figures, List<String> notes)
            throws IOException {
        try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            out.write("shiftadd verilog back end report\n\n");
            writeMap(out, figures, "");
            out.write("\nnotes:\n");
            for (String note : notes) {
                out.write("  - " + note + "\n");
            }
        }
    }

    private static void writeMap(Writer out, Map<?, ?> map, String indent) throws IOException {
        for (Map.Entry<?, ?> entry : map.entrySet()) {
            if (entry.getValue() instanceof Map<?, ?> nested) {
                out.write(indent + entry.getKey() + ":\n");
                writeMap(out, nested, indent + "  ");
            } else {
                out.write(indent + entry.getKey() + ": " + entry.getValue() + "\n");
            }
        }
    }
}
