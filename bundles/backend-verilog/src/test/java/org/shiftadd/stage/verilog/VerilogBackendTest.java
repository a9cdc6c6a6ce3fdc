package org.shiftadd.stage.verilog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.shiftadd.api.BackendResult;
import org.shiftadd.api.CompressedLayer;
import org.shiftadd.api.Decomposition;
import org.shiftadd.api.Matrix;
import org.shiftadd.numerics.Csd;
import org.shiftadd.numerics.lcc.FsOptions;
import org.shiftadd.numerics.lcc.FullySequentialLcc;
import org.shiftadd.numerics.lcc.LccNetworkCodec;

/**
 * Emits layers and runs Icarus Verilog on them. CI installs iverilog; on a machine without it
 * these tests fail with a message that asks for it to be installed.
 */
class VerilogBackendTest {
    @TempDir
    Path directory;

    private static Matrix gaussian(int rows, int cols, long seed) {
        Random random = new Random(seed);
        double[] values = new double[rows * cols];
        for (int k = 0; k < values.length; k++) {
            values[k] = random.nextGaussian() / Math.sqrt(cols);
        }
        return Matrix.of(rows, cols, values);
    }

    private static void requireIcarus() {
        assertThat(ToolRunner.find("iverilog"))
                .as("iverilog is not on the PATH; install Icarus Verilog (Debian: apt-get "
                        + "install iverilog) to run the Verilog simulation tests")
                .isPresent();
    }

    private static CompressedLayer csdLayer(String name, Matrix weights, int bits) {
        Csd.Quantized q = Csd.quantize(weights, bits);
        Decomposition decomposition = new Decomposition("csd", q.approximation(), q.additions(),
                0, true, q.depth(), Map.of("bits", bits, "shift", q.shift()));
        return new CompressedLayer(name, decomposition, new double[weights.rows()], false);
    }

