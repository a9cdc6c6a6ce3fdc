package org.shiftadd.cli;

import org.shiftadd.engine.InputException;
import org.shiftadd.engine.bus.StageException;
import org.shiftadd.engine.bus.StageFailure;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/**
 * Prints one clear line for a failed command: exit status 2 for bad input, 1 for anything
 * else. Stack traces only with {@code --verbose}.
 */
final class ErrorHandler implements IExecutionExceptionHandler {
    /** Exit status for invalid input. */
    static final int INPUT_ERROR = 2;
    /** Exit status for internal failures. */
    static final int FAILURE = 1;

    private final ShiftaddCommand root;

    ErrorHandler(ShiftaddCommand root) {
        this.root = root;
    }

    @Override
    public int handleExecutionException(Exception e, CommandLine commandLine,
            ParseResult parseResult) {
        boolean input = e instanceof InputException || e instanceof StageException stage
                && stage.failure() == StageFailure.INVALID_INPUT;
        String message = e.getMessage() == null ? e.toString() : e.getMessage();
        commandLine.getErr().println("error: " + message);
        if (root.verbose) {
            e.printStackTrace(commandLine.getErr());
        } else if (!input) {
            commandLine.getErr().println("(run with --verbose for the stack trace)");
        }
        commandLine.getErr().flush();
        return input ? INPUT_ERROR : FAILURE;
    }
}
