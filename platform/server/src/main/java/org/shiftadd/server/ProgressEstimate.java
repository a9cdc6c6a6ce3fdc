package org.shiftadd.server;

import org.shiftadd.engine.spec.ExperimentSpec;
import org.shiftadd.engine.spec.ExperimentSpec.StepSpec;

/**
 * Estimates how many progress lines a run prints, so that the lines printed so far give the
 * share of the run done.
 *
 * <p>The count is known in advance only for an MLP run without pruning, weight sharing or a
 * comparison at equal accuracy: one or two data lines, a training header and one line per
 * epoch, the float network's accuracy, one line per layer for the CSD baseline and each
 * decomposer step, one accuracy line per method, and at least one line per back-end step.
 * Other runs search over settings, so their length depends on the results.
 */
final class ProgressEstimate {
    private ProgressEstimate() {
    }

    /**
     * Returns the progress lines that a run of the spec prints.
     *
     * @param spec a validated spec
     * @return the count, or {@code null} when the spec does not tell it in advance
     */
    static Integer expectedLines(ExperimentSpec spec) {
        if (!spec.model().isMlp()) {
            return null;
        }
        int methods = 1;
        int backends = 0;
        for (StepSpec step : spec.stages()) {
            switch (step.kind()) {
                case "decomposer" -> {
                    if (step.parameters().containsKey("maxAccuracyDrop")) {
                        return null;
                    }
                    methods++;
                }
                case "backend" -> backends++;
                default -> {
                    return null;
                }
            }
        }
        int data = spec.data().startsWith("images:") ? 2 : 1;
        int layers = spec.model().layers().size() - 1;
        int training = 1 + spec.train().epochs();
        return data + training + 1 + methods * layers + methods + backends;
    }

    /**
     * Returns the share of a running run that is done. It stays below 1 until the run has
     * finished, because back ends print a number of notes that is not known in advance.
     *
     * @param lines progress lines printed so far
     * @param expected lines that the whole run prints, or {@code null}
     * @return the fraction in [0, 0.99], or {@code null} when {@code expected} is unknown
     */
    static Double runningFraction(int lines, Integer expected) {
        if (expected == null || expected <= 0) {
            return null;
        }
        return Math.min(0.99, (double) lines / expected);
    }
}
