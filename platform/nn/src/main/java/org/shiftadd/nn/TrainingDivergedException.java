package org.shiftadd.nn;

/**
 * Training stopped because the loss or a weight became NaN or infinite. The message names
 * the epoch and step and suggests a smaller learning rate, so it can be shown to a user as
 * it is.
 */
public class TrainingDivergedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message where training diverged and what to change
     */
    public TrainingDivergedException(String message) {
        super(message);
    }
}