    private Map<String, Object> layerFigures(BackendResult result, String module) {
        @SuppressWarnings("unchecked")
        Map<String, Object> layers = (Map<String, Object>) result.figures().get("layers");
        @SuppressWarnings("unchecked")
        Map<String, Object> figures = (Map<String, Object>) layers.get(module);
        return figures;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> tool(Map<String, Object> figures, String name) {
        return (Map<String, Object>) figures.get(name);
    }

    @Test
    void csdLayerPassesIcarus() throws Exception {
        requireIcarus();
        CompressedLayer layer = csdLayer("dense1", gaussian(10, 24, 1), 8);
        BackendResult result = new VerilogBackend().emit(List.of(layer), directory,
                Map.of("vectors", 1000, "verilator", false, "yosys", false));
        Map<String, Object> figures = layerFigures(result, "dense1");
        assertThat(figures.get("referenceMismatches")).isEqualTo(0L);
        assertThat(figures.get("additions")).isEqualTo(layer.decomposition().additions());
        assertThat(tool(figures, "icarus").get("status")).isEqualTo("pass");
        assertThat(tool(figures, "icarus").get("mismatches")).isEqualTo(0L);
        assertThat(tool(figures, "icarus").get("vectors")).isEqualTo(1000L);
        assertThat(Files.readString(directory.resolve("dense1.v"))).contains("module dense1");
    }

    @Test
    void lccFullySequentialLayerPassesIcarus() throws Exception {
        requireIcarus();
        Matrix weights = gaussian(16, 20, 2);
        Decomposition decomposition = FullySequentialLcc.decompose(weights, 25,
                FsOptions.defaults()).toDecomposition();
        CompressedLayer layer = new CompressedLayer("fs1", decomposition, new double[16], true);
        BackendResult result = new VerilogBackend().emit(List.of(layer), directory,
                Map.of("vectors", 1000, "signedInputs", true, "verilator", false,
                        "yosys", false));
        Map<String, Object> figures = layerFigures(result, "fs1");
        assertThat(figures.get("method")).isEqualTo("lcc-fs");
        assertThat(figures.get("referenceMismatches")).isEqualTo(0L);
        assertThat(tool(figures, "icarus").get("status")).isEqualTo("pass");
        assertThat(tool(figures, "icarus").get("mismatches")).isEqualTo(0L);
        assertThat(result.notes()).anyMatch(note -> note.contains("ReLU are not emitted"));
        // The slice networks travel with the layer, so the module is the decomposed network.
        assertThat(figures.get("rederivedSqnrDb")).isEqualTo(Double.POSITIVE_INFINITY);
        assertThat(result.notes()).noneMatch(note -> note.contains("decomposed again"));
    }

    @Test
    void lccLayerWithoutNetworkDecomposedAgain() throws Exception {
        requireIcarus();
        Matrix weights = gaussian(16, 20, 4);
        Decomposition full = FullySequentialLcc.decompose(weights, 25, FsOptions.defaults())
                .toDecomposition();
        Map<String, Object> details = new java.util.HashMap<>(full.details());
        details.remove(LccNetworkCodec.DETAIL);
        Decomposition bare = new Decomposition(full.method(), full.approximation(),
                full.additions(), full.sqnrDb(), full.targetReached(), full.depth(), details);
        BackendResult result = new VerilogBackend().emit(
                List.of(new CompressedLayer("bare", bare, new double[16], false)), directory,
                Map.of("vectors", 100, "icarus", false));
        Map<String, Object> figures = layerFigures(result, "bare");
        assertThat(figures.get("referenceMismatches")).isEqualTo(0L);
        assertThat((Double) figures.get("rederivedSqnrDb")).isGreaterThan(25);
        assertThat(result.notes()).anyMatch(note -> note.contains("decomposed again"));
    }

    @Test
    void pipelinedLayerPassesIcarus() throws Exception {
        requireIcarus();
        CompressedLayer layer = csdLayer("piped", gaussian(6, 30, 3), 6);
        BackendResult result = new VerilogBackend().emit(List.of(layer), directory,
                Map.of("vectors", 1000, "levelsPerStage", 2, "verilator", false,
                        "yosys", false));
        Map<String, Object> figures = layerFigures(result, "piped");
        assertThat((Integer) figures.get("latency")).isPositive();
        assertThat(tool(figures, "icarus").get("status")).isEqualTo("pass");
    }

    @Test
    @SuppressWarnings("unchecked")
    void yosysSynthesizesTheLayerAndItsCsdFormSideBySide() throws Exception {
        assertThat(ToolRunner.find("yosys")).as("yosys is not on the PATH; install it (Debian:"
                + " apt-get install yosys) to run the synthesis test").isPresent();
        Matrix weights = gaussian(8, 6, 5);
        Decomposition decomposition = FullySequentialLcc.decompose(weights, 30,
                FsOptions.defaults()).toDecomposition();
        CompressedLayer layer = new CompressedLayer("small", decomposition, new double[8],
                false);
        BackendResult result = new VerilogBackend().emit(List.of(layer), directory,
                Map.of("vectors", 50, "icarus", false, "yosys", true, "csdBits", 8));
        Map<String, Object> figures = layerFigures(result, "small");
        Map<String, Object> csd = (Map<String, Object>) figures.get("csd");
        for (Map<String, Object> side : List.of(figures, csd)) {
            assertThat(tool(side, "yosys").get("status")).isEqualTo("ok");
            assertThat((Long) tool(side, "yosys").get("cells")).isPositive();
            assertThat((Long) tool(side, "yosys-ice40").get("luts")).isPositive();
        }
        assertThat(directory.resolve("small_csd.v")).exists();
        assertThat(Files.readString(directory.resolve("verilog-report.txt")))
                .contains("yosys-ice40:", "luts:");
    }

    @Test
    @SuppressWarnings("unchecked")
    void wordFlowCountsTheAddersOfModulesInParts() throws Exception {
        assertThat(ToolRunner.find("yosys")).as("yosys is not on the PATH; install it (Debian:"
                + " apt-get install yosys) to run the synthesis test").isPresent();
        Matrix weights = gaussian(12, 10, 6);
        Decomposition decomposition = FullySequentialLcc.decompose(weights, 30,
                FsOptions.defaults()).toDecomposition();
        CompressedLayer layer = new CompressedLayer("wide", decomposition, new double[12],
                false);
        BackendResult result = new VerilogBackend().emit(List.of(layer), directory,
                Map.of("vectors", 40, "icarus", false, "yosys", true, "yosysFlow", "words",
                        "partNodes", 16));
        Map<String, Object> figures = layerFigures(result, "wide");
        Map<String, Object> csd = (Map<String, Object>) figures.get("csd");
        for (Map<String, Object> side : List.of(figures, csd)) {
            Map<String, Object> words = tool(side, "yosys-words");
            assertThat(words.get("status")).isEqualTo("ok");
            assertThat((String) words.get("flow")).contains("wreduce");
            // One word-level cell per adder and negation of the integer network, less the
            // few that Yosys finds twice and merges, and no more adder bits than its full
            // adders: width reduction only removes bits.
            long adders = ((Number) side.get("additions")).longValue()
                    + ((Number) side.get("negations")).longValue();
            assertThat((Long) words.get("cells")).isBetween(adders * 9 / 10, adders);
            assertThat((Long) words.get("adderBits")).isPositive()
                    .isLessThanOrEqualTo(((Number) side.get("fullAdders")).longValue());
            assertThat(side).doesNotContainKey("yosys");
        }
        assertThat(Files.readString(directory.resolve("wide.v"))).contains("module wide_p1 (");
        assertThat(Files.readString(directory.resolve("wide_csd.v")))
                .contains("module wide_csd_p1 (");
    }

    @Test
    void autoFlowFollowsTheFullAdders() {
        assertThat(VerilogBackend.flow("auto", VerilogBackend.ABC_FULL_ADDERS)).isEqualTo("gates");
        assertThat(VerilogBackend.flow("auto", VerilogBackend.ABC_FULL_ADDERS + 1))
                .isEqualTo("noabc");
        assertThat(VerilogBackend.flow("auto", VerilogBackend.GATE_FULL_ADDERS + 1))
                .isEqualTo("words");
        assertThat(VerilogBackend.flow("noabc", 1)).isEqualTo("noabc");
    }

    @Test
    void layersParameterSelectsLayers() throws Exception {
        List<CompressedLayer> layers = List.of(csdLayer("first", gaussian(4, 6, 7), 6),
                csdLayer("second", gaussian(3, 4, 8), 6));
        BackendResult result = new VerilogBackend().emit(layers, directory,
                Map.of("vectors", 30, "icarus", false, "layers", "second"));
        @SuppressWarnings("unchecked")
        Map<String, Object> emitted = (Map<String, Object>) result.figures().get("layers");
        assertThat(emitted).containsOnlyKeys("second");
        assertThat(directory.resolve("first.v")).doesNotExist();
        assertThatThrownBy(() -> new VerilogBackend().emit(layers, directory,
                Map.of("layers", "third")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'third'").hasMessageContaining("[first, second]");
    }

    @Test
    void invalidParametersRejected() {
        List<String> problems = new VerilogBackend().validateParameters(
                Map.of("inputBits", 0, "colour", "red", "yosysFlow", "fast", "partNodes", -1));
        assertThat(problems).hasSize(4);
        assertThat(problems).anyMatch(problem -> problem.contains("yosysFlow must be one of"
                + " [auto, gates, noabc, words], found fast"));
    }
}
