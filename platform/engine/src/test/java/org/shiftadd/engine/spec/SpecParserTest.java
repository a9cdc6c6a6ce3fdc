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
                model: { type: cnn, layers: [784, -1] }
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
}
