package org.shiftadd.engine.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.shiftadd.engine.spec.ExperimentSpec.StepSpec;

class SpecParserTest {
    private final SpecParser parser = new SpecParser();

    @Test
    void minimalSpecGetsDefaults() {
        ExperimentSpec spec = parser.parse("name: m\nmodel: { type: mlp, layers: [4, 3, 2] }\n",
                "m.yaml");

        assertThat(spec.name()).isEqualTo("m");
        assertThat(spec.data()).isEqualTo("mnist");
        assertThat(spec.model().layers()).containsExactly(4, 3, 2);
        assertThat(spec.train().epochs()).isEqualTo(SpecParser.DEFAULT_EPOCHS);
        assertThat(spec.train().batch()).isEqualTo(SpecParser.DEFAULT_BATCH);
        assertThat(spec.train().seed()).isEqualTo(SpecParser.DEFAULT_SEED);
        assertThat(spec.baseline().bits()).isEqualTo(SpecParser.DEFAULT_BITS);
        assertThat(spec.stages()).isEmpty();
    }

    @Test
    void stepKeepsItsParameters() {
        ExperimentSpec spec = parser.parse("""
                name: m
                data: idx:/tmp/x
                model: { type: mlp, layers: [4, 2] }
                train: { learningRate: 1e-2 }
                stages:
                  - decomposer: lcc-fs
                    bits: 6
                    signNormalised: true
                """, "m.yaml");

        StepSpec step = spec.stages().get(0);
        assertThat(step.kind()).isEqualTo("decomposer");
        assertThat(step.name()).isEqualTo("lcc-fs");
        assertThat(step.parameters()).isEqualTo(Map.of("bits", 6, "signNormalised", true));
        assertThat(spec.train().learningRate()).isEqualTo(0.01);
        assertThat(spec.data()).isEqualTo("idx:/tmp/x");
    }

    @Test
    void jsonSpecIsRead() {
        ExperimentSpec spec = parser.parse(
                "{\"name\": \"j\", \"model\": {\"type\": \"mlp\", \"layers\": [2, 2]}}", "j.json");

        assertThat(spec.name()).isEqualTo("j");
    }

    @Test
    void everyProblemIsReportedWithItsPath() {
        String text = """
                name: "bad name"
                data: somewhere
                colour: blue
                model: { type: vgg, layers: [784, -1] }
                train: { epochs: 0, batch: x, momentum: 1.5 }
                baseline: { bits: 99 }
                stages:
                  - { decomposer: csd, clusterer: ap }
                  - 42
                """;

        assertThatThrownBy(() -> parser.parse(text, "bad.yaml"))
                .isInstanceOfSatisfying(SpecException.class, e -> assertThat(e.problems())
                        .anySatisfy(p -> assertThat(p).startsWith("colour: unknown key"))
                        .anySatisfy(p -> assertThat(p).startsWith("name: must be"))
                        .anySatisfy(p -> assertThat(p).startsWith("data: expected 'mnist'"))
                        .anySatisfy(p -> assertThat(p).startsWith("model.type: expected one of"))
                        .anySatisfy(p -> assertThat(p).startsWith("model.layers[1]: expected"))
                        .anySatisfy(p -> assertThat(p).startsWith("train.epochs: must be"))
                        .anySatisfy(p -> assertThat(p).startsWith("train.batch: must be"))
                        .anySatisfy(p -> assertThat(p).startsWith("train.momentum: must be"))
                        .anySatisfy(p -> assertThat(p).startsWith("baseline.bits: must be"))
                        .anySatisfy(p -> assertThat(p).startsWith("stages[0]: expected exactly"))
                        .anySatisfy(p -> assertThat(p).startsWith("stages[1]: expected a mapping"))
                        .hasSize(11));
    }

