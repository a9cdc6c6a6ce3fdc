package org.shiftadd.engine.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
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

    @Test
    void concurrentWritesOfOneFileStayWhole() throws Exception {
        RunDirectory run = new RunStore(root).create("exp");
        List<String> texts = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
            texts.add(String.valueOf((char) ('a' + t)).repeat(200_000));
        }
        ExecutorService threads = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> writes = new ArrayList<>();
            for (int round = 0; round < 5; round++) {
                for (String text : texts) {
                    writes.add(threads.submit(() -> run.write(RunDirectory.STATUS, text)));
                }
            }
            for (Future<?> write : writes) {
                write.get(60, TimeUnit.SECONDS);
            }
        } finally {
            threads.shutdownNow();
        }

        assertThat(Files.readString(run.path().resolve(RunDirectory.STATUS))).isIn(texts);
        try (Stream<Path> files = Files.list(run.path())) {
            assertThat(files.map(p -> p.getFileName().toString()))
                    .noneMatch(name -> name.endsWith(".tmp"));
        }
    }
}
