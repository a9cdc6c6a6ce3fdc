package org.shiftadd.engine.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunStoreTest {
    @TempDir
    Path root;

    @Test
    void runsStartedTogetherGetDistinctDirectories() {
        RunStore store = new RunStore(root);

        RunDirectory first = store.create("exp");
        RunDirectory second = store.create("exp");

        assertThat(first.path()).isNotEqualTo(second.path());
        assertThat(first.id()).endsWith("-exp");
        assertThat(second.path().getParent()).isEqualTo(root.toAbsolutePath().normalize());
    }

    @Test
    void writeReplacesAndLeavesNoTemporaryFile() throws IOException {
        RunDirectory run = new RunStore(root).create("exp");

        run.write(RunDirectory.STATUS, "{\"status\":\"running\"}");
        run.write(RunDirectory.STATUS, "{\"status\":\"finished\"}");

        assertThat(Files.readString(run.path().resolve(RunDirectory.STATUS)))
                .isEqualTo("{\"status\":\"finished\"}");
        try (Stream<Path> files = Files.list(run.path())) {
            assertThat(files.map(p -> p.getFileName().toString()))
                    .containsExactly(RunDirectory.STATUS);
        }
    }
}
