package org.shiftadd.engine.run;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;

/** Creates run directories under one root, named {@code <time>-<experiment name>}. */
public final class RunStore {
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

    private final Path root;

    /**
     * Creates a store.
     *
     * @param root directory that contains the runs; created on first use
     */
    public RunStore(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    /** Returns the directory that contains the runs. */
    public Path root() {
        return root;
    }

    /**
     * Creates a new, empty run directory; a suffix {@code -2}, {@code -3} … keeps two runs
     * started in the same second apart.
     *
     * @param experimentName the spec's name
     * @return the new run directory
     */
    public RunDirectory create(String experimentName) {
        String base = LocalDateTime.now().format(STAMP) + "-" + experimentName;
        try {
            Files.createDirectories(root);
            for (int attempt = 1; ; attempt++) {
                Path candidate = root.resolve(attempt == 1 ? base : base + "-" + attempt);
                try {
                    return new RunDirectory(Files.createDirectory(candidate));
                } catch (FileAlreadyExistsException e) {
                    // Taken by a run started in the same second: try the next suffix.
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a run directory under " + root, e);
        }
    }
}
