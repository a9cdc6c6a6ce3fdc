package org.shiftadd.stage.verilog;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.io.TempDir;
import org.shiftadd.api.Matrix;
import org.shiftadd.numerics.Csd;
import org.shiftadd.numerics.lcc.FsOptions;
import org.shiftadd.numerics.lcc.FullySequentialLcc;

/**
 * Layers at the edges of the integer model, emitted and simulated in Icarus Verilog and
 * Verilator against the Java simulator. CI installs both; without them these tests fail with
 * a message that names the package to install.
 */
class EdgeLayersSimulationTest {
    private static final int[] SHARED = {0, -1, 0, 2, 1, 0, 2};

    @TempDir
    Path directory;

    @BeforeAll
    static void requireSimulators() {
        for (String tool : new String[] {"iverilog", "verilator"}) {
            assertThat(ToolRunner.find(tool))
                    .as(tool + " is not on the PATH; install it (Debian: apt-get install "
                            + (tool.equals("iverilog") ? "iverilog" : "verilator")
                            + ") to run the Verilog simulation tests")
                    .isPresent();
        }
    }

    private static Matrix gaussian(int rows, int cols, long seed) {
        Random random = new Random(seed);
        double[] values = new double[rows * cols];
        for (int k = 0; k < values.length; k++) {
            values[k] = random.nextGaussian() / Math.sqrt(cols);
        }
        return Matrix.of(rows, cols, values);
    }

