package org.shiftadd.numerics.lcc;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/** Runs an evaluation written for any {@link Arithmetic} on plain double arrays. */
final class DoubleEvaluation {
    private DoubleEvaluation() {
    }

    /**
     * Returns the outputs of {@code evaluation} in double arithmetic.
     *
     * @param x the inputs; not modified
     * @param evaluation maps the inputs to the outputs with {@link Arithmetic#doubles()}
     * @return the outputs
     */
    static double[] apply(double[] x,
            Function<List<Double>, List<Double>> evaluation) {
        List<Double> inputs = new ArrayList<>(x.length);
        for (double value : x) {
            inputs.add(value);
        }
        List<Double> outputs = evaluation.apply(inputs);
        double[] y = new double[outputs.size()];
        for (int i = 0; i < y.length; i++) {
            y[i] = outputs.get(i);
        }
        return y;
    }
}
