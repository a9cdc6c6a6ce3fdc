package com.example.shiftadd.kmeans;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.shiftadd.api.ColumnClustering;
import org.shiftadd.api.Matrix;

class KMeansClustererTest {
    /** One-dimensional columns in three groups. */
    private static final Matrix GROUPS = Matrix.fromRows(new double[][] {
        {0.0, 0.1, 0.2, 5.0, 5.1, 10.0, 10.2, 10.1},
    });

    private final KMeansClusterer clusterer = new KMeansClusterer();

    @Test
    void threeGroupsFoundForEverySeed() {
        for (long seed = 0; seed < 20; seed++) {
            ColumnClustering result = clusterer.cluster(GROUPS, Map.of("clusters", 3), seed);

            assertThat(result.converged()).as("seed %d: %s", seed, result.message()).isTrue();
            assertThat(result.clusters()).as("seed %d", seed).isEqualTo(3);
            assertThat(result.labels()).as("seed %d", seed)
                    .containsExactly(0, 0, 0, 1, 1, 2, 2, 2);
        }
    }

    @Test
    void shuffledBlobsRecovered() {
        // Four blobs in 6 dimensions, centroid coordinates multiples of 20, spread 0.5.
        int[] blob = new int[40];
        Matrix matrix = blobs(6, blob, 4, 20, 0.5, 3);

        ColumnClustering result = clusterer.cluster(matrix, Map.of("clusters", 4), 11);

        assertThat(result.converged()).as(result.message()).isTrue();
        assertThat(result.iterations()).isPositive();
        assertSamePartition(result.labels(), blob);
    }

    @Test
    void fractionScalesWithColumns() {
        ColumnClustering result = clusterer.cluster(GROUPS, Map.of("fraction", 0.375), 1);

        assertThat(result.clusters()).isEqualTo(3);
        assertThat(result.labels()).containsExactly(0, 0, 0, 1, 1, 2, 2, 2);
    }

    @Test
    void smallFractionGivesOneCluster() {
        ColumnClustering result = clusterer.cluster(GROUPS, Map.of("fraction", "1e-3"), 1);

        assertThat(result.clusters()).isEqualTo(1);
    }

    @Test
    void identicalColumnsShareCluster() {
        // Six distinct columns: columns 6..9 repeat columns 0, 0, 3 and 5, and column 10 is
        // column 2 with -0.0.
        Matrix matrix = Matrix.fromRows(new double[][] {
            {0.0, 1.0, 0.0, 4.0, 4.2, 9.0, 0.0, 0.0, 4.0, 9.0, -0.0},
            {1.0, 1.0, 0.0, 4.0, 3.9, 9.5, 1.0, 1.0, 4.0, 9.5, -0.0},
        });
        int[][] copies = {{0, 6}, {0, 7}, {3, 8}, {5, 9}, {2, 10}};

        for (int clusters = 1; clusters <= 6; clusters++) {
            for (long seed = 0; seed < 5; seed++) {
                ColumnClustering result = clusterer.cluster(matrix,
                        Map.of("clusters", clusters), seed);
                int[] labels = result.labels();
                for (int[] pair : copies) {
                    assertThat(labels[pair[1]]).as("clusters %d, seed %d, column %d and its"
                            + " copy %d", clusters, seed, pair[0], pair[1])
                            .isEqualTo(labels[pair[0]]);
                }
                assertThat(result.clusters()).as("clusters %d, seed %d", clusters, seed)
                        .isEqualTo(clusters);
                assertLabelsCoverClusters(result);
            }
        }
    }

    @Test
    void fewerDistinctColumnsThanClusters() {
        Matrix matrix = Matrix.fromRows(new double[][] {{1, 2, 1, 2, 1}});

        ColumnClustering result = clusterer.cluster(matrix, Map.of("clusters", 4), 0);

        assertThat(result.clusters()).isEqualTo(2);
        assertThat(result.labels()).containsExactly(0, 1, 0, 1, 0);
        assertThat(result.converged()).isTrue();
        assertThat(result.message()).contains("only 2 distinct columns", "4 clusters requested");
    }

