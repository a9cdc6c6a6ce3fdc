package org.shiftadd.api;

import java.util.Map;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * A training penalty with a proximal step. Service kind {@code regularizer}.
 *
 * <p>Unlike the other stages, the trainer calls a regularizer in-process once per
 * optimizer step, because a message per step would cost more than the step.
 */
@ConsumerType
public interface Regularizer extends Stage {
    /**
     * Returns the penalty of one weight matrix, without any factor for the learning rate.
     *
     * @param weights the weights of one layer; not modified
     * @param parameters step parameters from the spec; not modified
     * @return the penalty, at least 0
     */
    double penalty(Matrix weights, Map<String, Object> parameters);

    /**
     * Applies the proximal operator of the penalty, scaled by {@code learningRate}, to the
     * weights of one layer after a gradient step.
     *
     * @param rowMajorWeights the weights, {@code rows * cols} values in row-major order;
     *     modified in place
     * @param rows number of rows (outputs)
     * @param cols number of columns (inputs)
     * @param learningRate step size of the gradient step just taken, &gt; 0
     * @param parameters step parameters from the spec; not modified
     */
    void applyProximalStepInPlace(double[] rowMajorWeights, int rows, int cols,
            double learningRate, Map<String, Object> parameters);
}
