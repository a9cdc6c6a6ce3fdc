package org.shiftadd.engine.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.shiftadd.engine.spec.SpecParser;

class SpecChecksTest {
    private final SpecParser parser = new SpecParser();

    private List<String> problems(String text) {
        return SpecChecks.check(parser.parse(text, "s.yaml"));
    }

    @Test
    void formsNameExistingConvolutionsOnly() {
        List<String> problems = problems("""
                name: f
                model: { type: cnn, channels: [8, 16], forms: { conv2: fk, conv9: fk, fc1: fk } }
                """);

        assertThat(problems).containsExactly(
                "model.forms: the network has no layer 'conv9'; its convolutions are conv1 to"
                        + " conv2",
                "model.forms.fc1: only convolutions (conv1, conv2, ...) have a form; linear"
                        + " layers are plain matrices");
        assertThat(problems("name: r\ndata: none\nmodel: { type: resnet34, forms: { conv36: fk"
                + " } }\n")).isEmpty();
        assertThat(problems("name: r\ndata: none\nmodel: { type: resnet34, forms: { conv37: fk"
                + " } }\n")).singleElement().asString().contains("conv1 to conv36");
    }

    @Test
    void missingDataAndModelFilesAreNamed(@TempDir Path directory) {
        String missing = directory.resolve("absent").toString();

        List<String> problems = problems("name: d\ndata: idx:" + missing
                + "\nmodel: { onnx: " + missing + ".onnx }\n");

        assertThat(problems).hasSize(2);
        assertThat(problems.get(0)).startsWith("data: directory " + missing + " not found;");
        assertThat(problems.get(1)).startsWith("model.onnx: " + missing + ".onnx is not a file");
        assertThat(problems("name: d\ndata: images:" + directory + "\nmodel: { type: cnn,"
                + " channels: [4] }\n")).isEmpty();
    }

    @Test
    void mlpClustererNeedsRegularizer() {
        List<String> problems = problems("""
                name: c
                model: { type: mlp, layers: [784, 30, 10] }
                stages:
                  - clusterer: affinity-propagation
                  - decomposer: lcc-fs
                """);

        assertThat(problems).singleElement().asString()
                .startsWith("stages[0]: on an mlp model, weight sharing works on the pruned"
                        + " network, so a clusterer step needs a regularizer step");
        assertThat(problems("""
                name: c
                model: { type: cnn, channels: [4] }
                stages:
                  - clusterer: affinity-propagation
                """)).isEmpty();
    }

    @Test
    void mlpWidthsMustFitBuiltInData() {
        List<String> problems = problems("""
                name: w
                model: { type: mlp, layers: [100, 30, 12] }
                """);

        assertThat(problems).containsExactly(
                "model.layers[0] is 100 but the built-in mnist data has 784 features per"
                        + " sample; set it to 784",
                "model.layers[2] is 12 but the built-in mnist data has 10 classes; set it to"
                        + " 10");
        assertThat(problems("name: w\ndata: idx:/tmp\nmodel: { type: mlp, layers: [100, 3] }"))
                .isEmpty();
    }

    @Test
    void mlpTooLargeForMemoryIsRejected() {
        List<String> problems = new ArrayList<>();

        SpecChecks.checkMlpSize("mnist", List.of(784, 2_000_000_000, 10), 4L << 30, problems);

        assertThat(problems).singleElement().asString()
                .startsWith("model.layers: the network has 1.59e+12 weights, which need about"
                        + " 47326.1 GiB to train, but this process may use 4.0 GiB;")
                .endsWith("SHIFTADD_OPTS=-Xmx70990g");
        problems.clear();
        SpecChecks.checkMlpSize("mnist", List.of(784, 300, 10), 4L << 30, problems);
        assertThat(problems).isEmpty();
    }
}
