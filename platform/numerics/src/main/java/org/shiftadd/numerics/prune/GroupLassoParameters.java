package org.shiftadd.numerics.prune;


import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.shiftadd.numerics.StageParameters;

/**
 * Parameters of the {@code group-lasso} regularizer, read from the step parameters of an
 * experiment spec.
 *
 * <p>Keys: {@code lambda}, required, a finite number greater than 0; {@code threshold},
 * optional, the relative zeroing threshold of {@link GroupLasso#zeroSmallColumnsInPlace} in
 * {@code [0, 1)}, default {@value GroupLasso#DEFAULT_ZERO_THRESHOLD}. A number may also be
 * given as a string such as {@code "1e-4"}, because YAML 1.1 reads an exponent without a
 * decimal point as a string.
 *
 * @param lambda the regularization strength, finite and greater than 0
 * @param zeroThreshold fraction of the largest column norm at or below which a column is
 *     set to zero after training, in {@code [0, 1)}
 */
public record GroupLassoParameters(double lambda, double zeroThreshold) {
    /** Key of the regularization strength. */
    public static final String LAMBDA = "lambda";
    /** Key of the relative zeroing threshold. */
    public static final String THRESHOLD = "threshold";

    private static final Set<String> KEYS = Set.of(LAMBDA, THRESHOLD);

    /**
     * Checks the values.
     *
     * @throws IllegalArgumentException naming the first invalid value
     */
    public GroupLassoParameters {
        if (!(lambda > 0) || !Double.isFinite(lambda)) {
            throw new IllegalArgumentException(LAMBDA + " must be a finite number greater than"
                    + " 0, found " + lambda);
        }
        if (!(zeroThreshold >= 0 && zeroThreshold < 1)) {
            throw new IllegalArgumentException(THRESHOLD + " must lie in [0, 1), found "
                    + zeroThreshold);
        }
    }

    /**
     * Checks step parameters and returns one message per problem, empty when they are valid.
     *
     * @param parameters the step parameters; not modified
     * @return the problems, each naming the key, the value found and the allowed values
     */
    public static List<String> validate(Map<String, Object> parameters) {
        Objects.requireNonNull(parameters, "parameters");
        List<String> problems = new ArrayList<>();
        for (String key : parameters.keySet()) {
            if (!KEYS.contains(key)) {
                problems.add("unknown parameter '" + key + "': group-lasso accepts '" + LAMBDA
                        + "' and '" + THRESHOLD + "'");
            }
        }
        Object lambda = parameters.get(LAMBDA);
        double lambdaValue = number(lambda);
        if (lambda == null) {
            problems.add("parameter '" + LAMBDA + "' is missing: give the regularization"
                    + " strength, a number greater than 0 such as 1e-4");
        } else if (!(lambdaValue > 0) || !Double.isFinite(lambdaValue)) {
            problems.add("parameter '" + LAMBDA + "' must be a finite number greater than 0,"
                    + " found " + lambda);
        }
        Object threshold = parameters.get(THRESHOLD);
        double thresholdValue = number(threshold);
        if (threshold != null && !(thresholdValue >= 0 && thresholdValue < 1)) {
            problems.add("parameter '" + THRESHOLD + "' must be a number in [0, 1), found "
                    + threshold);
        }
        return problems;
    }

    /**
     * Reads step parameters.
     *
     * @param parameters the step parameters; not modified
     * @return the parameters, with the default threshold where none is given
     * @throws IllegalArgumentException listing every problem {@link #validate} finds
     */
    public static GroupLassoParameters fromMap(Map<String, Object> parameters) {
        List<String> problems = validate(parameters);
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", problems));
        }
        Object threshold = parameters.get(THRESHOLD);
        return new GroupLassoParameters(number(parameters.get(LAMBDA)),
                threshold == null ? GroupLasso.DEFAULT_ZERO_THRESHOLD : number(threshold));
    }

    private static double number(Object value) {
        return StageParameters.real(value);
    }
}
