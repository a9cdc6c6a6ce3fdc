package org.shiftadd.server;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.shiftadd.engine.Engine;
import org.shiftadd.engine.ProgressListener;
import org.shiftadd.engine.RunResult;
import org.shiftadd.engine.run.RunDirectory;
import org.shiftadd.engine.run.RunStatus;
import org.shiftadd.engine.spec.ExperimentSpec;
import org.shiftadd.engine.spec.SpecParser;

/**
 * An engine that validates with the real spec parser and runs in no time: it writes the
 * files of a finished run as the pipeline does. With a gate set, each run waits for the gate
 * after its first progress line, so that tests can hold runs in the running state.
 */
final class FakeEngine implements Engine {
    private final SpecParser parser = new SpecParser();
    volatile CountDownLatch gate;
    /** The shiftadd home that {@link #home()} returns. */
    volatile Path home = Path.of(".");

    @Override
    public ExperimentSpec validate(String text, String source) {
        return parser.parse(text, source);
    }

    @Override
    public RunResult run(ExperimentSpec spec, RunDirectory directory,
            ProgressListener listener) {
        directory.write(RunDirectory.SPEC, spec.source());
        RunStatus.of(RunStatus.RUNNING, null).write(directory);
        try {
            listener.progress("train", "epoch 1/1");
            CountDownLatch waitFor = gate;
            if (waitFor != null) {
                waitFor.await();
            }
            listener.progress("csd", "dense1 16x784: 12,433 additions");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            RunStatus.of(RunStatus.FAILED, "interrupted").write(directory);
            throw new IllegalStateException("interrupted while waiting for the gate", e);
        } catch (RuntimeException e) {
            RunStatus.of(RunStatus.FAILED, e.getMessage()).write(directory);
            throw e;
        }
        directory.write(RunDirectory.RESULT, "{\"name\":\"" + spec.name()
                + "\",\"total\":{\"additions\":{\"csd\":12664}}}");
        RunStatus.of(RunStatus.FINISHED, null).write(directory);
        return null;
    }

    @Override
    public RunResult.BackendSummary emit(Path runDirectory, String method, String backend,
            Map<String, Object> parameters, Path output, ProgressListener listener) {
        throw new UnsupportedOperationException("the server does not emit");
    }

    @Override
    public Path home() {
        return home;
    }
}
