package org.shiftadd.stage.grouplasso;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.shiftadd.api.Matrix;

class GroupLassoRegularizerTest {
    private final GroupLassoRegularizer regularizer = new GroupLassoRegularizer();

    @Test
    void penaltyIsLambdaSqrtRowsTimesColumnNorms() {
        Matrix weights = Matrix.fromRows(new double[][] {{3, 0}, {4, 1}});

        double penalty = regularizer.penalty(weights, Map.of("lambda", 0.5));

        assertThat(penalty).isCloseTo(0.5 * Math.sqrt(2) * (5 + 1), within(1e-12));
    }

    @Test
    void proximalStepShrinksAndZeroesColumns() {
        double[] weights = {3, 0.01, 4, 0.01};

        regularizer.applyProximalStepInPlace(weights, 2, 2, 0.5, Map.of("lambda", Math.sqrt(2)));

        assertThat(weights).containsExactly(new double[] {2.4, 0, 3.2, 0}, within(1e-12));
    }

    @Test
    void validationNamesMissingLambda() {
        assertThat(regularizer.validateParameters(Map.of()))
                .singleElement().asString().contains("'lambda' is missing");
    }

    @Test
    void stepRejectsInvalidParameters() {
        assertThatThrownBy(() -> regularizer.applyProximalStepInPlace(new double[1], 1, 1, 0.1,
                Map.of("lambda", 0)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'lambda'");
    }
}
