package org.shiftadd.engine.run;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.UUID;

/**
 * One run's directory: {@code spec.yaml}, {@code status.json}, {@code result.json},
 * {@code report.txt} and {@code artifacts/}.
 *
 * <p>Every file is written to a temporary sibling first and then moved into place, so no
 * reader finds half a file, even after a crash.
 */
public final class RunDirectory {
    /** File name of the spec as given. */
    public static final String SPEC = "spec.yaml";
    /** File name of the run status. */
    public static final String STATUS = "status.json";
    /** File name of the results. */
    public static final String RESULT = "result.json";
    /** File name of the printed report. */
    public static final String REPORT = "report.txt";
    /** Directory name of back-end artifacts. */
    public static final String ARTIFACTS = "artifacts";

    private final Path path;

    /**
     * Opens or creates a run directory.
     *
     * @param path the directory; created with its parents when missing
     * @throws UncheckedIOException if it cannot be created
     */
    public RunDirectory(Path path) {
        this.path = path.toAbsolutePath().normalize();
        try {
            Files.createDirectories(this.path);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create run directory " + this.path, e);
        }
    }

    /** Returns the directory. */
    public Path path() {
        return path;
    }

    /** Returns the run id, which is the directory name. */
    public String id() {
        return path.getFileName().toString();
    }

    /**
     * Returns the artifacts directory, creating it when missing.
     *
     * @return {@code artifacts/} inside the run directory
     */
    public Path artifacts() {
        Path artifacts = path.resolve(ARTIFACTS);
        try {
            return Files.createDirectories(artifacts);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + artifacts, e);
        }
    }

    /**
     * Writes a text file atomically.
     *
     * @param name file name inside the run directory
     * @param text the content, written as UTF-8
     * @return the file written
     * @throws UncheckedIOException if writing fails
     */
    public Path write(String name, String text) {
        Path target = path.resolve(name);
        Path temporary = null;
        try {
            temporary = temporarySibling(target);
            Files.writeString(temporary, text, StandardCharsets.UTF_8);
            replace(temporary, target);
            return target;
        } catch (IOException e) {
            deleteQuietly(temporary);
            throw new UncheckedIOException("cannot write " + target, e);
        }
    }

    /**
     * Returns a hidden path next to {@code target} with a random name of its own, so that two
     * threads writing the same file (a run and its shutdown hook) never share one. The file is
     * not created, so that it gets the usual permissions when it is written.
     */
    static Path temporarySibling(Path target) {
        return target.resolveSibling("." + target.getFileName() + "."
                + UUID.randomUUID() + ".tmp");
    }

    /** Deletes a temporary file left by a failed write, if any. */
    static void deleteQuietly(Path temporary) {
        if (temporary == null) {
            return;
        }
        try {
            Files.deleteIfExists(temporary);
        } catch (IOException ignored) {
            // The write already failed, and that error is the one to report.
        }
    }

    /**
     * Moves a finished temporary file over its target, atomically where the file system
     * allows, so that a reader sees the old or the new content and never a partial file.
     */
    static void replace(Path temporary, Path target) throws IOException {
        try {
            Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE,
                    StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
