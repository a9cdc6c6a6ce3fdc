package org.shiftadd.numerics.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.shiftadd.api.ColumnClustering;
import org.shiftadd.api.Matrix;

class SharedColumnsTest {
    private static final Matrix WEIGHTS = Matrix.fromRows(new double[][] {
        {1, 3, 10, 5},
        {2, 4, 20, 6},
    });
    /** Columns 0, 1 and 3 in cluster 0, column 2 alone. */
    private static final ColumnClustering CLUSTERING =
            new ColumnClustering(new int[] {0, 0, 1, 0}, 2, true, 17, "converged");

    @Test
    void centroidsAreMemberMeans() {
        Matrix centroids = SharedColumns.centroids(WEIGHTS, CLUSTERING);

        assertThat(centroids.rows()).isEqualTo(2);
        assertThat(centroids.cols()).isEqualTo(2);
        assertThat(centroids.column(0)).containsExactly(new double[] {3, 4}, within(1e-15));
        assertThat(centroids.column(1)).containsExactly(10, 20);
    }

    @Test
    void replacementMakesMembersIdentical() {
        Matrix shared = SharedColumns.replaceByCentroids(WEIGHTS, CLUSTERING);

        assertThat(shared.column(0)).containsExactly(shared.column(1));
        assertThat(shared.column(0)).containsExactly(shared.column(3));
        assertThat(shared.column(0)).containsExactly(new double[] {3, 4}, within(1e-15));
        assertThat(shared.column(2)).containsExactly(10, 20);
    }

    @Test
    void preAddedProductEqualsSharedProduct() {
        Matrix shared = SharedColumns.replaceByCentroids(WEIGHTS, CLUSTERING);
        Matrix centroids = SharedColumns.centroids(WEIGHTS, CLUSTERING);
        double[] x = {0.5, -1, 2, 0.25};
        double[] preAdded = {x[0] + x[1] + x[3], x[2]};

        for (int i = 0; i < 2; i++) {
            double direct = 0;
            for (int j = 0; j < 4; j++) {
                direct += shared.get(i, j) * x[j];
            }
            double viaCentroids = centroids.get(i, 0) * preAdded[0]
                    + centroids.get(i, 1) * preAdded[1];
            assertThat(viaCentroids).as("row %d", i).isCloseTo(direct, within(1e-12));
        }
    }

    @Test
    void preAdditionsAreColumnsMinusClusters() {
        assertThat(SharedColumns.preAdditions(CLUSTERING)).isEqualTo(2);
    }

    @Test
    void sharingRejectsUnconvergedClustering() {
        ColumnClustering unconverged = new ColumnClustering(new int[] {0, 0, 1, 0}, 2, false,
                200, "did not converge");

        assertThatThrownBy(() -> SharedColumns.replaceByCentroids(WEIGHTS, unconverged))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("did not converge");
    }

    @Test
    void rejectsEmptyCluster() {
        ColumnClustering gap = new ColumnClustering(new int[] {0, 0, 2, 0}, 3, true, 5, "");

        assertThatThrownBy(() -> SharedColumns.preAdditions(gap))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("cluster 1 of 3 has no columns");
    }

    @Test
    void rejectsClusteringOfOtherMatrix() {
        ColumnClustering three = new ColumnClustering(new int[] {0, 0, 1}, 2, true, 5, "");

        assertThatThrownBy(() -> SharedColumns.centroids(WEIGHTS, three))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("3 columns but the matrix has 4");
    }
}
