package com.example.shiftadd.kmeans;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Settings of k-means, read from the step parameters of a spec.
 *
 * <p>Exactly one of {@code clusters} and {@code fraction} is set: the other is 0.
 *
 * @param clusters number of clusters, at least 1, or 0 when {@code fraction} decides
 * @param fraction clusters as a fraction of the columns, in {@code (0, 1]}, or 0 when
 *     {@code clusters} decides
 * @param maxIterations Lloyd iterations after which a run stops unconverged, at least 1
 */
record KMeansParameters(int clusters, double fraction, int maxIterations) {
    /** Key of the number of clusters. */
    static final String CLUSTERS = "clusters";
    /** Key of the clusters as a fraction of the columns. */
    static final String FRACTION = "fraction";
    /** Key of the iteration limit. */
    static final String MAX_ITERATIONS = "maxIterations";
    /** Default iteration limit. */
    static final int DEFAULT_MAX_ITERATIONS = 100;

    private static final List<String> KEYS = List.of(CLUSTERS, FRACTION, MAX_ITERATIONS);
    private static final Set<String> KEY_SET = Set.copyOf(KEYS);

    /**
     * Checks the settings.
     *
     * @throws IllegalArgumentException naming the first invalid setting
     */
    KMeansParameters {
        if ((clusters > 0) == (fraction > 0) || clusters < 0 || !(fraction <= 1)) {
            throw new IllegalArgumentException("set either clusters (at least 1) or fraction"
                    + " (in (0, 1]), found clusters " + clusters + " and fraction " + fraction);
        }
        if (maxIterations < 1) {
            throw new IllegalArgumentException(MAX_ITERATIONS + " must be at least 1, found "
                    + maxIterations);
        }
    }

    /**
     * Checks step parameters and returns one message per problem, empty when they are valid.
     *
     * @param parameters the step parameters; not modified
     * @return the problems, each naming the parameter, the value found and the fix
     */
    static List<String> validate(Map<String, Object> parameters) {
        Objects.requireNonNull(parameters, "parameters");
        List<String> problems = new ArrayList<>();
        for (String key : parameters.keySet()) {
            if (!KEY_SET.contains(key)) {
                problems.add("unknown parameter '" + key + "': k-means accepts "
                        + String.join(", ", KEYS));
            }
        }
        Object clusters = parameters.get(CLUSTERS);
        Object fraction = parameters.get(FRACTION);
        if (clusters == null && fraction == null) {
            problems.add("missing parameter: give '" + CLUSTERS + "', the number of clusters"
                    + " (an integer of at least 1), or '" + FRACTION + "', the clusters as a"
                    + " fraction of the columns (a number in (0, 1])");
        }
        if (clusters != null && fraction != null) {
            problems.add("parameters '" + CLUSTERS + "' (" + show(clusters) + ") and '"
                    + FRACTION + "' (" + show(fraction) + ") exclude each other: give only one");
        }
        if (clusters != null && count(clusters) < 1) {
            problems.add("parameter '" + CLUSTERS + "' must be an integer of at least 1, found "
                    + show(clusters));
        }
        if (fraction != null && !(real(fraction) > 0 && real(fraction) <= 1)) {
            problems.add("parameter '" + FRACTION + "' must be a number in (0, 1], found "
                    + show(fraction));
        }
        Object maxIterations = parameters.get(MAX_ITERATIONS);
        if (maxIterations != null && count(maxIterations) < 1) {
            problems.add("parameter '" + MAX_ITERATIONS + "' must be an integer of at least 1,"
                    + " found " + show(maxIterations));
        }
        return problems;
    }

    /**
     * Reads step parameters, with the default for {@code maxIterations} when it is left out.
     *
     * @param parameters the step parameters; not modified
     * @return the settings
     * @throws IllegalArgumentException listing every problem {@link #validate} finds
     */
    static KMeansParameters fromMap(Map<String, Object> parameters) {
        List<String> problems = validate(parameters);
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", problems));
        }
        Object clusters = parameters.get(CLUSTERS);
        Object maxIterations = parameters.get(MAX_ITERATIONS);
        return new KMeansParameters(clusters == null ? 0 : count(clusters),
                clusters == null ? real(parameters.get(FRACTION)) : 0,
                maxIterations == null ? DEFAULT_MAX_ITERATIONS : count(maxIterations));
    }

    /**
     * Returns the number of clusters for a matrix with the given number of columns.
     *
     * <p>A fraction gives {@code round(fraction * columns)}, at least 1.
     *
     * @param columns columns of the matrix, at least 1
     * @return the clusters, in {@code 1..columns}
     * @throws IllegalArgumentException if {@code clusters} exceeds {@code columns}
     */
    int clustersFor(int columns) {
        if (clusters > columns) {
            throw new IllegalArgumentException("parameter '" + CLUSTERS + "' is " + clusters
                    + " but the matrix has only " + columns + " columns: give at most "
                    + columns + ", or give '" + FRACTION + "' to scale with each matrix");
        }
        if (clusters > 0) {
            return clusters;
        }
        return (int) Math.max(1, Math.min(columns, Math.round(fraction * columns)));
    }

    /** Returns a whole number of at least 1 that fits an {@code int}, or -1. */
    private static int count(Object value) {
        if (!(value instanceof Number number)) {
            return -1;
        }
        double real = number.doubleValue();
        return real >= 1 && real <= Integer.MAX_VALUE && real == Math.rint(real)
                ? (int) real : -1;
    }

    /**
     * Returns the value of a number or of a numeric string, NaN for anything else. YAML 1.1
     * reads numbers such as {@code 5e-1} as strings.
     */
    private static double real(Object value) {
        if (value instanceof Number number) {
            return number.doubleValue();
        }
        if (value instanceof String text) {
            try {
                return Double.parseDouble(text.trim());
            } catch (NumberFormatException e) {
                return Double.NaN;
            }
        }
        return Double.NaN;
    }

    private static String show(Object value) {
        return value instanceof String text ? "\"" + text + "\"" : String.valueOf(value);
    }
}
