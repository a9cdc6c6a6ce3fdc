package org.shiftadd.nn;

/**
 * The quality of a network on a data set.
 *
 * @param accuracy fraction of samples classified correctly, in {@code [0, 1]}
 * @param meanLoss mean softmax cross-entropy loss in nats
 */
public record Evaluation(double accuracy, double meanLoss) {
}
