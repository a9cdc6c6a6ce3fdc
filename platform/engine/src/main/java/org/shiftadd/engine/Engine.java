package org.shiftadd.engine;

import java.nio.file.Path;
import org.shiftadd.engine.run.RunDirectory;
import org.shiftadd.engine.spec.ExperimentSpec;

/** Validates and runs experiments. Provided as an OSGi service by the engine bundle. */
public interface Engine {
    /**
     * Parses a spec and checks it against the installed stages, reporting every problem at
     * once.
     *
     * @param text the spec text
     * @param source file name or label; a name ending in {@code .json} is read as JSON
     * @return the validated spec
     * @throws org.shiftadd.engine.spec.SpecException listing every problem
     */
    ExperimentSpec validate(String text, String source);

    /**
     * Runs an experiment to the end and stores everything in {@code directory}.
     *
     * @param spec a spec returned by {@link #validate}
     * @param directory the run directory; its status file records whether the run finished
     * @param listener receives progress
     * @return the run's results, as also written to {@code result.json}
     * @throws InputException if the data cannot be read or does not fit the model
     * @throws org.shiftadd.engine.bus.StageException if a stage fails
     */
    RunResult run(ExperimentSpec spec, RunDirectory directory, ProgressListener listener);

    /**
     * Emits hardware again for one compressed network of a finished run, from the networks
     * that the run stored.
     *
     * @param runDirectory a run directory written by {@link #run}
     * @param method the method whose network to emit, for example {@code csd} or
     *     {@code lcc-fs}
     * @param backend the name of an installed back-end stage, for example {@code verilog}
     * @param parameters the back end's parameters; not modified
     * @param output the directory to write into; created when missing
     * @param listener receives progress and the back end's notes
     * @return what the back end wrote and measured
     * @throws InputException if the run has no such network or the output cannot be created
     * @throws org.shiftadd.engine.bus.StageException if the back end fails or is missing
     */
    RunResult.BackendSummary emit(Path runDirectory, String method, String backend,
            java.util.Map<String, Object> parameters, Path output, ProgressListener listener);

    /**
     * Returns where the built-in data and the other distribution files live.
     *
     * @return the shiftadd home directory
     */
    Path home();
}
