package org.shiftadd.stage.grouplasso;

import java.util.List;
import java.util.Map;
import org.osgi.service.component.annotations.Component;
import org.shiftadd.api.Matrix;
import org.shiftadd.api.Regularizer;
import org.shiftadd.api.StageProperties;
import org.shiftadd.numerics.prune.GroupLasso;
import org.shiftadd.numerics.prune.GroupLassoParameters;

/**
 * Group lasso over the columns of every weight matrix: the penalty
 * {@code lambda * sqrt(rows) * sum_j ||W[:, j]||_2} and, after every gradient step, block
 * soft-thresholding of each column, which sets weak columns to exactly zero.
 *
 * <p>Parameters: {@code lambda}, required, greater than 0; {@code threshold}, optional, in
 * {@code [0, 1)}, default {@value GroupLasso#DEFAULT_ZERO_THRESHOLD}. The trainer does not
 * use the threshold: after training the engine sets every column whose norm is at most
 * {@code threshold} times the largest column norm of its matrix to zero, with
 * {@link GroupLasso#zeroSmallColumnsInPlace} and the value from
 * {@link GroupLassoParameters#fromMap}.
 *
 * <p>Source: W. Wen et al., "Learning Structured Sparsity in Deep Neural Networks",
 * NeurIPS 2016.
 */
@Component(service = Regularizer.class, property = {
    StageProperties.KIND + "=regularizer",
    StageProperties.NAME + "=group-lasso",
    "service.ranking:Integer=0"
})
public final class GroupLassoRegularizer implements Regularizer {
    @Override
    public List<String> validateParameters(Map<String, Object> parameters) {
        return GroupLassoParameters.validate(parameters);
    }

    /**
     * {@inheritDoc}
     *
     * @throws IllegalArgumentException if the parameters are invalid
     */
    @Override
    public double penalty(Matrix weights, Map<String, Object> parameters) {
        return GroupLasso.penalty(weights, GroupLassoParameters.fromMap(parameters).lambda());
    }

    /**
     * {@inheritDoc}
     *
     * @throws IllegalArgumentException if the parameters are invalid or the array does not
     *     contain {@code rows * cols} values
     */
    @Override
    public void applyProximalStepInPlace(double[] rowMajorWeights, int rows, int cols,
            double learningRate, Map<String, Object> parameters) {
        double lambda = GroupLassoParameters.fromMap(parameters).lambda();
        GroupLasso.proximalStepInPlace(rowMajorWeights, rows, cols, learningRate, lambda);
    }
}
