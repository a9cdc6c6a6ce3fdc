package org.shiftadd.server;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One progress line of a run, stored in {@code progress.log} as {@code [phase] message}, the
 * form that {@code shiftadd run} prints.
 *
 * @param phase what was running, for example {@code train} or {@code csd}
 * @param message the line itself
 */
record ProgressLine(String phase, String message) {
    private static final Pattern LOGGED = Pattern.compile("\\[([^\\]]*)\\] (.*)");

    /** Returns the line as written to the log, without a line break. */
    String logged() {
        return "[" + phase + "] " + message.replace('\n', ' ').replace('\r', ' ');
    }

    /**
     * Parses a line of {@code progress.log}.
     *
     * @param line a line without its line break
     * @return the progress line, or empty when the line is not in the logged form
     */
    static Optional<ProgressLine> parse(String line) {
        Matcher matcher = LOGGED.matcher(line);
        return matcher.matches() ? Optional.of(new ProgressLine(matcher.group(1), matcher.group(2)))
                : Optional.empty();
    }
}
