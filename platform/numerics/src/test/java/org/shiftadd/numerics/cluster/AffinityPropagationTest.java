package org.shiftadd.numerics.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.shiftadd.api.ColumnClustering;
import org.shiftadd.api.Matrix;

class AffinityPropagationTest {
    private static final AffinityPropagationOptions DEFAULTS =
            AffinityPropagationOptions.defaults();

    /** Returns a copy of the matrix with columns appended that repeat the given columns. */
    private static Matrix withCopies(Matrix matrix, int... sources) {
        int rows = matrix.rows();
        int cols = matrix.cols() + sources.length;
        double[] data = new double[rows * cols];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < matrix.cols(); j++) {
                data[i * cols + j] = matrix.get(i, j);
            }
            for (int c = 0; c < sources.length; c++) {
                data[i * cols + matrix.cols() + c] = matrix.get(i, sources[c]);
            }
        }
        return Matrix.of(rows, cols, data);
    }

    @Test
    void identicalColumnsShareCluster() {
        Matrix base = SeededMatrices.blobs(6, 30, 4, 0.3, 7);
        Matrix matrix = withCopies(base, 0, 0, 5, 17, 17, 29);
        int[][] copies = {{0, 30}, {0, 31}, {5, 32}, {17, 33}, {17, 34}, {29, 35}};
        List<Preference> preferences = List.of(Preference.median(), Preference.quantile(0.9),
                Preference.quantile(1), Preference.fixed(0), Preference.fixed(-1e-12));

        for (Preference preference : preferences) {
            ColumnClustering result = AffinityPropagation.cluster(matrix,
                    DEFAULTS.withPreference(preference), 3);
            int[] labels = result.labels();
            for (int[] pair : copies) {
                assertThat(labels[pair[1]]).as("preference %s, column %d and its copy %d",
                        preference, pair[0], pair[1]).isEqualTo(labels[pair[0]]);
            }
        }
    }

    @Test
    void firstLayerSizeWithPrunedColumns() {
        // 784 columns of length 300, as in the first layer of a 784-300-10 network, of which
        // every eighth is a zeroed column left by pruning.
        double[] data = SeededMatrices.blobs(300, 784, 40, 0.3, 5).toArray();
        for (int i = 0; i < 300; i++) {
            for (int j = 0; j < 784; j += 8) {
                data[i * 784 + j] = 0;
            }
        }

        ColumnClustering result = AffinityPropagation.cluster(Matrix.of(300, 784, data),
                DEFAULTS, 1);

        assertThat(result.converged()).as(result.message()).isTrue();
        assertThat(result.clusters()).isBetween(2, 784 - 97);
        int[] labels = result.labels();
        for (int j = 8; j < 784; j += 8) {
            assertThat(labels[j]).as("zero column %d", j).isEqualTo(labels[0]);
        }
    }

    @Test
    void negativeZeroEqualsPositiveZero() {
        Matrix matrix = Matrix.fromRows(new double[][] {
            {0.0, -0.0, 1.0, 1.1, 5.0},
            {-0.0, 0.0, 1.0, 0.9, 5.0},
        });

        int[] labels = AffinityPropagation.cluster(matrix, DEFAULTS, 1).labels();

        assertThat(labels[1]).isEqualTo(labels[0]);
    }

    @Test
    void lowerPreferenceGivesFewerOrEqualClusters() {
        List<Preference> decreasing = List.of(Preference.fixed(0), Preference.quantile(0.9),
                Preference.quantile(0.75), Preference.median(), Preference.quantile(0.25),
                Preference.quantile(0.1), Preference.quantile(0), Preference.fixed(-1e4));
        for (long seed = 1; seed <= 4; seed++) {
            Matrix matrix = SeededMatrices.blobs(5, 40, 6, 0.4, seed);
            int previous = Integer.MAX_VALUE;
            for (Preference preference : decreasing) {
                ColumnClustering result = AffinityPropagation.cluster(matrix,
                        DEFAULTS.withPreference(preference), seed);
                assertThat(result.converged()).as("seed %d, %s: %s", seed, preference,
                        result.message()).isTrue();
                assertThat(result.clusters()).as("seed %d, preference %s", seed, preference)
                        .isLessThanOrEqualTo(previous);
                previous = result.clusters();
            }
            assertThat(previous).as("seed %d, very low preference", seed).isEqualTo(1);
        }
    }

    @Test
    void sameSeedGivesSameResult() {
        // Corners of a square: every tie is broken by the seeded perturbation.
        Matrix square = Matrix.fromRows(new double[][] {
            {0, 1, 0, 1, 0.5},
            {0, 0, 1, 1, 0.5},
        });
        for (long seed = 0; seed < 5; seed++) {
            ColumnClustering first = AffinityPropagation.cluster(square, DEFAULTS, seed);
            ColumnClustering second = AffinityPropagation.cluster(square, DEFAULTS, seed);

            assertThat(second.labels()).as("seed %d", seed).containsExactly(first.labels());
            assertThat(second.iterations()).as("seed %d", seed).isEqualTo(first.iterations());
            assertThat(second.message()).as("seed %d", seed).isEqualTo(first.message());
        }
    }

    @Test
    void labelsNumberedByFirstAppearance() {
        Matrix matrix = SeededMatrices.blobs(4, 25, 3, 0.2, 11);

        int[] labels = AffinityPropagation.cluster(matrix, DEFAULTS, 0).labels();

        int highest = -1;
        for (int label : labels) {
            assertThat(label).isLessThanOrEqualTo(highest + 1);
            highest = Math.max(highest, label);
        }
        assertThat(labels[0]).isZero();
    }

    @Test
    void equidistantColumnsWithHighPreferenceStayApart() {
        Matrix unit = Matrix.fromRows(new double[][] {{1, 0, 0}, {0, 1, 0}, {0, 0, 1}});

        ColumnClustering result = AffinityPropagation.cluster(unit,
                DEFAULTS.withPreference(Preference.fixed(-1)), 0);

        assertThat(result.clusters()).isEqualTo(3);
        assertThat(result.iterations()).isZero();
        assertThat(result.converged()).isTrue();
    }

    @Test
    void equidistantColumnsWithMedianPreferenceMerge() {
        // Similarities -2 six times and three zeros: the median is -2, not above them.
        Matrix unit = Matrix.fromRows(new double[][] {{1, 0, 0}, {0, 1, 0}, {0, 0, 1}});

        ColumnClustering result = AffinityPropagation.cluster(unit, DEFAULTS, 0);

        assertThat(result.clusters()).isEqualTo(1);
        assertThat(result.iterations()).isZero();
    }

    @Test
    void noColumnsGiveNoClusters() {
        ColumnClustering result = AffinityPropagation.cluster(Matrix.zeros(3, 0), DEFAULTS, 0);

        assertThat(result.clusters()).isZero();
        assertThat(result.converged()).isTrue();
    }

    @Test
    void emptyColumnsAreIdentical() {
        ColumnClustering result = AffinityPropagation.cluster(Matrix.zeros(0, 4), DEFAULTS, 0);

        assertThat(result.clusters()).isEqualTo(1);
        assertThat(result.labels()).containsExactly(0, 0, 0, 0);
    }

    @Test
    void retryConvergesWithMoreIterations() {
        Matrix matrix = SeededMatrices.blobs(8, 40, 5, 0.5, 2);
        AffinityPropagationOptions tight = DEFAULTS.withMaxIterations(16);
        assertThat(AffinityPropagation.clusterOnce(matrix, tight, 0).converged())
                .as("single run with 16 iterations").isFalse();

        ColumnClustering result = AffinityPropagation.cluster(matrix, tight, 0);

        assertThat(result.converged()).as(result.message()).isTrue();
        assertThat(result.message()).startsWith("retry converged").contains("damping 0.9")
                .contains("after a first run did not converge");
    }

    @Test
    void retryKeepsHigherDamping() {
        AffinityPropagationOptions retry = DEFAULTS.withDamping(0.95).forRetry();

        assertThat(retry.damping()).isEqualTo(0.95);
        assertThat(retry.maxIterations()).isEqualTo(1000);
    }

    @Test
    void rejectsNonFiniteMatrix() {
        Matrix matrix = Matrix.fromRows(new double[][] {{1, Double.NaN}});

        assertThatThrownBy(() -> AffinityPropagation.cluster(matrix, DEFAULTS, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("NaN");
    }

    @Test
    void optionsReadEverySetting() {
        AffinityPropagationOptions options = AffinityPropagationOptions.fromMap(Map.of(
                "preference", "q0.25", "damping", 0.7, "maxIterations", 300,
                "convergenceIterations", 20));

        assertThat(options.preference()).isEqualTo(Preference.quantile(0.25));
        assertThat(options.damping()).isEqualTo(0.7);
        assertThat(options.maxIterations()).isEqualTo(300);
        assertThat(options.convergenceIterations()).isEqualTo(20);
    }

    @Test
    void optionsDefaultWhenEmpty() {
        assertThat(AffinityPropagationOptions.fromMap(Map.of())).isEqualTo(DEFAULTS);
    }

    @Test
    void optionsReportEveryProblem() {
        List<String> problems = AffinityPropagationOptions.validate(Map.of(
                "preference", "mean", "damping", 0.3, "maxIterations", 2.5,
                "convergenceIterations", 0, "seed", 4));

        assertThat(problems).hasSize(5)
                .anySatisfy(p -> assertThat(p).contains("'preference'").contains("\"mean\""))
                .anySatisfy(p -> assertThat(p).contains("'damping'").contains("0.3"))
                .anySatisfy(p -> assertThat(p).contains("'maxIterations'").contains("2.5"))
                .anySatisfy(p -> assertThat(p).contains("'convergenceIterations'"))
                .anySatisfy(p -> assertThat(p).contains("unknown parameter 'seed'"));
    }

    @Test
    void optionsRejectDampingOfOne() {
        assertThatThrownBy(() -> DEFAULTS.withDamping(1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("[0.5, 1)");
    }
}
