package org.shiftadd.engine.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.shiftadd.api.CompressedLayer;
import org.shiftadd.api.Decomposition;
import org.shiftadd.api.Matrix;
import org.shiftadd.engine.InputException;
import org.shiftadd.numerics.lcc.FsOptions;
import org.shiftadd.numerics.lcc.FullySequentialLcc;
import org.shiftadd.numerics.lcc.LccDecomposition;
import org.shiftadd.numerics.lcc.LccNetworkCodec;

class CompressedNetworksTest {
    @TempDir
    Path run;

    private static Matrix matrix(int rows, int cols) {
        double[] values = new double[rows * cols];
        for (int k = 0; k < values.length; k++) {
            values[k] = Math.sin(1.7 * k + 0.3);
        }
        return Matrix.of(rows, cols, values);
    }

    @Test
    void layersSurviveTheRoundTrip() {
        LccDecomposition lcc = FullySequentialLcc.decompose(matrix(12, 7), 30,
                FsOptions.defaults());
        Decomposition decomposition = lcc.toDecomposition();
        Decomposition exact = new Decomposition("csd", matrix(10, 12), 17,
                Double.POSITIVE_INFINITY, true, 3, Map.of("bits", 8));
        List<CompressedLayer> layers = List.of(
                new CompressedLayer("dense1", decomposition, new double[12], true),
                new CompressedLayer("dense2", exact, new double[] {1, 2, 3, 4, 5, 6, 7, 8, 9,
                    0.5}, false));

        CompressedNetworks.write(run, "mixed", layers);
        List<CompressedLayer> read = CompressedNetworks.read(run, "mixed");

        assertThat(CompressedNetworks.methods(run)).containsExactly("mixed");
        assertThat(read).hasSize(2);
        Decomposition first = read.get(0).decomposition();
        assertThat(first.approximation()).isEqualTo(decomposition.approximation());
        assertThat(first.additions()).isEqualTo(decomposition.additions());
        assertThat(first.sqnrDb()).isEqualTo(decomposition.sqnrDb());
        assertThat(read.get(0).relu()).isTrue();
        LccDecomposition decoded = LccNetworkCodec.decode("lcc-fs",
                (Map<?, ?>) first.details().get(LccNetworkCodec.DETAIL),
                first.approximation(), 30);
        assertThat(decoded.reconstruct()).isEqualTo(lcc.reconstruct());
        Decomposition second = read.get(1).decomposition();
        assertThat(second.sqnrDb()).isEqualTo(Double.POSITIVE_INFINITY);
        assertThat(second.details()).containsEntry("bits", 8);
        assertThat(read.get(1).bias()).containsExactly(1, 2, 3, 4, 5, 6, 7, 8, 9, 0.5);
        assertThat(read.get(1).relu()).isFalse();
    }

    @Test
    void missingMethodNamesTheStoredOnes() {
        CompressedNetworks.write(run, "csd", List.of(new CompressedLayer("dense1",
                new Decomposition("csd", matrix(2, 2), 2, 40, true, 1, Map.of()),
                new double[2], false)));

        assertThatThrownBy(() -> CompressedNetworks.read(run, "lcc-fs"))
                .isInstanceOf(InputException.class)
                .hasMessageContaining("'lcc-fs'").hasMessageContaining("[csd]");
    }

    @Test
    void damagedFileIsReportedWithItsPath() throws Exception {
        Files.createDirectories(run.resolve(CompressedNetworks.DIRECTORY));
        Files.writeString(run.resolve("networks/csd.json.gz"), "not gzip");

        assertThatThrownBy(() -> CompressedNetworks.read(run, "csd"))
                .isInstanceOf(InputException.class)
                .hasMessageContaining("networks/csd.json.gz");
    }
}
