package org.shiftadd.engine;

/** Receives progress of a run as short lines of text. Called from the run's thread. */
@FunctionalInterface
public interface ProgressListener {
    /** A listener that ignores every message. */
    ProgressListener NONE = (phase, message) -> { };

    /**
     * Reports progress.
     *
     * @param phase what is running, for example {@code train} or {@code csd}
     * @param message one line, without a trailing newline
     */
    void progress(String phase, String message);
}
