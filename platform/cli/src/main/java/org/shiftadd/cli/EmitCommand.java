package org.shiftadd.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.shiftadd.engine.Engine;
import org.shiftadd.engine.InputException;
import org.shiftadd.engine.ReportTable;
import org.shiftadd.engine.RunResult;
import org.shiftadd.engine.run.CompressedNetworks;
import org.shiftadd.engine.run.RunDirectory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code shiftadd emit RUN_DIR}: emits hardware for a compressed network of a finished run. */
@Command(name = "emit", mixinStandardHelpOptions = true,
        description = {"Emits hardware for one compressed network of a finished run, from the "
                + "networks the run stored in RUN_DIR/networks/.",
            "Back-end parameters go in -P key=value, for example -P vectors=10000 "
                + "-P verilator=true (see docs/SPEC.md for the verilog back end's)."})
final class EmitCommand implements Callable<Integer> {
    private final Engine engine;

    @Spec
    CommandSpec command;

    @Parameters(index = "0", paramLabel = "RUN_DIR", description = "A run directory.")
    Path run;

    @Option(names = "--backend", paramLabel = "NAME", defaultValue = "verilog",
            description = "The back-end stage (default: ${DEFAULT-VALUE}).")
    String backend;

    @Option(names = "--method", paramLabel = "NAME",
            description = "The compressed network to emit: csd, a decomposer step's name, or "
                    + "a row of the comparison at equal accuracy such as "
                    + "compare-pruning+sharing+lcc-fs (the run's networks/ directory lists "
                    + "them). Default: the run's decomposer when it has exactly one, csd when it "
                    + "has none; a run with several needs --method.")
    String method;

    @Option(names = "--out", paramLabel = "DIR",
            description = "Output directory (default: RUN_DIR/artifacts/emit-<backend>-<method>)."
                    + " It must be empty or missing.")
    Path out;

    @Option(names = {"-P", "--param"}, paramLabel = "KEY=VALUE",
            description = "A back-end parameter, repeatable. true and false become booleans, "
                    + "whole numbers become integers, anything else stays text.")
    Map<String, String> parameters = new LinkedHashMap<>();

    EmitCommand(Engine engine) {
        this.engine = engine;
    }

    @Override
    public Integer call() {
        if (!Files.exists(run)) {
            throw new InputException("RUN_DIR " + run.toAbsolutePath() + " not found; give a "
                    + "directory made by shiftadd run");
        }
        if (!Files.isDirectory(run)) {
            throw new InputException("RUN_DIR " + run.toAbsolutePath() + " is a file; give a "
                    + "directory made by shiftadd run");
        }
        if (!Files.isRegularFile(run.resolve(RunDirectory.SPEC))) {
            throw new InputException("RUN_DIR " + run.toAbsolutePath() + " is not a run directory"
                    + " (no " + RunDirectory.SPEC + "); give a directory made by shiftadd run");
        }
        List<String> stored = CompressedNetworks.methods(run);
        String chosen = method != null ? method : defaultMethod(stored);
        Path output = out != null ? out
                : run.resolve(RunDirectory.ARTIFACTS).resolve("emit-" + backend + "-" + chosen);
        requireEmpty(output);
        PrintWriter err = command.commandLine().getErr();
        RunResult.BackendSummary summary = engine.emit(run.toAbsolutePath(), chosen, backend,
                typed(parameters), output.toAbsolutePath(), (phase, message) -> {
                    err.println("[" + phase + "] " + message);
                    err.flush();
                });
        PrintWriter printer = command.commandLine().getOut();
        printer.print(ReportTable.formatBackend(summary));
        printer.println("files: " + output.toAbsolutePath() + " (full figures in its report)");
        printer.flush();
        return 0;
    }

    /** Picks the last decomposer the run stored, or csd when it stored only that. */
    private String defaultMethod(List<String> stored) {
        if (stored.isEmpty()) {
            throw new InputException("run " + run.toAbsolutePath() + " stored no compressed "
                    + "networks; runs made by this version of shiftadd store them in "
                    + CompressedNetworks.DIRECTORY + "/");
        }
        List<String> decomposers = stored.stream()
                .filter(name -> !name.equals("csd") && !name.startsWith("compare-")).toList();
        if (decomposers.size() > 1) {
            throw new InputException("run " + run.toAbsolutePath() + " has several compressed "
                    + "networks " + stored + "; choose one with --method");
        }
        return decomposers.isEmpty() ? "csd" : decomposers.get(0);
    }

    private static void requireEmpty(Path output) {
        if (Files.isRegularFile(output)) {
            throw new InputException("--out " + output + " is a file; give a directory");
        }
        if (Files.isDirectory(output)) {
            try (Stream<Path> entries = Files.list(output)) {
                if (entries.findAny().isPresent()) {
                    throw new InputException("output directory " + output + " is not empty; "
                            + "choose another with --out or remove it");
                }
            } catch (IOException e) {
                throw new InputException("cannot read " + output + ": " + e.getMessage());
            }
        }
    }

    private static Map<String, Object> typed(Map<String, String> raw) {
        Map<String, Object> typed = new LinkedHashMap<>();
        raw.forEach((key, value) -> {
            if (value.equals("true") || value.equals("false")) {
                typed.put(key, Boolean.parseBoolean(value));
            } else if (value.matches("-?\\d{1,9}")) {
                typed.put(key, Integer.parseInt(value));
            } else {
                typed.put(key, value);
            }
        });
        return typed;
    }
}
