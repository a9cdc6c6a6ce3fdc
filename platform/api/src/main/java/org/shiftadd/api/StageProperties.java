package org.shiftadd.api;

/** Names of the service properties that identify a stage service. */
public final class StageProperties {
    /** Service property holding the stage kind key, for example {@code decomposer}. */
    public static final String KIND = "shiftadd.stage.kind";
    /** Service property holding the stage name, for example {@code lcc-fs}. */
    public static final String NAME = "shiftadd.stage.name";

    private StageProperties() {
    }
}
