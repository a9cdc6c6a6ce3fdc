package org.shiftadd.engine;

/**
 * Bad input from the user: a spec, a data directory or a data file. Its message is meant to
 * be shown as it is, without a stack trace.
 */
public class InputException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what is wrong, naming the value and the fix
     */
    public InputException(String message) {
        super(message);
    }
}
