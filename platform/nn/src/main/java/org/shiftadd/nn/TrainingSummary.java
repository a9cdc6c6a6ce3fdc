package org.shiftadd.nn;

import java.util.OptionalDouble;

/**
 * The outcome of a training run.
 *
 * @param epochs number of epochs run
 * @param finalLoss mean loss of the last epoch, as in {@link EpochProgress#meanLoss()}
 * @param finalTrainAccuracy training accuracy of the last epoch, as in
 *     {@link EpochProgress#trainAccuracy()}
 * @param testAccuracy accuracy on the test set after the last epoch, when one was given
 * @param samplesPerSecond training samples per second over all epochs, without evaluation
 * @param seconds wall-clock duration of all training steps
 */
public record TrainingSummary(int epochs, double finalLoss, double finalTrainAccuracy,
        OptionalDouble testAccuracy, double samplesPerSecond, double seconds) {
}
