package org.shiftadd.engine.run;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The content of a run's {@code status.json}: the state of the run and the process that
 * wrote it, so that a later process can tell a run that is still going from one whose
 * process died.
 *
 * @param status one of {@link #QUEUED}, {@link #RUNNING}, {@link #FINISHED},
 *     {@link #FAILED} or {@link #CANCELLED}
 * @param updated when the status was written
 * @param reason why the run failed or was cancelled; {@code null} otherwise
 * @param pid id of the process that wrote the status; {@code null} in files written before
 *     it was recorded
 * @param processStart start time of that process, which sets a reused process id apart;
 *     {@code null} when the operating system does not report it
 */
public record RunStatus(String status, Instant updated, String reason, Long pid,
        Instant processStart) {
    /** Accepted by a server and waiting for a worker. */
    public static final String QUEUED = "queued";
    /** Executing. */
    public static final String RUNNING = "running";
    /** Finished, with the results in {@code result.json}. */
    public static final String FINISHED = "finished";
    /** Stopped by an error, which {@link #reason} names. */
    public static final String FAILED = "failed";
    /** Stopped on request. */
    public static final String CANCELLED = "cancelled";

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT);

    /**
     * Creates a status written by this process now.
     *
     * @param status the state
     * @param reason why the run failed or was cancelled, or {@code null}
     * @return the status, with this process's id and start time
     */
    public static RunStatus of(String status, String reason) {
        ProcessHandle self = ProcessHandle.current();
        return new RunStatus(status, Instant.now(), reason, self.pid(),
                self.info().startInstant().orElse(null));
    }

    /** Returns whether the status is queued or running. */
    public boolean isActive() {
        return QUEUED.equals(status) || RUNNING.equals(status);
    }

    /**
     * Returns whether the process that wrote this status is still alive. When the start time
     * is recorded, a process that got the same id later does not count.
     *
     * @return {@code false} when the file names no process or that process has ended
     */
    public boolean writerIsAlive() {
        if (pid == null) {
            return false;
        }
        return ProcessHandle.of(pid).filter(ProcessHandle::isAlive)
                .filter(process -> processStart == null
                        || process.info().startInstant().map(processStart::equals).orElse(true))
                .isPresent();
    }

    /**
     * Writes this status atomically into a run directory.
     *
     * @param directory the run directory
     * @throws UncheckedIOException if writing fails
     */
    public void write(RunDirectory directory) {
        Map<String, Object> content = new LinkedHashMap<>();
        content.put("status", status);
        content.put("updated", updated.toString());
        if (reason != null) {
            content.put("reason", reason);
        }
        if (pid != null) {
            content.put("pid", pid);
        }
        if (processStart != null) {
            content.put("processStart", processStart.toString());
        }
        try {
            directory.write(RunDirectory.STATUS, JSON.writeValueAsString(content));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode the status of run " + directory.id(),
                    e);
        }
    }

    /**
     * Reads the status file of a run directory.
     *
     * @param runDirectory the run directory
     * @return the status, or empty when the directory has no status file
     * @throws UncheckedIOException if the file cannot be read or is not a status object
     */
    public static Optional<RunStatus> read(Path runDirectory) {
        Path file = runDirectory.resolve(RunDirectory.STATUS);
        JsonNode node;
        try {
            node = JSON.readTree(Files.readString(file));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        if (node == null || !node.path("status").isTextual()) {
            throw new UncheckedIOException(new IOException(file + " has no \"status\" text"));
        }
        return Optional.of(new RunStatus(node.get("status").asText(),
                instant(node.get("updated")), text(node.get("reason")),
                node.path("pid").canConvertToLong() ? node.get("pid").asLong() : null,
                instant(node.get("processStart"))));
    }

    private static String text(JsonNode node) {
        return node == null || node.isNull() ? null : node.asText();
    }

    private static Instant instant(JsonNode node) {
        try {
            return node == null || !node.isTextual() ? null : Instant.parse(node.asText());
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