    @Test
    void syntaxErrorNamesLineAndColumn() {
        assertThatThrownBy(() -> parser.parse("name: x\nmodel: { type: mlp\n", "broken.yaml"))
                .isInstanceOfSatisfying(SpecException.class, e -> {
                    assertThat(e.problems()).hasSize(1);
                    assertThat(e.problems().get(0)).startsWith("(syntax): line ");
                    // The problem itself, not only the construct it was parsing.
                    assertThat(e.problems().get(0)).contains("while parsing a flow mapping",
                            "expected ',' or '}'");
                    assertThat(e.problems().get(0)).doesNotContain("in 'reader'");
                    assertThat(e.getMessage()).startsWith("invalid spec broken.yaml: 1 problem");
                });
    }

    @Test
    void nonMappingRootIsRejected() {
        assertThatThrownBy(() -> parser.parse("- a\n- b\n", "list.yaml"))
                .isInstanceOfSatisfying(SpecException.class, e ->
                        assertThat(e.problems().get(0)).startsWith("(root): expected a mapping"));
    }

    @Test
    void collectingParseKeepsReadableSteps() {
        SpecParser.Parsed parsed = parser.parseCollecting(
                "name: m\nstages:\n  - 1\n  - decomposer: csd\n", "m.yaml");

        assertThat(parsed.spec()).isNull();
        assertThat(parsed.steps()).containsOnlyKeys("stages[1]");
        assertThat(parsed.problems()).anySatisfy(p -> assertThat(p).startsWith("model: missing"));
    }

    @Test
    void convolutionalModelsAreRead() {
        ExperimentSpec cnn = parser.parse("""
                name: c
                model: { type: cnn, channels: [8, 16], forms: { conv2: fk } }
                train: { epochs: 4, finalEpochs: 2, finalLearningRate: 0.002, shift: 2 }
                stages:
                  - decomposer: lcc-fs
                """, "c.yaml");
        assertThat(cnn.model().channels()).containsExactly(8, 16);
        assertThat(cnn.model().formOf("conv1")).isEqualTo("pk");
        assertThat(cnn.model().formOf("conv2")).isEqualTo("fk");
        assertThat(cnn.train().finalEpochs()).isEqualTo(2);
        assertThat(cnn.train().shift()).isEqualTo(2);

        ExperimentSpec resnet = parser.parse("name: r\ndata: none\nmodel: { type: resnet34 }\n",
                "r.yaml");
        assertThat(resnet.model().classes()).isEqualTo(200);
        assertThat(resnet.model().inputSize()).isEqualTo(64);
        assertThat(resnet.model().inputChannels()).isEqualTo(3);

        ExperimentSpec onnx = parser.parse("name: o\ndata: none\nmodel: { onnx: m.onnx }\n",
                "o.yaml");
        assertThat(onnx.model().type()).isEqualTo("onnx");
        assertThat(onnx.model().onnx()).isEqualTo("m.onnx");
    }

    @Test
    void convolutionalModelProblemsAreReported() {
        String text = """
                name: c
                data: none
                model: { type: cnn, channels: [8, 0], convForm: im2col, layers: [1, 2] }
                stages:
                  - regularizer: group-lasso
                    lambda: [1.0e-3, 2.0e-3]
                  - decomposer: lcc-fs
                    maxAccuracyDrop: 0.1
                  - backend: verilog
                """;
        assertThatThrownBy(() -> parser.parse(text, "c.yaml"))
                .isInstanceOf(SpecException.class)
                .hasMessageContaining("model.layers")
                .hasMessageContaining("model.channels[1]: expected a positive integer, found 0")
                .hasMessageContaining("model.convForm: expected pk (partial kernel) or fk (full"
                        + " kernel), found 'im2col'")
                .hasMessageContaining("stages[0]: a regularizer step retrains the network and"
                        + " needs data")
                .hasMessageContaining("stages[0].lambda: sweeps work on mlp models; give one"
                        + " value for a model of type cnn")
                .hasMessageContaining("stages[2]: backend steps work on mlp models")
                .hasMessageContaining("stages[1].maxAccuracyDrop: the comparison at equal"
                        + " accuracy works on mlp models")
                .hasMessageContaining("data: 'none' leaves nothing to train the cnn on");
        assertThatThrownBy(() -> parser.parse("name: x\nmodel: { type: vgg }\n", "x.yaml"))
                .hasMessageContaining("model.type: expected one of [mlp, cnn, resnet34, onnx],"
                        + " found 'vgg'");
    }
}
