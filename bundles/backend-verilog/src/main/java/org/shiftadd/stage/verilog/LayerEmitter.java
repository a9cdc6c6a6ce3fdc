package org.shiftadd.stage.verilog;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.Writer;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Emits one layer: the module, its vectors and test bench, the Java checks of the integer
 * model, and the tool runs that the options ask for.
 */
public final class LayerEmitter {
    /**
     * Statements per {@code always @*} block in the module that Yosys and Verilator read; see
     * {@link VerilogEmitter} for why Icarus gets a copy with one block per stage.
     */
    static final int STATEMENTS_PER_BLOCK = 256;

    /**
     * Emission and simulation settings.
     *
     * @param levelsPerStage D, adder levels per register stage, 0 for none
     * @param vectors the number of test vectors
     * @param seed the seed of the random vectors
     * @param icarus whether to run Icarus Verilog
     * @param verilator whether to run Verilator
     * @param yosys whether to synthesize with Yosys
     * @param yosysFlow the Yosys scripts: {@code gates} (generic and iCE40 through ABC),
     *     {@code noabc} (the same without ABC) or {@code words} (word-level adders)
     * @param partNodes the most nodes in one part module of a combinational layer, 0 for one
     *     flat module; see {@link VerilogEmitter#writeParts}
     * @param timeoutSeconds the limit of every tool run
     */
    public record Options(int levelsPerStage, int vectors, long seed, boolean icarus,
            boolean verilator, boolean yosys, String yosysFlow, int partNodes,
            long timeoutSeconds) {
        /** Returns these options with another Yosys flow. */
        public Options withYosysFlow(String flow) {
            return new Options(levelsPerStage, vectors, seed, icarus, verilator, yosys, flow,
                    partNodes, timeoutSeconds);
        }

        /** Returns the Yosys runs of {@link #yosysFlow}. */
        List<ToolRunner.Flow> flows() {
            return switch (yosysFlow) {
                case "gates" -> List.of(ToolRunner.Flow.GATES, ToolRunner.Flow.ICE40);
                case "noabc" -> List.of(ToolRunner.Flow.GATES_NOABC,
                        ToolRunner.Flow.ICE40_NOABC);
                case "words" -> List.of(ToolRunner.Flow.WORDS);
                default -> throw new IllegalArgumentException("unknown Yosys flow '"
                        + yosysFlow + "'; use gates, noabc or words");
            };
        }
    }

    /**
     * The result of one layer.
     *
     * @param module the module name
     * @param artifacts the files written
     * @param figures the cost model, the Java check and the tool figures
     * @param tools the tool runs
     */
    public record LayerReport(String module, List<Path> artifacts, Map<String, Object> figures,
            List<ToolRunner.ToolResult> tools) {
    }

    private LayerEmitter() {
    }

    /**
     * Returns the cost figures of a network: additions, negations, full adders, adder depth,
     * register bits and latency.
     */
    public static Map<String, Object> cost(IntegerNetwork network, PipelinePlan plan) {
        Map<String, Object> cost = new LinkedHashMap<>();
        cost.put("additions", network.additions());
        cost.put("negations", network.negations());
        cost.put("fullAdders", network.fullAdders());
        cost.put("depth", network.depth());
        cost.put("registerBits", plan.registerBits(network));
        cost.put("latency", plan.latency());
        cost.put("maxWidth", network.maxWidth());
        cost.put("outputWidth", network.outputWidth());
        cost.put("outputExponent", network.outputExponent());
        return cost;
    }

