package org.shiftadd.server;

import java.time.Instant;

/**
 * State of one run at one moment, as the API reports it.
 *
 * @param id the run id
 * @param name the experiment name, or {@code null} when the spec cannot be read
 * @param status a {@link org.shiftadd.engine.run.RunStatus} value, or {@code unknown} when
 *     the run directory has no readable status file
 * @param reason why the run failed or was cancelled, or {@code null}
 * @param created when the run was created, or {@code null}
 * @param updated when the status last changed, or {@code null}
 * @param lines progress lines so far, or {@code null} when the run left no progress log
 * @param expectedLines progress lines that the whole run prints, or {@code null} when the
 *     spec does not tell in advance
 * @param fraction estimated share of the run done, in [0, 1], or {@code null} when unknown
 * @param phase phase of the last progress line, or {@code null}
 * @param message the last progress line, or {@code null}
 * @param cancelRequested whether a cancellation was requested and the run has not stopped yet
 */
record RunView(String id, String name, String status, String reason, Instant created,
        Instant updated, Integer lines, Integer expectedLines, Double fraction, String phase,
        String message, boolean cancelRequested) {
}
