package org.shiftadd.numerics.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.shiftadd.api.ColumnClustering;
import org.shiftadd.api.Matrix;

/**
 * Runs every affinity propagation case ({@code ap-*.json}) of the test resources folder
 * {@code cases/prune-share}, and compares with labels that scikit-learn computed for the
 * seeded matrices in {@code cases/ap-reference}.
 */
class AffinityPropagationCasesTest {
    private static final String CASES = "/cases/prune-share/";
    private static final long SEED = 0;

    static Stream<String> caseFiles() throws IOException, URISyntaxException {
        Path folder = Path.of(AffinityPropagationCasesTest.class.getResource(CASES).toURI());
        try (Stream<Path> files = Files.list(folder)) {
            List<String> names = files.map(p -> p.getFileName().toString())
                    .filter(name -> name.startsWith("ap-") && name.endsWith(".json"))
                    .sorted()
                    .toList();
            assertThat(names).as("affinity propagation case files").hasSizeGreaterThanOrEqualTo(5);
            return names.stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("caseFiles")
    void clusteringMatchesCase(String file) {
        JsonNode spec = ClusterCases.read(CASES + file);
        JsonNode input = spec.get("input");
        JsonNode expected = spec.get("expected");
        Matrix matrix = ClusterCases.fromColumns(input.get("columns"));
        Map<String, Object> parameters = parametersOf(input);

        if (expected.has("byPreference")) {
            for (JsonNode variant : expected.get("byPreference")) {
                parameters.put("preference", ClusterCases.JSON.convertValue(
                        variant.get("preference"), Object.class));
                checkExpected(variant, run(matrix, parameters), "preference "
                        + variant.get("preference"));
            }
            return;
        }
        ColumnClustering result = run(matrix, parameters);
        checkExpected(expected, result, file);
        if (expected.has("converged")) {
            ColumnClustering once = AffinityPropagation.clusterOnce(matrix,
                    AffinityPropagationOptions.fromMap(parameters), SEED);
            assertThat(once.converged()).as("converged without retry")
                    .isEqualTo(expected.get("converged").asBoolean());
        }
    }

    private static ColumnClustering run(Matrix matrix, Map<String, Object> parameters) {
        return AffinityPropagation.cluster(matrix,
                AffinityPropagationOptions.fromMap(parameters), SEED);
    }

    private static void checkExpected(JsonNode expected, ColumnClustering result, String what) {
        if (expected.has("clusters")) {
            assertThat(result.clusters()).as("%s: clusters", what)
                    .isEqualTo(expected.get("clusters").asInt());
        }
        if (expected.has("labels")) {
            int[] labels = ClusterCases.JSON.convertValue(expected.get("labels"), int[].class);
            assertThat(result.labels()).as("%s: labels", what).containsExactly(labels);
        }
        if (expected.has("partition")) {
            assertThat(ClusterCases.partition(result.labels())).as("%s: partition", what)
                    .isEqualTo(ClusterCases.partition(expected.get("partition")));
        }
        if (expected.has("converged")) {
            assertThat(result.converged()).as("%s: converged (%s)", what, result.message())
                    .isEqualTo(expected.get("converged").asBoolean());
        } else {
            assertThat(result.converged()).as("%s: converged (%s)", what, result.message())
                    .isTrue();
        }
    }

    /** Returns the case's settings, everything in the input except the columns. */
    private static Map<String, Object> parametersOf(JsonNode input) {
        Map<String, Object> parameters = new HashMap<>();
        input.fields().forEachRemaining(field -> {
            if (!field.getKey().equals("columns")) {
                parameters.put(field.getKey(),
                        ClusterCases.JSON.convertValue(field.getValue(), Object.class));
            }
        });
        return parameters;
    }

    @Test
    void singleColumnNeedsNoIteration() {
        JsonNode spec = ClusterCases.read(CASES + "ap-single-column.json");
        Matrix matrix = ClusterCases.fromColumns(spec.get("input").get("columns"));

        ColumnClustering result = run(matrix, parametersOf(spec.get("input")));

        assertThat(result.iterations()).isZero();
        assertThat(result.converged()).isTrue();
    }

    @Test
    void identicalColumnsNeedNoIteration() {
        JsonNode spec = ClusterCases.read(CASES + "ap-identical-columns.json");
        Matrix matrix = ClusterCases.fromColumns(spec.get("input").get("columns"));

        ColumnClustering result = run(matrix, parametersOf(spec.get("input")));

        assertThat(result.iterations()).isZero();
        assertThat(result.message()).contains("identical");
    }

    @Test
    void notConvergedRunSaysSoAfterRetry() {
        JsonNode spec = ClusterCases.read(CASES + "ap-not-converged.json");
        Matrix matrix = ClusterCases.fromColumns(spec.get("input").get("columns"));

        ColumnClustering result = run(matrix, parametersOf(spec.get("input")));

        assertThat(result.converged()).isFalse();
        assertThat(result.iterations()).as("iterations of the retry").isEqualTo(10);
        assertThat(result.message()).contains("did not converge").contains("damping 0.9")
                .contains("damping 0.5").contains("raise maxIterations");
    }

    @Test
    void partitionsMatchScikitLearn() {
        JsonNode reference = ClusterCases.read("/cases/ap-reference/reference.json");
        JsonNode matrices = reference.get("columns");
        assertThat(reference.get("cases").size()).as("reference cases").isGreaterThan(20);

        for (JsonNode entry : reference.get("cases")) {
            Matrix matrix = ClusterCases.fromColumns(matrices.get(entry.get("matrix").asInt()));
            Object preference = ClusterCases.JSON.convertValue(entry.get("preference"),
                    Object.class);
            AffinityPropagationOptions options = AffinityPropagationOptions.defaults()
                    .withPreference(Preference.parse(preference));
            int[] expected = ClusterCases.JSON.convertValue(entry.get("labels"), int[].class);

            ColumnClustering result = AffinityPropagation.clusterOnce(matrix, options, SEED);

            String what = "matrix " + entry.get("matrix") + ", preference " + preference;
            assertThat(result.converged()).as("%s converged (%s)", what, result.message())
                    .isTrue();
            assertThat(ClusterCases.partition(result.labels())).as(what)
                    .isEqualTo(ClusterCases.partition(expected));
            assertThat(result.iterations()).as("%s iterations", what)
                    .isEqualTo(entry.get("iterations").asInt());
        }
    }
}
