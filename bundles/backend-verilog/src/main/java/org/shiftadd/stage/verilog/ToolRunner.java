package org.shiftadd.stage.verilog;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs Icarus Verilog, Verilator and Yosys on emitted files, when they are on the PATH.
 *
 * <p>Every run returns a {@link ToolResult}; a missing tool gives the status
 * {@code not-installed} instead of an exception, so a report can record it and go on.
 */
public final class ToolRunner {
    private static final Pattern VERDICT =
            Pattern.compile("(PASS|FAIL) \\S+ vectors=(\\d+) mismatches=(\\d+)");
    private static final Pattern SIZED_TYPE = Pattern.compile("(\\$\\w+?)_(\\d+)");
    private static final Set<String> ARITHMETIC = Set.of("$add", "$sub", "$neg");
    private static final Pattern CELLS = Pattern.compile("Number of cells:\\s+(\\d+)");
    private static final Pattern CELL_TYPE = Pattern.compile("^\\s+(\\$?\\w+)\\s+(\\d+)\\s*$",
            Pattern.MULTILINE);

    private final long timeoutSeconds;

    /**
     * Creates a runner.
     *
     * @param timeoutSeconds the limit for every tool process, in seconds
     */
    public ToolRunner(long timeoutSeconds) {
        this.timeoutSeconds = timeoutSeconds;
    }

    /**
     * The outcome of one tool run.
     *
     * @param tool the tool name
     * @param status {@code pass}, {@code fail}, {@code ok}, {@code error}, {@code timeout} or
     *     {@code not-installed}
     * @param figures parsed figures such as mismatches or cell counts
     * @param seconds the wall-clock time of the run
     * @param log the tail of the tool output
     */
    public record ToolResult(String tool, String status, Map<String, Object> figures,
            double seconds, String log) {
    }

