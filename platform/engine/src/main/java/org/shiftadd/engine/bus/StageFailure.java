package org.shiftadd.engine.bus;

/** The kind of failure of a stage request, each with a fixed event-bus failure code. */
public enum StageFailure {
    /** No stage is registered at the address. */
    NO_HANDLER(404),
    /** The stage did not reply in time. */
    TIMEOUT(504),
    /** The stage rejected its input (a parameter, a NaN entry, a shape). */
    INVALID_INPUT(400),
    /** The stage failed while working on valid input. */
    STAGE_FAILURE(500);

    private final int code;

    StageFailure(int code) {
        this.code = code;
    }

    /** Returns the failure code sent with {@code Message.fail}. */
    public int code() {
        return code;
    }

    /**
     * Returns the kind for a failure code sent by the stage host.
     *
     * @param code a code from {@link #code()}
     * @return the matching kind, or {@link #STAGE_FAILURE} for any other code
     */
    public static StageFailure fromCode(int code) {
        for (StageFailure kind : values()) {
            if (kind.code == code) {
                return kind;
            }
        }
        return STAGE_FAILURE;
    }
}
