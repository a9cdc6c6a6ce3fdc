package org.shiftadd.nn.data;

/**
 * A data set that cannot be loaded.
 *
 * <p>The message names the file or directory, states what is wrong and what to do about it,
 * so a command-line tool can print it without a stack trace.
 */
public class DatasetException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates an exception with a message meant for the user.
     *
     * @param message what failed, on which file, and the fix
     */
    public DatasetException(String message) {
        super(message);
    }

    /**
     * Creates an exception with a message meant for the user and the I/O error behind it.
     *
     * @param message what failed, on which file, and the fix
     * @param cause the underlying error, kept for debugging
     */
    public DatasetException(String message, Throwable cause) {
        super(message, cause);
    }
}
