package org.shiftadd.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.shiftadd.engine.Engine;
import org.shiftadd.engine.InputException;
import org.shiftadd.engine.ReportTable;
import org.shiftadd.engine.RunResult;
import org.shiftadd.engine.run.RunDirectory;
import org.shiftadd.engine.run.RunStore;
import org.shiftadd.engine.spec.ExperimentSpec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code shiftadd run SPEC}: validates and runs one experiment. */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = {"Runs the experiment in SPEC: trains the network, counts the additions "
                + "of the CSD baseline and of every stage, evaluates each network and prints "
                + "a table per layer and in total.",
            "Results go to a new directory under --runs (default ./runs) or to --out."})
final class RunCommand implements Callable<Integer> {
    private final Engine engine;

    @Spec
    CommandSpec command;

    @Parameters(index = "0", paramLabel = "SPEC",
            description = "Experiment spec, YAML or JSON (a .json name is read as JSON).")
    Path specFile;

    @Option(names = "--out", paramLabel = "DIR",
            description = "Run directory to write into, instead of a new one under --runs.")
    Path out;

    @Option(names = "--runs", paramLabel = "DIR", defaultValue = "runs",
            description = "Directory that contains one directory per run (default: ${DEFAULT-VALUE}).")
    Path runs;

    @Mixin
    ClusterOptions cluster;

    RunCommand(Engine engine) {
        this.engine = engine;
    }

    @Override
    public Integer call() {
        ExperimentSpec spec = engine.validate(readSpec(), specFile.getFileName().toString());
        RunDirectory directory = runDirectory(spec);
        PrintWriter err = command.commandLine().getErr();
        PrintWriter out = command.commandLine().getOut();
        err.println("run " + directory.id() + " in " + directory.path());
        RunResult result = engine.run(spec, directory, (phase, message) -> {
            err.println("[" + phase + "] " + message);
            err.flush();
        });
        out.println();
        out.print(ReportTable.format(result));
        out.println("results: " + directory.path().resolve(RunDirectory.RESULT));
        out.flush();
        return 0;
    }

    private String readSpec() {
        if (Files.isDirectory(specFile)) {
            throw new InputException("spec file " + specFile.toAbsolutePath() + " is a directory;"
                    + " give the path of a YAML or JSON experiment spec");
        }
        if (!Files.isRegularFile(specFile)) {
            throw new InputException("spec file " + specFile.toAbsolutePath() + " not found;"
                    + " give the path of a YAML or JSON experiment spec");
        }
        try {
            return Files.readString(specFile, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new InputException("cannot read spec file " + specFile + ": " + e.getMessage());
        }
    }

    private RunDirectory runDirectory(ExperimentSpec spec) {
        if (out == null) {
            if (Files.exists(runs) && !Files.isDirectory(runs)) {
                throw new InputException("--runs " + runs + " is a file; give a directory");
            }
            return new RunStore(runs).create(spec.name());
        }
        if (Files.exists(out.resolve(RunDirectory.SPEC))) {
            throw new InputException("--out " + out + " already contains a run ("
                    + RunDirectory.SPEC + " exists); choose another directory or remove it");
        }
        if (Files.exists(out) && !Files.isDirectory(out)) {
            throw new InputException("--out " + out + " is a file; give a directory");
        }
        return new RunDirectory(out);
    }
}
