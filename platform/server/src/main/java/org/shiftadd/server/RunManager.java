package org.shiftadd.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.shiftadd.engine.Engine;
import org.shiftadd.engine.InputException;
import org.shiftadd.engine.bus.StageException;
import org.shiftadd.engine.run.RunDirectory;
import org.shiftadd.engine.run.RunStatus;
import org.shiftadd.engine.run.RunStore;
import org.shiftadd.engine.spec.ExperimentSpec;
import org.shiftadd.engine.spec.SpecException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Accepts runs, executes them on a bounded pool of worker threads and reports on every run in
 * the store, those of other processes included.
 *
 * <p>At most {@code workers} runs execute at once and at most {@code queueCapacity} more
 * wait; a further submission is rejected. On start, a run that the store records as queued or
 * running, but whose process has ended, is marked failed, because nothing will finish it.
 */
final class RunManager implements AutoCloseable {
    /** Seconds that a client rejected for a full queue is asked to wait. */
    static final int RETRY_AFTER_SECONDS = 30;

    private static final Logger LOG = LoggerFactory.getLogger(RunManager.class);
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    /** The queue is full; the client should retry later. */
    static final class QueueFullException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        QueueFullException(String message) {
            super(message);
        }
    }

    /** The request conflicts with the run's state, such as cancelling a finished run. */
    static final class ConflictException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        ConflictException(String message) {
            super(message);
        }
    }

    private final Engine engine;
    private final RunStore store;
    private final int capacity;
    private final int queueCapacity;
    private final ThreadPoolExecutor executor;
    private final Map<String, RunRecord> owned = new ConcurrentHashMap<>();
    private final Map<String, Runnable> tasks = new ConcurrentHashMap<>();
    private final Map<String, String> names = new ConcurrentHashMap<>();
    private int admitted;
    private volatile boolean stopping;

    RunManager(Engine engine, Path runs, int workers, int queueCapacity) {
        this.engine = engine;
        this.store = new RunStore(runs);
        this.capacity = workers + queueCapacity;
        this.queueCapacity = queueCapacity;
        // The queue is unbounded here because admit() bounds it: a bounded executor queue
        // would also reject a run whose worker has finished but not yet taken the next task.
        this.executor = new ThreadPoolExecutor(workers, workers, 0, TimeUnit.MILLISECONDS,
                new LinkedBlockingQueue<>(), workerThreads(engine.getClass().getClassLoader()));
    }

    /** Returns the store's directory. */
    Path root() {
        return store.root();
    }

    /**
     * Marks every run of the store that is queued or running but has no live process as
     * failed.
     *
     * @return the ids of the runs marked
     */
    List<String> recover() {
        List<String> marked = new ArrayList<>();
        for (Path directory : runDirectories()) {
            String id = directory.getFileName().toString();
            if (!owned.containsKey(id) && markIfAbandoned(directory).isPresent()) {
                marked.add(id);
            }
        }
        return marked;
    }

    /**
     * Validates a spec and queues a run of it.
     *
     * @param text the spec, YAML or JSON
     * @param source label of the spec in messages; a name ending in {@code .json} is read as
     *     JSON
     * @return the queued run
     * @throws SpecException listing every problem of the spec
     * @throws QueueFullException if every worker is busy and the queue is full
     */
    RunRecord submit(String text, String source) {
        ExperimentSpec spec = engine.validate(text, source);
        if (spec.name().contains("..")) {
            throw new SpecException(source, List.of("name: '" + spec.name() + "' contains '..',"
                    + " which run ids may not contain; choose a name without it"));
        }
        admit();
        RunRecord record = null;
        try {
            RunDirectory directory = store.create(spec.name());
            directory.write(RunDirectory.SPEC, text);
            RunRecord created = new RunRecord(directory, spec);
            record = created;
            owned.put(created.id(), created);
            RunStatus.of(RunStatus.QUEUED, null).write(directory);
            Runnable task = () -> execute(created);
            tasks.put(record.id(), task);
            executor.execute(task);
            LOG.info("run {} queued: {}", record.id(), spec.name());
            return record;
        } catch (RuntimeException e) {
            if (record != null) {
                owned.remove(record.id());
                tasks.remove(record.id());
            }
            release();
            throw e;
        }
    }

    /**
     * Returns the state of one run.
     *
     * @param id a valid run id
     * @return the state, or empty when the store has no such run
     */
    Optional<RunView> view(String id) {
        RunRecord record = owned.get(id);
        if (record != null) {
            return Optional.of(record.view());
        }
        Path directory = RunIds.resolve(store.root(), id);
        return Files.isDirectory(directory) ? Optional.of(diskView(id, directory))
                : Optional.empty();
    }

    /** Returns the state of every run in the store, newest first. */
    List<RunView> list() {
        List<RunView> views = new ArrayList<>();
        for (Path directory : runDirectories()) {
            String id = directory.getFileName().toString();
            RunRecord record = owned.get(id);
            views.add(record != null ? record.view() : diskView(id, directory));
        }
        views.sort(Comparator.comparing(RunView::id).reversed());
        return views;
    }

    /**
     * Returns the content of a finished run's {@code result.json}.
     *
     * @param id a valid run id
     * @return the JSON text, or empty when the run has no result
     */
    Optional<String> result(String id) {
        Path file = RunIds.resolve(store.root(), id).resolve(RunDirectory.RESULT);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    /**
     * Sends a run's progress lines to a subscriber: the lines so far, then, for a run of
     * this server that is still going, each new line, and finally the end. A run of another
     * process gets the lines of its log and the end at once.
     *
     * @param id a valid run id
     * @param subscriber receives the lines and the end
     * @return {@code false} when the store has no such run
     */
    boolean subscribe(String id, RunRecord.Subscriber subscriber) {
        RunRecord record = owned.get(id);
        if (record != null) {
            record.subscribe(subscriber);
            return true;
        }
        Path directory = RunIds.resolve(store.root(), id);
        if (!Files.isDirectory(directory)) {
            return false;
        }
        List<ProgressLine> lines = RunRecord.readLog(directory);
        for (int i = 0; i < lines.size(); i++) {
            subscriber.line(i + 1, lines.get(i));
        }
        subscriber.end(diskView(id, directory));
        return true;
    }

    /** Removes a subscriber added by {@link #subscribe}; does nothing when it has ended. */
    void unsubscribe(String id, RunRecord.Subscriber subscriber) {
        RunRecord record = owned.get(id);
        if (record != null) {
            record.unsubscribe(subscriber);
        }
    }

    /**
     * Cancels a queued or running run of this server.
     *
     * @param id a valid run id
     * @return the run's state after the request, or empty when the store has no such run
     * @throws ConflictException if the run has ended or belongs to another process
     */
    Optional<RunView> cancel(String id) {
        RunRecord record = owned.get(id);
        if (record == null) {
            Optional<RunView> view = view(id);
            view.ifPresent(v -> {
                throw new ConflictException(notCancellable(v));
            });
            return view;
        }
        switch (record.cancel()) {
            case CANCELLED -> {
                Runnable task = tasks.remove(id);
                if (task != null && executor.remove(task)) {
                    release();
                }
                LOG.info("run {} cancelled before it started", id);
            }
            case REQUESTED -> LOG.info("run {}: cancellation requested", id);
            default -> throw new ConflictException(notCancellable(record.view()));
        }
        return Optional.of(record.view());
    }

    /**
     * Stops accepting runs, marks the queued ones failed and interrupts the running ones.
     */
    @Override
    public void close() {
        stopping = true;
        for (RunRecord record : owned.values()) {
            record.failIfQueued("the server stopped before the run started; submit the run"
                    + " again");
        }
        executor.shutdownNow();
    }

    private void execute(RunRecord record) {
        String id = record.id();
        try {
            if (!record.start()) {
                return;
            }
            LOG.info("run {} started", id);
            engine.run(record.spec(), record.directory(), record::progress);
            record.finish(RunStatus.FINISHED, null);
            LOG.info("run {} finished", id);
        } catch (RuntimeException e) {
            fail(record, e);
        } catch (Error e) {
            record.finish(RunStatus.FAILED, e.toString());
            LOG.error("run {} failed", id, e);
            throw e;
        } finally {
            tasks.remove(id);
            release();
        }
    }

    private void fail(RunRecord record, RuntimeException e) {
        String id = record.id();
        if (record.cancelRequested()) {
            record.finish(RunStatus.CANCELLED, "cancelled on request while it was running");
            LOG.info("run {} cancelled", id);
        } else if (stopping) {
            record.finish(RunStatus.FAILED, "the server stopped during the run; submit the run"
                    + " again");
            LOG.warn("run {} stopped with the server", id);
        } else if (e instanceof InputException || e instanceof StageException) {
            record.finish(RunStatus.FAILED, message(e));
            LOG.warn("run {} failed: {}", id, message(e));
        } else {
            record.finish(RunStatus.FAILED, message(e));
            LOG.error("run {} failed", id, e);
        }
    }

    private static String notCancellable(RunView view) {
        if (RunStatus.QUEUED.equals(view.status()) || RunStatus.RUNNING.equals(view.status())) {
            return "run " + view.id() + " is " + view.status() + " in another process, not in"
                    + " this server; stop that process to cancel it";
        }
        return "run " + view.id() + " is " + view.status() + "; there is nothing to cancel";
    }

    private synchronized void admit() {
        if (stopping) {
            throw new QueueFullException("the server is stopping and accepts no runs");
        }
        if (admitted >= capacity) {
            throw new QueueFullException("all workers are busy and " + queueCapacity
                    + (queueCapacity == 1 ? " run waits" : " runs wait")
                    + "; retry later, or start the server with a larger --queue or --workers");
        }
        admitted++;
    }

    private synchronized void release() {
        admitted--;
    }

    private RunView diskView(String id, Path directory) {
        RunStatus status;
        try {
            status = markIfAbandoned(directory).or(() -> RunStatus.read(directory)).orElse(null);
        } catch (UncheckedIOException e) {
            return new RunView(id, name(directory), "unknown", message(e),
                    RunIds.created(id).orElse(null), null, null, null, null, null, null, false);
        }
        List<ProgressLine> lines = RunRecord.readLog(directory);
        ProgressLine last = lines.isEmpty() ? null : lines.get(lines.size() - 1);
        boolean hasLog = Files.isRegularFile(directory.resolve(RunRecord.PROGRESS_LOG));
        String state = status == null ? "unknown" : status.status();
        return new RunView(id, name(directory), state,
                status == null ? "the run directory has no " + RunDirectory.STATUS
                        : status.reason(),
                RunIds.created(id).orElse(null), status == null ? null : status.updated(),
                hasLog ? lines.size() : null, null,
                RunStatus.FINISHED.equals(state) ? 1.0 : null,
                last == null ? null : last.phase(), last == null ? null : last.message(), false);
    }

    /**
     * Marks a run failed when its status is queued or running but the process that wrote it
     * has ended.
     *
     * @return the new status, or empty when the run was left as it is
     */
    private Optional<RunStatus> markIfAbandoned(Path directory) {
        Optional<RunStatus> status = RunStatus.read(directory);
        if (status.isEmpty() || !status.get().isActive() || status.get().writerIsAlive()) {
            return Optional.empty();
        }
        String id = directory.getFileName().toString();
        String process = status.get().pid() == null ? "the process that ran it"
                : "the process that ran it (pid " + status.get().pid() + ")";
        String reason = RunStatus.QUEUED.equals(status.get().status())
                ? "the server stopped before the run started (killed or crashed); submit the"
                        + " run again"
                : "the server or " + process + " stopped during the run (killed or crashed);"
                        + " submit the run again";
        RunStatus failed = RunStatus.of(RunStatus.FAILED, reason);
        failed.write(new RunDirectory(directory));
        LOG.warn("run {} was {} but no process runs it any more; marked failed", id,
                status.get().status());
        return Optional.of(failed);
    }

    private List<Path> runDirectories() {
        if (!Files.isDirectory(store.root())) {
            return List.of();
        }
        try (Stream<Path> paths = Files.list(store.root())) {
            return paths.filter(Files::isDirectory)
                    .filter(path -> RunIds.isValid(path.getFileName().toString()))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the run store " + store.root(), e);
        }
    }

    private String name(Path directory) {
        return names.computeIfAbsent(directory.getFileName().toString(), id -> {
            try {
                JsonNode spec = YAML.readTree(directory.resolve(RunDirectory.SPEC).toFile());
                return spec != null && spec.path("name").isTextual() ? spec.get("name").asText()
                        : null;
            } catch (IOException e) {
                return null;
            }
        });
    }

    private static String message(Exception e) {
        return e.getMessage() == null ? e.toString() : e.getMessage();
    }

    private static ThreadFactory workerThreads(ClassLoader contextLoader) {
        AtomicInteger count = new AtomicInteger();
        return task -> {
            Thread thread = new Thread(task, "shiftadd-run-" + count.incrementAndGet());
            thread.setDaemon(true);
            // The pipeline runs as if called by the command line, with the engine's loader.
            thread.setContextClassLoader(contextLoader);
            return thread;
        };
    }
}
