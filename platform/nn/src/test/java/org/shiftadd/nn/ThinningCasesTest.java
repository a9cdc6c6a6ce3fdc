package org.shiftadd.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.shiftadd.api.Matrix;

/** Runs the thinning cases ({@code thinning-*.json}) of the test resources folder. */
class ThinningCasesTest {
    private static final String CASES = "/cases/prune-share/";
    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode readCase(String file) throws IOException {
        try (InputStream in = ThinningCasesTest.class.getResourceAsStream(CASES + file)) {
            return JSON.readTree(in);
        }
    }

    /** Builds the case's network; its layers must be ReLU layers and a linear last one. */
    private static DenseNetwork networkOf(JsonNode layers) {
        List<Matrix> weights = new ArrayList<>();
        List<double[]> biases = new ArrayList<>();
        for (int l = 0; l < layers.size(); l++) {
            JsonNode layer = layers.get(l);
            String activation = l + 1 < layers.size() ? "relu" : "none";
            assertThat(layer.get("activation").asText()).as("activation of layer %d", l + 1)
                    .isEqualTo(activation);
            weights.add(Matrix.fromRows(JSON.convertValue(layer.get("weights"),
                    double[][].class)));
            biases.add(JSON.convertValue(layer.get("bias"), double[].class));
        }
        return DenseNetwork.of(weights, biases);
    }

    private static void checkOutputsEqual(DenseNetwork before, DenseNetwork after,
            JsonNode expected) {
        double tolerance = expected.get("tolerance").asDouble();
        for (JsonNode input : expected.get("outputsEqualOn")) {
            double[] x = JSON.convertValue(input, double[].class);
            double[] want = before.logits(x, 1);
            double[] got = after.logits(x, 1);
            assertThat(got).as("outputs on %s", input)
                    .containsExactly(want, within(tolerance));
        }
    }

    @Test
    void thinningFoldsBias() throws IOException {
        JsonNode spec = readCase("thinning-folds-bias.json");
        DenseNetwork network = networkOf(spec.get("input").get("layers"));
        JsonNode expected = spec.get("expected");
        // The case numbers layers from 1, DenseNetwork from 0.
        int[] neurons = JSON.convertValue(spec.get("input").get("removeNeuronsOfLayer1"),
                int[].class);

        DenseNetwork thinned = Thinning.removeNeurons(network, 0, neurons).network();

        double[] bias = JSON.convertValue(expected.get("layer2Bias"), double[].class);
        assertThat(thinned.bias(1)).containsExactly(bias,
                within(expected.get("tolerance").asDouble()));
        assertThat(thinned.layerSizes()).containsExactly(2, 1, 2);
        checkOutputsEqual(network, thinned, expected);
    }

    @Test
    void automaticThinningRemovesConstantNeuron() throws IOException {
        JsonNode spec = readCase("thinning-folds-bias.json");
        DenseNetwork network = networkOf(spec.get("input").get("layers"));

        ThinnedNetwork thinned = Thinning.thin(network);

        assertThat(thinned.keptNeurons(0)).containsExactly(0);
        checkOutputsEqual(network, thinned.network(), spec.get("expected"));
    }

    @Test
    void thinningPreservesFunction() throws IOException {
        JsonNode spec = readCase("thinning-preserves-function.json");
        DenseNetwork network = networkOf(spec.get("input").get("layers"));
        JsonNode expected = spec.get("expected");
        int[] zeroColumns = JSON.convertValue(spec.get("input").get("zeroColumnsOfLayer2"),
                int[].class);
        for (int column : zeroColumns) {
            assertThat(network.weights(1).column(column)).as("column %d of layer 2", column)
                    .containsOnly(0.0);
        }

        ThinnedNetwork thinned = Thinning.thin(network);

        assertThat(thinned.network().weights(0).rows()).as("rows of layer 1")
                .isEqualTo(expected.get("layer1Rows").asInt());
        assertThat(thinned.network().weights(1).cols()).as("columns of layer 2")
                .isEqualTo(expected.get("layer2Columns").asInt());
        assertThat(thinned.keptNeurons(0)).containsExactly(0, 2);
        checkOutputsEqual(network, thinned.network(), expected);
    }
}