    /** Returns the executable {@code name} from the PATH, if there is one. */
    public static Optional<Path> find(String name) {
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        for (String directory : path.split(File.pathSeparator)) {
            Path candidate = Path.of(directory, name);
            if (Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /**
     * Compiles and runs a test bench with Icarus Verilog ({@code iverilog -g2005}, {@code vvp}).
     *
     * @param directory the directory with the files, also the working directory
     * @param top the test bench module
     * @param files the Verilog files, relative to {@code directory}
     * @return the verdict with {@code mismatches} and {@code vectors}
     */
    public ToolResult icarus(Path directory, String top, List<String> files)
            throws IOException, InterruptedException {
        if (find("iverilog").isEmpty() || find("vvp").isEmpty()) {
            return notInstalled("icarus", "iverilog");
        }
        long start = System.nanoTime();
        List<String> compile = new ArrayList<>(List.of("iverilog", "-g2005", "-s", top, "-o",
                top + ".vvp"));
        compile.addAll(files);
        Run build = run(directory, compile);
        if (build.exit != 0) {
            return new ToolResult("icarus", build.timedOut ? "timeout" : "error", Map.of(),
                    elapsed(start), build.output);
        }
        Run simulation = run(directory, List.of("vvp", "-n", top + ".vvp"));
        return verdict("icarus", simulation, start);
    }

    /**
     * Builds and runs a test bench with Verilator ({@code verilator --binary}).
     *
     * <p>The generated C++ is compiled with {@code -O0}: a layer becomes one very long
     * function, and optimising it is superlinear in its length (a 6,500-adder layer took 8.5
     * minutes at Verilator's default optimisation and 16 seconds at {@code -O0} on a 2-core
     * machine, with Verilator 5.006 and GCC 12).
     *
     * @param directory the directory with the files, also the working directory
     * @param top the test bench module
     * @param files the Verilog files, relative to {@code directory}
     * @return the verdict with {@code mismatches} and {@code vectors}
     */
    public ToolResult verilator(Path directory, String top, List<String> files)
            throws IOException, InterruptedException {
        if (find("verilator").isEmpty()) {
            return notInstalled("verilator", "verilator");
        }
        long start = System.nanoTime();
        String objects = "obj_" + top;
        List<String> command = new ArrayList<>(List.of("verilator", "--binary", "-Wno-fatal",
                "-Wno-lint", "-Wno-style", "--top-module", top, "--Mdir", objects, "-j", "0", "-MAKEFLAGS",
                "OPT_FAST=-O0 OPT_SLOW=-O0 OPT_GLOBAL=-O0"));
        command.addAll(files);
        Run build = run(directory, command);
        if (build.exit != 0) {
            return new ToolResult("verilator", build.timedOut ? "timeout" : "error", Map.of(),
                    elapsed(start), build.output);
        }
        Run simulation = run(directory, List.of(objects + "/V" + top));
        return verdict("verilator", simulation, start);
    }

    /** A Yosys synthesis script. */
    public enum Flow {
        /** Generic gates through ABC ({@code synth}). */
        GATES("yosys", "synth -top %s", "stat"),
        /** iCE40 LUTs and carries through ABC ({@code synth_ice40}). */
        ICE40("yosys-ice40", "synth_ice40 -top %s", "stat"),
        /** Generic gates without ABC ({@code synth -noabc}). */
        GATES_NOABC("yosys", "synth -noabc -top %s", "stat"),
        /** iCE40 LUTs and carries without ABC ({@code synth_ice40 -noabc}). */
        ICE40_NOABC("yosys-ice40", "synth_ice40 -noabc -top %s", "stat"),
        /**
         * Word-level adders: the first passes of {@code synth} up to width reduction, without
         * {@code alumacc}, which would merge adder trees into multi-operand cells, and without
         * {@code share}. Every cell is then one adder or negation at the width Yosys kept.
         */
        WORDS("yosys-words", "hierarchy -top %s; proc; opt_expr; opt_clean;"
                + " opt -nodffe -nosdff; wreduce; opt_clean", "stat -width");

        private final String tool;
        private final String script;
        private final String stat;

        Flow(String tool, String script, String stat) {
            this.tool = tool;
            this.script = script;
            this.stat = stat;
        }

        /** Returns the name under which the report lists this run. */
        public String tool() {
            return tool;
        }

        /** Returns the Yosys commands that synthesize {@code top}. */
        public String script(String top) {
            return String.format(script, top);
        }
    }

    /**
     * Synthesizes a module with Yosys and counts its cells. A design of several modules is
     * synthesized module by module, and the counts are those of the whole hierarchy.
     *
     * @param directory the directory with the file, also the working directory
     * @param top the module to synthesize
     * @param file the Verilog file, relative to {@code directory}
     * @param flow the synthesis script
     * @return {@code cells} and, for iCE40, {@code luts}, {@code carries} and {@code flipFlops}
     */
    public ToolResult yosys(Path directory, String top, String file, Flow flow)
            throws IOException, InterruptedException {
        String tool = flow.tool();
        if (find("yosys").isEmpty()) {
            return notInstalled(tool, "yosys");
        }
        long start = System.nanoTime();
        String statName = top + "." + tool + ".stat";
        String script = flow.script(top);
        Run run = run(directory, List.of("yosys", "-q", "-p",
                "read_verilog " + file + "; " + script + "; tee -o " + statName + " "
                        + flow.stat));
        if (run.exit != 0) {
            return new ToolResult(tool, run.timedOut ? "timeout" : "error", Map.of(),
                    elapsed(start), run.output);
        }
        Path statFile = directory.resolve(statName);
        String stat = Files.exists(statFile) ? Files.readString(statFile) : run.output;
        Map<String, Object> figures = new LinkedHashMap<>(parseStat(stat));
        figures.put("flow", script);
        return new ToolResult(tool, "ok", figures, elapsed(start), tail(stat));
    }

    /**
     * Parses the cell counts of a Yosys {@code stat} report.
     *
     * @param stat the report text
     * @return {@code cells}, every cell type with its count under {@code cellTypes}, and the
     *     iCE40 sums {@code luts} (SB_LUT4), {@code carries} (SB_CARRY) and {@code flipFlops}
     *     (SB_DFF*)
     */
    public static Map<String, Object> parseStat(String stat) {
        Map<String, Object> figures = new LinkedHashMap<>();
        // Yosys prints every module and, for a hierarchy, a last section with the totals; the
        // cell types follow the cell count in each section.
        int hierarchy = stat.lastIndexOf("=== design hierarchy ===");
        String section = hierarchy >= 0 ? stat.substring(hierarchy) : stat;
        Matcher cells = CELLS.matcher(section);
        long cellCount = -1;
        int typesFrom = section.length();
        while (cells.find()) {
            cellCount = Long.parseLong(cells.group(1)); // the last count is the top module's
            typesFrom = cells.end();
        }
        if (cellCount >= 0) {
            figures.put("cells", cellCount);
        }
        Map<String, Long> types = new LinkedHashMap<>();
        Matcher type = CELL_TYPE.matcher(section.substring(typesFrom));
        while (type.find()) {
            types.put(type.group(1), Long.parseLong(type.group(2)));
        }
        // With stat -width a word-level cell type carries its width: $add_16.
        long adderBits = 0;
        boolean widths = false;
        Map<String, Long> merged = new LinkedHashMap<>();
        for (Map.Entry<String, Long> entry : types.entrySet()) {
            Matcher sized = SIZED_TYPE.matcher(entry.getKey());
            if (sized.matches()) {
                widths = true;
                merged.merge(sized.group(1), entry.getValue(), Long::sum);
                if (ARITHMETIC.contains(sized.group(1))) {
                    adderBits += Long.parseLong(sized.group(2)) * entry.getValue();
                }
            } else {
                merged.merge(entry.getKey(), entry.getValue(), Long::sum);
            }
        }
        if (widths) {
            types = merged;
            figures.put("adderBits", adderBits);
        }
        long luts = 0;
        long carries = 0;
        long flipFlops = 0;
        for (Map.Entry<String, Long> entry : types.entrySet()) {
            if (entry.getKey().equals("SB_LUT4")) {
                luts += entry.getValue();
            } else if (entry.getKey().equals("SB_CARRY")) {
                carries += entry.getValue();
            } else if (entry.getKey().startsWith("SB_DFF")) {
                flipFlops += entry.getValue();
            }
        }
        if (types.containsKey("SB_LUT4") || types.containsKey("SB_CARRY")) {
            figures.put("luts", luts);
            figures.put("carries", carries);
            figures.put("flipFlops", flipFlops);
        }
        figures.put("cellTypes", types);
        return figures;
    }

    private ToolResult verdict(String tool, Run simulation, long start) {
        Matcher matcher = VERDICT.matcher(simulation.output);
        if (simulation.timedOut) {
            return new ToolResult(tool, "timeout", Map.of(), elapsed(start), simulation.output);
        }
        if (!matcher.find()) {
            return new ToolResult(tool, "error", Map.of(), elapsed(start), simulation.output);
        }
        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("vectors", Long.parseLong(matcher.group(2)));
        figures.put("mismatches", Long.parseLong(matcher.group(3)));
        String status = matcher.group(1).equals("PASS") ? "pass" : "fail";
        return new ToolResult(tool, status, figures, elapsed(start), simulation.output);
    }

    private static ToolResult notInstalled(String tool, String executable) {
        return new ToolResult(tool, "not-installed", Map.of(), 0,
                executable + " was not found on the PATH; install it (Debian: apt-get install "
                        + executable + ") to run this check");
    }

    private static double elapsed(long start) {
        return (System.nanoTime() - start) / 1e9;
    }

    private record Run(int exit, boolean timedOut, String output) {
    }

    private Run run(Path directory, List<String> command)
            throws IOException, InterruptedException {
        Path log = Files.createTempFile("shiftadd-tool", ".log");
        try {
            Process process = new ProcessBuilder(command).directory(directory.toFile())
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
            boolean finished = process.waitFor(timeoutSeconds, TimeUnit.SECONDS);
            if (!finished) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                process.waitFor();
            }
            String output = tail(Files.readString(log, StandardCharsets.UTF_8));
            return new Run(finished ? process.exitValue() : -1, !finished, output);
        } finally {
            Files.deleteIfExists(log);
        }
    }

    private static String tail(String text) {
        return text.length() <= 4000 ? text : text.substring(text.length() - 4000);
    }
}
