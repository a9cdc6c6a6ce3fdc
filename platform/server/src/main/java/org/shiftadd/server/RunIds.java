package org.shiftadd.server;

import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.Instant;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Run ids as the run store names its directories: {@code yyyyMMdd-HHmmss-NAME}, with an
 * optional {@code -N} suffix, where NAME follows the spec's name rule. Every id that the API
 * receives is checked against this pattern before it is used as a path.
 */
final class RunIds {
    /**
     * The store's directory names. The name part may contain dots, but an id that contains
     * {@code ..} is rejected anyway, so no id can look like a parent reference to a reader.
     */
    private static final Pattern ID = Pattern.compile(
            "[0-9]{8}-[0-9]{6}-[A-Za-z0-9][A-Za-z0-9._-]{0,63}(-[0-9]{1,9})?");
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

    private RunIds() {
    }

    /**
     * Returns whether a string is a well-formed run id.
     *
     * @param id the string, for example a path parameter; may be {@code null}
     * @return {@code true} when it matches the store's directory names and contains no
     *     {@code ..}
     */
    static boolean isValid(String id) {
        return id != null && ID.matcher(id).matches() && !id.contains("..");
    }

    /**
     * Resolves a valid id to its directory inside the store.
     *
     * @param root the store's directory, absolute and normalized
     * @param id a run id
     * @return the run directory, a direct child of {@code root}
     * @throws IllegalArgumentException if the id is not valid or would leave the store
     */
    static Path resolve(Path root, String id) {
        if (!isValid(id)) {
            throw new IllegalArgumentException("invalid run id: " + id);
        }
        Path directory = root.resolve(id).normalize();
        if (!root.equals(directory.getParent())) {
            throw new IllegalArgumentException("run id " + id + " leaves the run store " + root);
        }
        return directory;
    }

    /**
     * Returns when a run was created, from the time stamp in its id, read in the system's
     * time zone as the store writes it.
     *
     * @param id a valid run id
     * @return the creation time, or empty when the stamp is not a real date
     */
    static Optional<Instant> created(String id) {
        try {
            return Optional.of(LocalDateTime.parse(id.substring(0, 15), STAMP)
                    .atZone(ZoneId.systemDefault()).toInstant());
        } catch (DateTimeParseException | IndexOutOfBoundsException e) {
            return Optional.empty();
        }
    }
}