    @Test
    void oneClusterNeedsNoIteration() {
        ColumnClustering result = clusterer.cluster(GROUPS, Map.of("clusters", 1), 0);

        assertThat(result.clusters()).isEqualTo(1);
        assertThat(result.labels()).containsOnly(0);
        assertThat(result.converged()).isTrue();
        assertThat(result.iterations()).isZero();
    }

    @Test
    void clusterPerColumnNeedsNoIteration() {
        ColumnClustering result = clusterer.cluster(GROUPS, Map.of("clusters", 8), 0);

        assertThat(result.clusters()).isEqualTo(8);
        assertThat(result.labels()).containsExactly(0, 1, 2, 3, 4, 5, 6, 7);
        assertThat(result.converged()).isTrue();
        assertThat(result.iterations()).isZero();
    }

    @Test
    void labelsCoverEveryClusterInOrderOfFirstUse() {
        for (long seed = 0; seed < 10; seed++) {
            Matrix matrix = random(5, 60, seed);
            for (int clusters : List.of(2, 7, 30, 59)) {
                ColumnClustering result = clusterer.cluster(matrix, Map.of("clusters", clusters),
                        seed);

                assertThat(result.clusters()).as("seed %d, clusters %d", seed, clusters)
                        .isEqualTo(clusters);
                assertLabelsCoverClusters(result);
            }
        }
    }

    @Test
    void iterationLimitReportedAsNotConverged() {
        Matrix matrix = random(8, 200, 4);

        ColumnClustering limited = clusterer.cluster(matrix,
                Map.of("clusters", 10, "maxIterations", 1), 4);
        ColumnClustering full = clusterer.cluster(matrix, Map.of("clusters", 10), 4);

        assertThat(limited.converged()).isFalse();
        assertThat(limited.iterations()).isEqualTo(1);
        assertThat(limited.message()).contains("did not converge", "maxIterations = 1");
        assertLabelsCoverClusters(limited);
        assertThat(full.converged()).as(full.message()).isTrue();
        assertThat(full.iterations()).isBetween(2, KMeansParameters.DEFAULT_MAX_ITERATIONS);
        assertThat(full.message()).contains("converged after " + full.iterations());
    }

    @Test
    void sameSeedGivesSameResult() {
        Matrix matrix = random(4, 80, 9);
        for (long seed = 0; seed < 5; seed++) {
            ColumnClustering first = clusterer.cluster(matrix, Map.of("clusters", 6), seed);
            ColumnClustering second = clusterer.cluster(matrix, Map.of("clusters", 6), seed);

            assertThat(second.labels()).as("seed %d", seed).containsExactly(first.labels());
            assertThat(second.iterations()).as("seed %d", seed).isEqualTo(first.iterations());
            assertThat(second.message()).as("seed %d", seed).isEqualTo(first.message());
        }
    }

    @Test
    void noColumnsGiveNoClusters() {
        ColumnClustering result = clusterer.cluster(Matrix.zeros(3, 0), Map.of("clusters", 2), 0);

        assertThat(result.clusters()).isZero();
        assertThat(result.converged()).isTrue();
    }

    @Test
    void emptyColumnsAreIdentical() {
        ColumnClustering result = clusterer.cluster(Matrix.zeros(0, 4), Map.of("clusters", 3), 0);

        assertThat(result.clusters()).isEqualTo(1);
        assertThat(result.labels()).containsExactly(0, 0, 0, 0);
    }

    @Test
    void validationReportsEveryProblem() {
        Map<String, Object> parameters = new HashMap<>();
        parameters.put("clusters", 2.5);
        parameters.put("fraction", 1.5);
        parameters.put("maxIterations", 0);
        parameters.put("preference", "median");

        List<String> problems = clusterer.validateParameters(parameters);

        assertThat(problems).hasSize(5)
                .anySatisfy(p -> assertThat(p).contains("unknown parameter 'preference'",
                        "clusters, fraction, maxIterations"))
                .anySatisfy(p -> assertThat(p).contains("'clusters' (2.5) and 'fraction' (1.5)",
                        "give only one"))
                .anySatisfy(p -> assertThat(p).contains("'clusters'", "integer of at least 1",
                        "found 2.5"))
                .anySatisfy(p -> assertThat(p).contains("'fraction'", "(0, 1]", "found 1.5"))
                .anySatisfy(p -> assertThat(p).contains("'maxIterations'",
                        "integer of at least 1", "found 0"));
    }

