package org.shiftadd.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code shiftadd bench}: benchmarks that print measured numbers. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Runs a benchmark and prints what it measured.",
        subcommands = {BenchTrainCommand.class, BenchLccCommand.class})
final class BenchCommand implements Runnable {
    @Spec
    CommandSpec command;

    @Override
    public void run() {
        throw new ParameterException(command.commandLine(),
                "missing benchmark: give one of " + command.subcommands().keySet());
    }
}
