package org.shiftadd.engine.bus;

/** A failed stage request, with the failure kind and the address it was sent to. */
public final class StageException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final StageFailure failure;
    private final String address;

    /**
     * Creates the exception.
     *
     * @param failure the kind of failure
     * @param address the event-bus address of the stage
     * @param message what failed, naming the stage and the value
     */
    public StageException(StageFailure failure, String address, String message) {
        super(message);
        this.failure = failure;
        this.address = address;
    }

    /** Returns the kind of failure. */
    public StageFailure failure() {
        return failure;
    }

    /** Returns the event-bus address the request was sent to. */
    public String address() {
        return address;
    }
}
