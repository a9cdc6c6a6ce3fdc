package org.shiftadd.numerics.lcc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.shiftadd.api.Decomposition;
import org.shiftadd.api.Matrix;

class LccNetworkCodecTest {
    private static final double TARGET_DB = 30;

    private static void assertSameNetwork(LccDecomposition original, LccDecomposition decoded) {
        assertThat(decoded.reconstruct()).isEqualTo(original.reconstruct());
        assertThat(decoded.additions()).isEqualTo(original.additions());
        assertThat(decoded.depth()).isEqualTo(original.depth());
        assertThat(decoded.slices()).hasSameSizeAs(original.slices());
        double[] x = new double[original.target().cols()];
        for (int j = 0; j < x.length; j++) {
            x[j] = (j % 7) - 3;
        }
        assertThat(decoded.apply(x)).containsExactly(original.apply(x));
    }

    /** Round-trips through JSON text, as a run directory stores it. */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> throughJson(Map<String, Object> map) throws Exception {
        ObjectMapper mapper = new ObjectMapper();
        return mapper.readValue(mapper.writeValueAsString(map), Map.class);
    }

    @Test
    @SuppressWarnings("unchecked")
    void fullySequentialNetworkSurvivesJson() throws Exception {
        Matrix t = TestMatrices.gaussian(16, 9, 5);
        LccDecomposition original = FullySequentialLcc.decompose(t, TARGET_DB,
                FsOptions.defaults());
        Decomposition decomposition = original.toDecomposition();
        Map<String, Object> encoded = throughJson(
                (Map<String, Object>) decomposition.details().get(LccNetworkCodec.DETAIL));
        LccDecomposition decoded = LccNetworkCodec.decode("lcc-fs", encoded,
                decomposition.approximation(), TARGET_DB);
        assertSameNetwork(original, decoded);
        assertThat(decoded.approximation()).isEqualTo(decomposition.approximation());
    }

    @Test
    void fullyParallelNetworkSurvivesJson() throws Exception {
        Matrix t = TestMatrices.gaussian(32, 11, 6);
        LccDecomposition original = FullyParallelLcc.decompose(t, TARGET_DB,
                FpOptions.defaults());
        Map<String, Object> encoded = throughJson(LccNetworkCodec.encode(original));
        LccDecomposition decoded = LccNetworkCodec.decode("lcc-fp", encoded,
                original.approximation(), TARGET_DB);
        assertSameNetwork(original, decoded);
        assertThat(decoded.factorsPerSlice()).isEqualTo(original.factorsPerSlice());
    }

    @Test
    void malformedEncodingNamesTheField() {
        Matrix t = TestMatrices.gaussian(8, 3, 7);
        LccDecomposition original = FullySequentialLcc.decompose(t, TARGET_DB,
                FsOptions.defaults());
        Map<String, Object> encoded = new java.util.LinkedHashMap<>(
                LccNetworkCodec.encode(original));
        encoded.put("slices", List.of(Map.of("first", 0, "width", 3, "adders", List.of(1, 2),
                "outputs", List.of())));
        assertThatThrownBy(() -> LccNetworkCodec.decode("lcc-fs", encoded, t, TARGET_DB))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("slices[0].adders");
        assertThatThrownBy(() -> LccNetworkCodec.decode("lcc-fs", encoded,
                TestMatrices.gaussian(9, 3, 7), TARGET_DB))
                .hasMessageContaining("8 x 3");
    }
}
