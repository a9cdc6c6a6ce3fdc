package org.shiftadd.numerics.cluster;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Settings of affinity propagation.
 *
 * <p>Spec keys, read by {@link #fromMap}: {@code preference} (see {@link Preference}),
 * {@code damping}, {@code maxIterations} and {@code convergenceIterations}; each may be left
 * out for its default. The seed of the tie-breaking perturbation is not a setting: it comes
 * with every clustering request.
 *
 * @param preference self-similarity of every column; lower gives fewer clusters
 * @param damping weight of the previous value in both message updates, in {@code [0.5, 1)}
 * @param maxIterations iterations after which a run stops unconverged, at least 1
 * @param convergenceIterations consecutive iterations with the same exemplar set that count
 *     as converged, at least 1
 */
public record AffinityPropagationOptions(Preference preference, double damping,
        int maxIterations, int convergenceIterations) {
    /** Default damping, as in scikit-learn. */
    public static final double DEFAULT_DAMPING = 0.5;
    /** Default iteration limit, as in scikit-learn. */
    public static final int DEFAULT_MAX_ITERATIONS = 200;
    /** Default length of the stable run that counts as converged, as in scikit-learn. */
    public static final int DEFAULT_CONVERGENCE_ITERATIONS = 15;
    /** Damping of the retry after a run that did not converge, unless already higher. */
    public static final double RETRY_DAMPING = 0.9;
    /** Factor by which the retry raises the iteration limit. */
    public static final int RETRY_ITERATION_FACTOR = 5;

    /** Key of the preference. */
    public static final String PREFERENCE = "preference";
    /** Key of the damping. */
    public static final String DAMPING = "damping";
    /** Key of the iteration limit. */
    public static final String MAX_ITERATIONS = "maxIterations";
    /** Key of the length of the stable run. */
    public static final String CONVERGENCE_ITERATIONS = "convergenceIterations";

    private static final Set<String> KEYS =
            Set.of(PREFERENCE, DAMPING, MAX_ITERATIONS, CONVERGENCE_ITERATIONS);

    /**
     * Checks the settings.
     *
     * @throws IllegalArgumentException naming the first invalid setting
     */
    public AffinityPropagationOptions {
        Objects.requireNonNull(preference, "preference");
        if (!(damping >= 0.5 && damping < 1)) {
            throw new IllegalArgumentException(DAMPING + " must lie in [0.5, 1), found "
                    + damping);
        }
        if (maxIterations < 1) {
            throw new IllegalArgumentException(MAX_ITERATIONS + " must be at least 1, found "
                    + maxIterations);
        }
        if (convergenceIterations < 1) {
            throw new IllegalArgumentException(CONVERGENCE_ITERATIONS
                    + " must be at least 1, found " + convergenceIterations);
        }
    }

    /** Returns the defaults: median preference, damping 0.5, 200 and 15 iterations. */
    public static AffinityPropagationOptions defaults() {
        return new AffinityPropagationOptions(Preference.median(), DEFAULT_DAMPING,
                DEFAULT_MAX_ITERATIONS, DEFAULT_CONVERGENCE_ITERATIONS);
    }

    /** Returns a copy with another preference. */
    public AffinityPropagationOptions withPreference(Preference value) {
        return new AffinityPropagationOptions(value, damping, maxIterations,
                convergenceIterations);
    }

    /** Returns a copy with another damping. */
    public AffinityPropagationOptions withDamping(double value) {
        return new AffinityPropagationOptions(preference, value, maxIterations,
                convergenceIterations);
    }

    /** Returns a copy with another iteration limit. */
    public AffinityPropagationOptions withMaxIterations(int value) {
        return new AffinityPropagationOptions(preference, damping, value,
                convergenceIterations);
    }

    /** Returns a copy with another length of the stable run. */
    public AffinityPropagationOptions withConvergenceIterations(int value) {
        return new AffinityPropagationOptions(preference, damping, maxIterations, value);
    }

    /**
     * Returns the settings of the one retry after a run that did not converge: damping
     * {@value #RETRY_DAMPING} (or the current damping, if higher) and
     * {@value #RETRY_ITERATION_FACTOR} times the iteration limit.
     */
    public AffinityPropagationOptions forRetry() {
        long iterations = (long) maxIterations * RETRY_ITERATION_FACTOR;
        return new AffinityPropagationOptions(preference, Math.max(RETRY_DAMPING, damping),
                (int) Math.min(iterations, Integer.MAX_VALUE), convergenceIterations);
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
                problems.add("unknown parameter '" + key + "': affinity-propagation accepts "
                        + String.join(", ", List.of(PREFERENCE, DAMPING, MAX_ITERATIONS,
                                CONVERGENCE_ITERATIONS)));
            }
        }
        Object preference = parameters.get(PREFERENCE);
        if (preference != null) {
            try {
                Preference.parse(preference);
            } catch (IllegalArgumentException e) {
                problems.add("parameter '" + PREFERENCE + "': " + e.getMessage());
            }
        }
        Object damping = parameters.get(DAMPING);
        double dampingValue = ParameterValues.real(damping);
        if (damping != null && !(dampingValue >= 0.5 && dampingValue < 1)) {
            problems.add("parameter '" + DAMPING + "' must be a number in [0.5, 1), found "
                    + damping);
        }
        checkCount(parameters, MAX_ITERATIONS, problems);
        checkCount(parameters, CONVERGENCE_ITERATIONS, problems);
        return problems;
    }

    private static void checkCount(Map<String, Object> parameters, String key,
            List<String> problems) {
        Object value = parameters.get(key);
        if (value != null && ParameterValues.count(value) < 1) {
            problems.add("parameter '" + key + "' must be an integer of at least 1, found "
                    + value);
        }
    }

    /**
     * Reads step parameters, with the default for every key left out.
     *
     * @param parameters the step parameters; not modified
     * @return the settings
     * @throws IllegalArgumentException listing every problem {@link #validate} finds
     */
    public static AffinityPropagationOptions fromMap(Map<String, Object> parameters) {
        List<String> problems = validate(parameters);
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", problems));
        }
        AffinityPropagationOptions options = defaults();
        if (parameters.containsKey(PREFERENCE)) {
            options = options.withPreference(Preference.parse(parameters.get(PREFERENCE)));
        }
        if (parameters.containsKey(DAMPING)) {
            options = options.withDamping(ParameterValues.real(parameters.get(DAMPING)));
        }
        if (parameters.containsKey(MAX_ITERATIONS)) {
            options = options.withMaxIterations(
                    ParameterValues.count(parameters.get(MAX_ITERATIONS)));
        }
        if (parameters.containsKey(CONVERGENCE_ITERATIONS)) {
            options = options.withConvergenceIterations(
                    ParameterValues.count(parameters.get(CONVERGENCE_ITERATIONS)));
        }
        return options;
    }
}
