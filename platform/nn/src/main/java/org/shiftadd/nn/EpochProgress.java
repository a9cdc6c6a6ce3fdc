package org.shiftadd.nn;

import java.util.OptionalDouble;

/**
 * Statistics of one finished training epoch.
 *
 * @param epoch number of the epoch, from 1
 * @param epochs number of epochs of the whole run
 * @param meanLoss mean cross-entropy loss of the epoch's mini-batches, each measured before
 *     its update and weighted by its size
 * @param trainAccuracy fraction of the epoch's training samples that the network classified
 *     correctly just before the update that used them
 * @param testAccuracy accuracy on the test set after the epoch, when one was given
 * @param samplesPerSecond training samples processed per second of the epoch, without the
 *     test evaluation
 * @param seconds wall-clock duration of the epoch's training steps
 */
public record EpochProgress(int epoch, int epochs, double meanLoss, double trainAccuracy,
        OptionalDouble testAccuracy, double samplesPerSecond, double seconds) {
}
