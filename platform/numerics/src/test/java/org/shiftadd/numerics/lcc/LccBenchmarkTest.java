package org.shiftadd.numerics.lcc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.shiftadd.api.Matrix;
import org.shiftadd.numerics.Csd;

/** The reference-table runner on small shapes. */
class LccBenchmarkTest {

    @Test
    void runReportsEveryMethodPerShape() {
        List<LccBenchmark.Shape> shapes =
                List.of(new LccBenchmark.Shape(16, 4, 8, 1), new LccBenchmark.Shape(40, 20, 8, 1));
        List<LccBenchmark.Row> rows = LccBenchmark.run(shapes, 5);

        assertThat(rows).extracting(LccBenchmark.Row::method).as("methods").containsExactly(
                "csd", "lcc-fp S=2", "lcc-fp S=3", "lcc-fs", "lcc-fs signNormalised",
                "csd", "lcc-fp S=2", "lcc-fp S=3", "lcc-fs", "lcc-fs signNormalised");
        for (LccBenchmark.Row row : rows) {
            LccBenchmark.Shape shape = row.shape();
            Matrix matrix = LccBenchmark.gaussian(shape, row.seed());
            String label = row.method() + " on " + shape.rows() + "x" + shape.cols();
            assertThat(row.targetSqnrDb()).as(label + ": target")
                    .isEqualTo(Csd.targetSqnrDb(matrix, shape.bits()));
            assertThat(row.additionsPerEntry()).as(label + ": additions per entry")
                    .isCloseTo(row.additions() / (double) (shape.rows() * shape.cols()),
                            within(1e-12));
            assertThat(row.slicesReachingTarget()).as(label + ": slices reaching the target")
                    .isLessThanOrEqualTo(row.slices());
            assertThat(row.seconds()).as(label + ": seconds").isNotNegative();
        }
        assertThat(rows.get(6).slices()).as("slices of 40x20").isEqualTo(4);
        assertThat(rows.get(6).seed()).as("seed of the second shape").isEqualTo(6);
    }

    @Test
    void referenceShapesIncludeNetworkLayer() {
        assertThat(LccBenchmark.referenceShapes()).hasSize(10)
                .contains(new LccBenchmark.Shape(300, 784, 8, 1 / Math.sqrt(784)));
    }

    @Test
    void shapeRejectsInvalidSizes() {
        assertThatThrownBy(() -> new LccBenchmark.Shape(0, 4, 8, 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("0x4");
    }
}
