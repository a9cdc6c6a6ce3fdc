package org.shiftadd.numerics.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.shiftadd.api.Matrix;

class PreferenceTest {
    /** Computes a quantile of every entry of the full matrix, as NumPy's default does. */
    private static double bruteForceQuantile(double[][] s, double q) {
        double[] sorted = Arrays.stream(s).flatMapToDouble(Arrays::stream).sorted().toArray();
        double position = q * (sorted.length - 1);
        int lower = (int) Math.floor(position);
        int upper = Math.min(lower + 1, sorted.length - 1);
        return sorted[lower] + (position - lower) * (sorted[upper] - sorted[lower]);
    }

    private static double[][] columnsOf(Matrix matrix) {
        double[][] columns = new double[matrix.cols()][];
        for (int j = 0; j < columns.length; j++) {
            columns[j] = matrix.column(j);
        }
        return columns;
    }

    @Test
    void quantileMatchesFullMatrix() {
        for (int cols : new int[] {2, 3, 8, 31}) {
            Matrix matrix = SeededMatrices.blobs(3, cols, 2, 0.5, cols);
            double[][] s = Similarities.negativeSquaredDistances(columnsOf(matrix));
            double[] offDiagonal = Similarities.sortedOffDiagonal(s);
            for (double q : new double[] {0, 0.1, 0.25, 0.5, 0.77, 0.9, 1}) {
                assertThat(Preference.quantile(q).resolve(offDiagonal, cols))
                        .as("%d columns, q %s", cols, q)
                        .isCloseTo(bruteForceQuantile(s, q), within(1e-12));
            }
        }
    }

    @Test
    void medianIsQuantileOneHalf() {
        assertThat(Preference.quantile(0.5)).isEqualTo(Preference.median());
        assertThat(Preference.parse("q0.5").toString()).isEqualTo("median");
    }

    @Test
    void fixedIgnoresSimilarities() {
        assertThat(Preference.fixed(-3).resolve(new double[] {-9, -1, -1}, 3)).isEqualTo(-3);
    }

    @Test
    void parseReadsEveryForm() {
        assertThat(Preference.parse("median")).isEqualTo(Preference.median());
        assertThat(Preference.parse(" Median ")).isEqualTo(Preference.median());
        assertThat(Preference.parse("q0.25")).isEqualTo(Preference.quantile(0.25));
        assertThat(Preference.parse(-50)).isEqualTo(Preference.fixed(-50));
        assertThat(Preference.parse(-50.5)).isEqualTo(Preference.fixed(-50.5));
        assertThat(Preference.parse("-1e3")).isEqualTo(Preference.fixed(-1000));
    }

    @Test
    void toStringUsesSpecSyntax() {
        assertThat(Preference.quantile(0.25)).hasToString("q0.25");
        assertThat(Preference.fixed(-50)).hasToString("-50.0");
        assertThat(Preference.median()).hasToString("median");
    }

    @Test
    void parseRejectsInvalidForms() {
        for (Object spec : new Object[] {"mean", "q1.5", "q", "qNaN", true, null,
                Double.NaN, "Infinity"}) {
            assertThatThrownBy(() -> Preference.parse(spec)).as("%s", spec)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("\"median\"");
        }
    }
}
