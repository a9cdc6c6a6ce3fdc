package org.shiftadd.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/** The top-level {@code shiftadd} command; it only dispatches to its subcommands. */
@Command(name = "shiftadd", mixinStandardHelpOptions = true, version = "shiftadd 0.1.0",
        description = "Compresses trained neural networks into shift-and-add circuits and "
                + "counts their additions against a CSD baseline.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:success", "1:internal failure (run with --verbose for details)",
            "2:invalid input: command line, spec or data"})
final class ShiftaddCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Option(names = "--verbose", scope = ScopeType.INHERIT,
            description = "Print stack traces and debug logging.")
    boolean verbose;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "missing command: give one of "
                + String.join(", ", spec.subcommands().keySet()));
    }
}
