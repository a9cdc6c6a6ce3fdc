package org.shiftadd.stage.ap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.shiftadd.api.ColumnClustering;
import org.shiftadd.api.Matrix;

class AffinityPropagationClustererTest {
    /** One-dimensional columns in three groups. */
    private static final Matrix GROUPS = Matrix.fromRows(new double[][] {
        {0.0, 0.1, 0.2, 5.0, 5.1, 10.0, 10.2, 10.1},
    });

    private final AffinityPropagationClusterer clusterer = new AffinityPropagationClusterer();

    @Test
    void medianPreferenceFindsThreeGroups() {
        ColumnClustering result = clusterer.cluster(GROUPS, Map.of(), 0);

        assertThat(result.converged()).as(result.message()).isTrue();
        assertThat(result.labels()).containsExactly(0, 0, 0, 1, 1, 2, 2, 2);
    }

    @Test
    void lowPreferenceMergesGroups() {
        ColumnClustering result = clusterer.cluster(GROUPS, Map.of("preference", -1000), 0);

        assertThat(result.clusters()).isEqualTo(1);
    }

    @Test
    void unconvergedRunIsReportedNotThrown() {
        ColumnClustering result = clusterer.cluster(GROUPS, Map.of("maxIterations", 2), 0);

        assertThat(result.converged()).isFalse();
        assertThat(result.message()).contains("did not converge");
    }

    @Test
    void validationReportsEveryProblem() {
        assertThat(clusterer.validateParameters(Map.of("damping", 2, "preference", "often")))
                .hasSize(2);
    }

    @Test
    void clusterRejectsInvalidParameters() {
        assertThatThrownBy(() -> clusterer.cluster(GROUPS, Map.of("damping", 0.1), 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'damping'");
    }
}
