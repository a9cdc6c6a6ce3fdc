package org.shiftadd.nn.data;

import java.util.Objects;

/**
 * A training set and a test set with the same number of features and classes.
 *
 * @param train the samples to train on
 * @param test the held-out samples to measure accuracy on
 */
public record DatasetPair(Dataset train, Dataset test) {
    /**
     * Checks that both sets are present and compatible.
     *
     * @throws IllegalArgumentException if the feature or class counts differ
     */
    public DatasetPair {
        Objects.requireNonNull(train, "train");
        Objects.requireNonNull(test, "test");
        if (train.features() != test.features() || train.classes() != test.classes()) {
            throw new IllegalArgumentException("training set has " + train.features()
                    + " features and " + train.classes() + " classes but test set has "
                    + test.features() + " features and " + test.classes() + " classes");
        }
    }
}