    /**
     * Emits and checks one layer.
     *
     * @param model the layer
     * @param directory an existing output directory
     * @param options what to emit and run
     * @return the files and figures
     * @throws IOException if writing fails
     * @throws InterruptedException if interrupted while a tool runs
     */
    public static LayerReport emit(LayerModel model, Path directory, Options options)
            throws IOException, InterruptedException {
        IntegerNetwork network = model.network();
        PipelinePlan plan = new PipelinePlan(network, options.levelsPerStage());
        String module = VerilogEmitter.moduleName(model.name());
        Path verilog = directory.resolve(module + ".v");
        Path icarusCopy = directory.resolve(module + "_icarus.v");
        Path bench = directory.resolve("tb_" + module + ".v");
        Path inputFile = directory.resolve(module + "_x.mem");
        Path expectedFile = directory.resolve(module + "_y.mem");
        writeModule(module, network, plan, options.partNodes(), verilog);
        List<Path> artifacts = new ArrayList<>(List.of(verilog));
        if (options.icarus()) {
            try (Writer out = writer(icarusCopy)) {
                VerilogEmitter.write(module, network, plan, 0, out);
            }
            artifacts.add(icarusCopy);
        }
        List<long[]> vectors = TestBench.vectors(model, options.vectors(), options.seed());
        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("method", model.method());
        figures.put("rows", network.outputCount());
        figures.put("cols", network.inputCount());
        figures.putAll(cost(network, plan));
        figures.putAll(writeVectorsAndCheck(model, vectors, inputFile, expectedFile));
        try (Writer out = writer(bench)) {
            TestBench.write(module, network, plan, vectors.size(),
                    inputFile.getFileName().toString(), expectedFile.getFileName().toString(),
                    out);
        }
        List<ToolRunner.ToolResult> tools = runTools(directory, module, options);
        for (ToolRunner.ToolResult tool : tools) {
            figures.put(tool.tool(), toolFigures(tool));
        }
        artifacts.addAll(List.of(bench, inputFile, expectedFile));
        return new LayerReport(module, artifacts, figures, tools);
    }

    /**
     * Writes a layer's module and synthesizes it with the Yosys flow of the options, without
     * test vectors: the other side of a side-by-side comparison.
     *
     * @param model the layer
     * @param directory an existing output directory
     * @param options the tool limits
     * @return the module file and the Yosys figures, keyed by {@link ToolRunner.Flow#tool()}
     * @throws IOException if writing fails
     * @throws InterruptedException if interrupted while Yosys runs
     */
    public static LayerReport synthesize(LayerModel model, Path directory, Options options)
            throws IOException, InterruptedException {
        IntegerNetwork network = model.network();
        PipelinePlan plan = new PipelinePlan(network, options.levelsPerStage());
        String module = VerilogEmitter.moduleName(model.name());
        Path verilog = directory.resolve(module + ".v");
        writeModule(module, network, plan, options.partNodes(), verilog);
        ToolRunner runner = new ToolRunner(options.timeoutSeconds());
        List<ToolRunner.ToolResult> tools = new ArrayList<>();
        for (ToolRunner.Flow flow : options.flows()) {
            tools.add(runner.yosys(directory, module, module + ".v", flow));
        }
        Map<String, Object> figures = new LinkedHashMap<>();
        for (ToolRunner.ToolResult tool : tools) {
            figures.put(tool.tool(), toolFigures(tool));
        }
        return new LayerReport(module, List.of(verilog), figures, tools);
    }

    /**
     * Writes the module that Yosys and Verilator read: flat, or in parts when the layer is
     * combinational and has more than {@code partNodes} nodes besides its inputs.
     */
    private static void writeModule(String module, IntegerNetwork network, PipelinePlan plan,
            int partNodes, Path file) throws IOException {
        long computed = network.nodes().stream().filter(node -> !node.isInput()).count();
        try (Writer out = writer(file)) {
            if (plan.latency() == 0 && partNodes > 0 && computed > partNodes) {
                VerilogEmitter.writeParts(module, network, partNodes, STATEMENTS_PER_BLOCK, out);
            } else {
                VerilogEmitter.write(module, network, plan, STATEMENTS_PER_BLOCK, out);
            }
        }
    }

