package org.shiftadd.nn;

/** Receives progress from {@link Trainer}, for example to print it. */
@FunctionalInterface
public interface TrainingListener {
    /** A listener that ignores every event. */
    TrainingListener NONE = progress -> { };

    /**
     * Receives the statistics of an epoch right after it ends. An exception thrown here stops
     * the training and reaches the caller of {@link Trainer#train}.
     *
     * @param progress the statistics of the epoch
     */
    void epochFinished(EpochProgress progress);
}
