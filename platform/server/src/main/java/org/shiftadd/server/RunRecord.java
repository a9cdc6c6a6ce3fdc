package org.shiftadd.server;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.shiftadd.engine.run.RunDirectory;
import org.shiftadd.engine.run.RunStatus;
import org.shiftadd.engine.spec.ExperimentSpec;

/**
 * A run that this server accepted: its state, its progress lines and the event streams that
 * follow it. Every method is thread-safe.
 */
final class RunRecord {
    /** File name of the progress log inside the run directory. */
    static final String PROGRESS_LOG = "progress.log";

    /** Receives the progress of one run, in order; called with the record's lock held. */
    interface Subscriber {
        /**
         * Receives one progress line.
         *
         * @param index the line's position, from 1
         * @param line the line
         */
        void line(int index, ProgressLine line);

        /**
         * Receives the end of the run; no call follows.
         *
         * @param view the run's final state
         */
        void end(RunView view);
    }

    /** Thrown into the pipeline from the progress listener to stop a cancelled run. */
    static final class CancelledException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        CancelledException(String id) {
            super("run " + id + " was cancelled on request");
        }
    }

    private final RunDirectory directory;
    private final ExperimentSpec spec;
    private final Integer expectedLines;
    private final Instant created;
    private final List<ProgressLine> lines = new ArrayList<>();
    private final List<Subscriber> subscribers = new ArrayList<>();
    private String status = RunStatus.QUEUED;
    private String reason;
    private Instant updated = Instant.now();
    private boolean cancelRequested;
    private Thread worker;
    private Writer log;

    RunRecord(RunDirectory directory, ExperimentSpec spec) {
        this.directory = directory;
        this.spec = spec;
        this.expectedLines = ProgressEstimate.expectedLines(spec);
        this.created = RunIds.created(directory.id()).orElse(updated);
    }

    String id() {
        return directory.id();
    }

    RunDirectory directory() {
        return directory;
    }

    ExperimentSpec spec() {
        return spec;
    }

    /**
     * Marks the run as running on the calling thread and opens its progress log.
     *
     * @return {@code false} when the run was cancelled while it waited, so it must not run
     */
    synchronized boolean start() {
        if (!RunStatus.QUEUED.equals(status)) {
            return false;
        }
        status = RunStatus.RUNNING;
        updated = Instant.now();
        worker = Thread.currentThread();
        Path file = directory.path().resolve(PROGRESS_LOG);
        try {
            // A stream writer, unlike a channel, is not closed when a cancellation interrupts
            // the worker thread.
            log = new OutputStreamWriter(new FileOutputStream(file.toFile(), true),
                    StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open " + file, e);
        }
        return true;
    }

    /**
     * Records a progress line, appends it to the log and sends it to every subscriber.
     *
     * @throws CancelledException if a cancellation was requested, which stops the pipeline
     */
    synchronized void progress(String phase, String message) {
        if (cancelRequested) {
            throw new CancelledException(id());
        }
        ProgressLine line = new ProgressLine(phase, message);
        lines.add(line);
        try {
            log.write(line.logged());
            log.write('\n');
            log.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot append to the progress log of run " + id(), e);
        }
        for (Subscriber subscriber : subscribers) {
            subscriber.line(lines.size(), line);
        }
    }

    /**
     * Ends the run: writes its final status, closes the log and ends every stream.
     *
     * @param finalStatus finished, failed or cancelled
     * @param finalReason why it failed or was cancelled, or {@code null}
     */
    synchronized void finish(String finalStatus, String finalReason) {
        status = finalStatus;
        reason = finalReason;
        updated = Instant.now();
        cancelRequested = false;
        if (worker == Thread.currentThread()) {
            // Clears an interrupt from a cancellation that came after the pipeline stopped,
            // which would otherwise close the channel that writes the status file.
            Thread.interrupted();
        }
        worker = null;
        RunStatus.of(finalStatus, finalReason).write(directory);
        closeLog();
        RunView view = view();
        subscribers.forEach(subscriber -> subscriber.end(view));
        subscribers.clear();
    }

    /** Outcome of a cancellation request. */
    enum Cancellation {
        /** The run was queued and is now cancelled. */
        CANCELLED,
        /** The run is running and stops at its next progress line or stage reply. */
        REQUESTED,
        /** The run had already ended; nothing changed. */
        ALREADY_ENDED
    }

    /**
     * Requests cancellation. A queued run is cancelled at once. A running one stops at its
     * next progress line, or at once when it waits for a stage reply.
     *
     * @return what the request did
     */
    synchronized Cancellation cancel() {
        switch (status) {
            case RunStatus.QUEUED -> {
                finish(RunStatus.CANCELLED, "cancelled on request before it started");
                return Cancellation.CANCELLED;
            }
            case RunStatus.RUNNING -> {
                cancelRequested = true;
                if (worker != null) {
                    worker.interrupt();
                }
                return Cancellation.REQUESTED;
            }
            default -> {
                return Cancellation.ALREADY_ENDED;
            }
        }
    }

    /**
     * Marks the run failed if it has not started, under the same lock as {@link #start}, so
     * that a worker cannot start it in between.
     *
     * @param failure the reason to record
     * @return whether the run was queued and is now failed
     */
    synchronized boolean failIfQueued(String failure) {
        if (!RunStatus.QUEUED.equals(status)) {
            return false;
        }
        finish(RunStatus.FAILED, failure);
        return true;
    }

    synchronized boolean cancelRequested() {
        return cancelRequested;
    }

    synchronized boolean isActive() {
        return RunStatus.QUEUED.equals(status) || RunStatus.RUNNING.equals(status);
    }

    /**
     * Adds a subscriber and sends it the lines so far, and the end when the run is over,
     * under one lock, so that it misses no line and gets none twice.
     */
    synchronized void subscribe(Subscriber subscriber) {
        for (int i = 0; i < lines.size(); i++) {
            subscriber.line(i + 1, lines.get(i));
        }
        if (isActive()) {
            subscribers.add(subscriber);
        } else {
            subscriber.end(view());
        }
    }

    synchronized void unsubscribe(Subscriber subscriber) {
        subscribers.remove(subscriber);
    }

    synchronized RunView view() {
        ProgressLine last = lines.isEmpty() ? null : lines.get(lines.size() - 1);
        Double fraction = switch (status) {
            case RunStatus.QUEUED -> 0.0;
            case RunStatus.FINISHED -> 1.0;
            case RunStatus.RUNNING -> ProgressEstimate.runningFraction(lines.size(),
                    expectedLines);
            default -> null;
        };
        return new RunView(id(), spec.name(), status, reason, created, updated, lines.size(),
                expectedLines, fraction, last == null ? null : last.phase(),
                last == null ? null : last.message(), cancelRequested);
    }

    private void closeLog() {
        if (log == null) {
            return;
        }
        try {
            log.close();
        } catch (IOException e) {
            // The lines were flushed one by one; a failed close loses nothing.
        }
        log = null;
    }

    /**
     * Reads the progress log of any run directory, this server's or another process's.
     *
     * @param runDirectory the run directory
     * @return the lines in the logged form; empty when there is no log
     */
    static List<ProgressLine> readLog(Path runDirectory) {
        Path file = runDirectory.resolve(PROGRESS_LOG);
        if (!Files.isRegularFile(file)) {
            return List.of();
        }
        try {
            return Files.readAllLines(file, StandardCharsets.UTF_8).stream()
                    .map(ProgressLine::parse).flatMap(Optional::stream).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }
}