    private static Map<String, Object> toolFigures(ToolRunner.ToolResult tool) {
        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("status", tool.status());
        figures.put("seconds", Math.round(tool.seconds() * 100) / 100.0);
        tool.figures().forEach((key, value) -> {
            if (!key.equals("cellTypes")) {
                figures.put(key, value);
            }
        });
        return figures;
    }

    private static List<ToolRunner.ToolResult> runTools(Path directory, String module,
            Options options) throws IOException, InterruptedException {
        ToolRunner runner = new ToolRunner(options.timeoutSeconds());
        List<String> files = List.of("tb_" + module + ".v", module + ".v");
        List<ToolRunner.ToolResult> tools = new ArrayList<>();
        if (options.icarus()) {
            tools.add(runner.icarus(directory, "tb_" + module,
                    List.of("tb_" + module + ".v", module + "_icarus.v")));
        }
        if (options.verilator()) {
            tools.add(runner.verilator(directory, "tb_" + module, files));
        }
        if (options.yosys()) {
            for (ToolRunner.Flow flow : options.flows()) {
                tools.add(runner.yosys(directory, module, module + ".v", flow));
            }
        }
        return tools;
    }

    /**
     * Simulates every vector, writes the vector files and compares the simulator with the
     * exact reference and with the double product.
     */
    private static Map<String, Object> writeVectorsAndCheck(LayerModel model,
            List<long[]> vectors, Path inputFile, Path expectedFile) throws IOException {
        IntegerNetwork network = model.network();
        long[] buffer = new long[network.nodes().size()];
        if (network.maxWidth() > IntegerNetwork.MAX_SIMULATED_WIDTH) {
            throw new IllegalStateException("layer " + model.name() + " has a node of "
                    + network.maxWidth() + " bits; the simulator handles at most "
                    + IntegerNetwork.MAX_SIMULATED_WIDTH);
        }
        long exactMismatches = 0;
        long doubleMismatches = 0;
        int exactChecked = 0;
        try (Writer inputs = writer(inputFile); Writer expected = writer(expectedFile)) {
            for (int v = 0; v < vectors.size(); v++) {
                long[] x = vectors.get(v);
                long[] y = network.simulateUnchecked(x, buffer);
                inputs.write(TestBench.hexWord(x, network.inputBits()));
                inputs.write('\n');
                expected.write(TestBench.hexWord(y, network.outputWidth()));
                expected.write('\n');
                // Every vector is checked against the double product T̂ x. The exact
                // reference is slow for large LCC layers, so it checks a sample.
                doubleMismatches += countDoubleMismatches(model, x, y);
                if (v < 64 || v % 97 == 0) {
                    exactChecked++;
                    exactMismatches += countExactMismatches(model, x, y);
                }
            }
        }
        Map<String, Object> check = new LinkedHashMap<>();
        check.put("vectors", vectors.size());
        check.put("referenceChecked", exactChecked);
        check.put("referenceMismatches", exactMismatches);
        check.put("doubleMismatches", doubleMismatches);
        return check;
    }

    static long countExactMismatches(LayerModel model, long[] x, long[] y) {
        BigInteger[] reference = model.referenceOutputs(x);
        long mismatches = 0;
        for (int i = 0; i < y.length; i++) {
            if (!reference[i].equals(BigInteger.valueOf(y[i]))) {
                mismatches++;
            }
        }
        return mismatches;
    }

    static long countDoubleMismatches(LayerModel model, long[] x, long[] y) {
        double[] product = model.doubleOutputs(x);
        long mismatches = 0;
        for (int i = 0; i < y.length; i++) {
            double value = Math.scalb((double) y[i], -model.valueExponent());
            if (Math.abs(value - product[i]) > model.doubleErrorBound(x, i)) {
                mismatches++;
            }
        }
        return mismatches;
    }

    private static Writer writer(Path path) throws IOException {
        return new BufferedWriter(Files.newBufferedWriter(path, StandardCharsets.UTF_8));
    }
}
