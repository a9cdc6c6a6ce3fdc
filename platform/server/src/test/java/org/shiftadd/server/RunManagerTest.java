package org.shiftadd.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.shiftadd.engine.run.RunDirectory;
import org.shiftadd.engine.run.RunStatus;

/** How a new server treats the runs that it finds in the store. */
class RunManagerTest {
    @TempDir
    Path runs;

    private Path run(String id, String statusJson) throws Exception {
        Path directory = Files.createDirectories(runs.resolve(id));
        Files.writeString(directory.resolve(RunDirectory.SPEC), "name: " + id.substring(16)
                + "\n");
        Files.writeString(directory.resolve(RunDirectory.STATUS), statusJson);
        return directory;
    }

    @Test
    void recoveryMarksAbandonedRunsAndKeepsTheRest() throws Exception {
        // A process id that no process has: above the largest that Linux hands out.
        Path crashed = run("20260101-100000-crashed", "{\"status\":\"running\",\"pid\":"
                + Integer.MAX_VALUE + "}");
        Path legacy = run("20260101-100100-legacy", "{\"status\":\"running\"}");
        Path queued = run("20260101-100200-queued", "{\"status\":\"queued\",\"pid\":"
                + Integer.MAX_VALUE + "}");
        Path finished = run("20260101-100300-finished", "{\"status\":\"finished\"}");
        Files.writeString(finished.resolve(RunDirectory.RESULT), "{\"total\":{}}");
        ProcessHandle parent = ProcessHandle.current().parent().orElseThrow();
        String liveStatus = "{\"status\":\"running\",\"pid\":" + parent.pid()
                + parent.info().startInstant().map(t -> ",\"processStart\":\"" + t + "\"")
                        .orElse("") + "}";
        Path live = run("20260101-100400-live", liveStatus);
        Files.createDirectories(runs.resolve("not-a-run"));

        try (RunManager manager = new RunManager(new FakeEngine(), runs, 1, 1)) {
            assertThat(manager.recover()).containsExactlyInAnyOrder("20260101-100000-crashed",
                    "20260101-100100-legacy", "20260101-100200-queued");

            RunStatus crashedStatus = RunStatus.read(crashed).orElseThrow();
            assertThat(crashedStatus.status()).isEqualTo(RunStatus.FAILED);
            assertThat(crashedStatus.reason()).contains("(pid " + Integer.MAX_VALUE + ")",
                    "stopped during the run (killed or crashed)", "submit the run again");
            assertThat(RunStatus.read(legacy).orElseThrow().status())
                    .isEqualTo(RunStatus.FAILED);
            RunStatus queuedStatus = RunStatus.read(queued).orElseThrow();
            assertThat(queuedStatus.status()).isEqualTo(RunStatus.FAILED);
            assertThat(queuedStatus.reason()).contains("before the run started");
            assertThat(finished.resolve(RunDirectory.STATUS))
                    .hasContent("{\"status\":\"finished\"}");
            assertThat(finished.resolve(RunDirectory.RESULT)).hasContent("{\"total\":{}}");
            assertThat(live.resolve(RunDirectory.STATUS)).hasContent(liveStatus);

            assertThat(manager.list()).extracting(RunView::id).containsExactly(
                    "20260101-100400-live", "20260101-100300-finished",
                    "20260101-100200-queued", "20260101-100100-legacy",
                    "20260101-100000-crashed");
            RunView view = manager.view("20260101-100300-finished").orElseThrow();
            assertThat(view.status()).isEqualTo(RunStatus.FINISHED);
            assertThat(view.name()).isEqualTo("finished");
            assertThat(view.fraction()).isEqualTo(1.0);
            assertThat(manager.view("20260101-100400-live").orElseThrow().status())
                    .isEqualTo(RunStatus.RUNNING);
        }
    }

    @Test
    void runOfALiveProcessCannotBeCancelledHere() throws Exception {
        ProcessHandle parent = ProcessHandle.current().parent().orElseThrow();
        run("20260101-100400-live", "{\"status\":\"running\",\"pid\":" + parent.pid() + "}");

        try (RunManager manager = new RunManager(new FakeEngine(), runs, 1, 1)) {
            assertThatThrownBy(
                    () -> manager.cancel("20260101-100400-live"))
                    .isInstanceOf(RunManager.ConflictException.class)
                    .hasMessageContaining("in another process");
        }
    }

    @Test
    void statusRecordsTheWritingProcess() {
        RunStatus status = RunStatus.of(RunStatus.RUNNING, null);

        assertThat(status.pid()).isEqualTo(ProcessHandle.current().pid());
        assertThat(status.writerIsAlive()).isTrue();
        assertThat(new RunStatus(RunStatus.RUNNING, Instant.now(), null,
                (long) Integer.MAX_VALUE, null).writerIsAlive()).isFalse();
    }
}