    @Test
    void validationRequiresClustersOrFraction() {
        List<String> problems = clusterer.validateParameters(Map.of("maxIterations", 50));

        assertThat(problems).singleElement().asString()
                .contains("missing parameter", "'clusters'", "'fraction'");
    }

    @Test
    void validationRejectsTextForClusters() {
        assertThat(clusterer.validateParameters(Map.of("clusters", "eight")))
                .singleElement().asString().contains("'clusters'", "found \"eight\"");
    }

    @Test
    void validationAcceptsValidParameters() {
        assertThat(clusterer.validateParameters(Map.of("clusters", 3))).isEmpty();
        assertThat(clusterer.validateParameters(Map.of("clusters", 3L, "maxIterations", 10)))
                .isEmpty();
        assertThat(clusterer.validateParameters(Map.of("fraction", 1))).isEmpty();
        assertThat(clusterer.validateParameters(Map.of("fraction", "5e-1"))).isEmpty();
    }

    @Test
    void clusterRejectsInvalidParameters() {
        assertThatThrownBy(() -> clusterer.cluster(GROUPS, Map.of("fraction", 0), 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'fraction'");
    }

    @Test
    void clusterRejectsMoreClustersThanColumns() {
        assertThatThrownBy(() -> clusterer.cluster(GROUPS, Map.of("clusters", 9), 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'clusters' is 9", "only 8 columns", "at most 8");
    }

    @Test
    void clusterRejectsNonFiniteWeights() {
        Matrix matrix = Matrix.fromRows(new double[][] {{1, 2}, {3, Double.NaN}});

        assertThatThrownBy(() -> clusterer.cluster(matrix, Map.of("clusters", 1), 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("(1, 1)", "NaN");
    }

    /** Checks that the labels use every cluster and are numbered by first appearance. */
    private static void assertLabelsCoverClusters(ColumnClustering result) {
        int highest = -1;
        for (int label : result.labels()) {
            assertThat(label).as("label after highest %d", highest)
                    .isBetween(0, highest + 1);
            highest = Math.max(highest, label);
        }
        assertThat(highest).as("highest label").isEqualTo(result.clusters() - 1);
    }

    /** Checks that two labellings group the columns in the same way. */
    private static void assertSamePartition(int[] actual, int[] expected) {
        for (int a = 0; a < actual.length; a++) {
            for (int b = a + 1; b < actual.length; b++) {
                assertThat(actual[a] == actual[b]).as("columns %d and %d together", a, b)
                        .isEqualTo(expected[a] == expected[b]);
            }
        }
    }

    /**
     * Returns columns drawn around {@code blobs} random centroids, in random order, and writes
     * the blob of every column to {@code blobOf}.
     */
    private static Matrix blobs(int rows, int[] blobOf, int blobs, double scale, double spread,
            long seed) {
        Random random = new Random(seed);
        double[][] centroids = new double[blobs][rows];
        for (double[] centroid : centroids) {
            for (int i = 0; i < rows; i++) {
                centroid[i] = scale * random.nextInt(8);
            }
        }
        double[] data = new double[rows * blobOf.length];
        for (int j = 0; j < blobOf.length; j++) {
            blobOf[j] = random.nextInt(blobs);
            for (int i = 0; i < rows; i++) {
                data[i * blobOf.length + j] = centroids[blobOf[j]][i]
                        + spread * random.nextGaussian();
            }
        }
        return Matrix.of(rows, blobOf.length, data);
    }

    private static Matrix random(int rows, int cols, long seed) {
        Random random = new Random(seed);
        double[] data = new double[rows * cols];
        for (int k = 0; k < data.length; k++) {
            data[k] = random.nextGaussian();
        }
        return Matrix.of(rows, cols, data);
    }
}