    static Stream<Arguments> layers() {
        return Stream.of(
                // y = −x: the most negative 8-bit input, −128, becomes +128 and needs 9 bits.
                Arguments.of("negate", LayerModel.csd("negate",
                        Csd.count(1, 1, 0, new long[] {-1}), 8, true)),
                Arguments.of("most_negative_sum", LayerModel.csd("most_negative_sum",
                        Csd.quantize(gaussian(5, 7, 1), 8), 4, true)),
                Arguments.of("pruned", LayerModel.csd("pruned",
                        Csd.count(3, 3, 2, new long[] {0, 3, 0, 0, -7, 0, 0, 0, 0}), 8, false)),
                Arguments.of("all_zero", LayerModel.csd("all_zero",
                        Csd.quantize(Matrix.zeros(4, 5), 8), 8, false)),
                Arguments.of("one_column", LayerModel.csd("one_column",
                        Csd.quantize(gaussian(16, 1, 5), 8), 8, true)),
                Arguments.of("one_column_fs", LayerModel.lcc("one_column_fs",
                        FullySequentialLcc.decompose(gaussian(16, 1, 6), 40,
                                FsOptions.defaults()), 8, false)),
                Arguments.of("one_bit_weights", LayerModel.csd("one_bit_weights",
                        Csd.quantize(gaussian(8, 12, 9), 1), 8, false)),
                Arguments.of("one_bit_inputs", LayerModel.csd("one_bit_inputs",
                        Csd.quantize(gaussian(6, 10, 10), 8), 1, false)),
                // Weight sharing and pruning: inputs 0, 2 and 5 share column 0, input 1 is
                // pruned, and the shared inputs are pre-added.
                // 600 outputs of about 17 bits: wider than the 8,192 bits Verilator allows in
                // one $display argument list.
                Arguments.of("wide_output_word", wideOutputWord()),
                Arguments.of("shared_columns", LayerModel.csd("shared_columns",
                        Csd.quantize(gaussian(6, 3, 11), 8), 8, true, SHARED)),
                Arguments.of("shared_columns_fs", LayerModel.lcc("shared_columns_fs",
                        FullySequentialLcc.decompose(gaussian(12, 3, 12), 35,
                                FsOptions.defaults()), 8, false, SHARED)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("layers")
    void simulatorsAgreeWithJava(String name, LayerModel model) throws Exception {
        LayerEmitter.Options options = new LayerEmitter.Options(0, 300, 3, true, true, false,
                "gates", 4096, 600);
        LayerEmitter.LayerReport report = LayerEmitter.emit(model, directory, options);
        Map<String, Object> figures = report.figures();
        assertThat(figures.get("referenceMismatches")).isEqualTo(0L);
        assertThat(figures.get("doubleMismatches")).isEqualTo(0L);
        for (ToolRunner.ToolResult tool : report.tools()) {
            assertThat(tool.status()).as(tool.tool() + ": " + tool.log()).isEqualTo("pass");
            assertThat(tool.figures().get("mismatches")).isEqualTo(0L);
        }
        assertThat(report.tools()).extracting(ToolRunner.ToolResult::tool)
                .containsExactly("icarus", "verilator");
        assertThat(Files.readString(directory.resolve(name + ".v")))
                .doesNotContain("[31:0]");
    }

    static Stream<Arguments> partedLayers() {
        return Stream.of(
                Arguments.of("parted_csd", LayerModel.csd("parted_csd",
                        Csd.quantize(gaussian(20, 30, 21), 8), 8, true), 7),
                // Output 1 is input 0 itself: the top module reads an input node directly.
                Arguments.of("parted_direct", LayerModel.csd("parted_direct",
                        Csd.count(3, 2, 0, new long[] {3, -5, 1, 0, 6, 7}), 8, false), 1),
                Arguments.of("parted_shared_fs", LayerModel.lcc("parted_shared_fs",
                        FullySequentialLcc.decompose(gaussian(12, 3, 12), 35,
                                FsOptions.defaults()), 8, false, SHARED), 5));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("partedLayers")
    void moduleInPartsComputesTheSameOutputs(String name, LayerModel model, int partNodes)
            throws Exception {
        LayerEmitter.Options options = new LayerEmitter.Options(0, 300, 4, false, true, false,
                "gates", partNodes, 600);
        LayerEmitter.LayerReport report = LayerEmitter.emit(model, directory, options);
        String module = Files.readString(directory.resolve(name + ".v"));
        assertThat(module).contains("module " + name + "_p0 (", "module " + name + "_p1 (",
                "module " + name + " (");
        ToolRunner.ToolResult verilator = report.tools().get(0);
        ToolRunner.ToolResult icarus = new ToolRunner(600).icarus(directory, "tb_" + name,
                List.of("tb_" + name + ".v", name + ".v"));
        for (ToolRunner.ToolResult tool : List.of(verilator, icarus)) {
            assertThat(tool.status()).as(tool.tool() + ": " + tool.log()).isEqualTo("pass");
            assertThat(tool.figures().get("vectors")).isEqualTo(300L);
            assertThat(tool.figures().get("mismatches")).isEqualTo(0L);
        }
    }

    private static LayerModel wideOutputWord() {
        return LayerModel.csd("wide_output_word", Csd.quantize(gaussian(600, 2, 14), 8), 8,
                false);
    }

    @Test
    void corruptedExpectationIsReported() throws Exception {
        String name = "wide_output_word";
        LayerModel model = wideOutputWord();
        LayerEmitter.Options options = new LayerEmitter.Options(0, 40, 3, true, false, false,
                "gates", 4096, 600);
        LayerEmitter.emit(model, directory, options);
        Path expected = directory.resolve(name + "_y.mem");
        List<String> lines = new ArrayList<>(Files.readAllLines(expected));
        String line = lines.get(7);
        char last = line.charAt(line.length() - 1);
        lines.set(7, line.substring(0, line.length() - 1) + (last == '0' ? '1' : '0'));
        Files.write(expected, lines);
        ToolRunner runner = new ToolRunner(600);
        for (ToolRunner.ToolResult tool : List.of(
                runner.icarus(directory, "tb_" + name, List.of("tb_" + name + ".v",
                        name + "_icarus.v")),
                runner.verilator(directory, "tb_" + name, List.of("tb_" + name + ".v",
                        name + ".v")))) {
            assertThat(tool.status()).as(tool.tool()).isEqualTo("fail");
            assertThat(tool.figures().get("mismatches")).as(tool.tool()).isEqualTo(1L);
            assertThat(tool.log()).as(tool.tool())
                    .contains("mismatch at vector 7, output 0:");
        }
    }
}
