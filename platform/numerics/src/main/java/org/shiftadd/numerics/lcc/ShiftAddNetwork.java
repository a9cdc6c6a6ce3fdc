package org.shiftadd.numerics.lcc;

import java.util.Collections;
import java.util.List;
import org.shiftadd.api.Matrix;

/**
 * A network of shifts and additions that computes y = T̂ x for one slice of a matrix.
 *
 * <p>Every evaluation goes through {@link #evaluate(List, Arithmetic)}, so the additions it
 * performs, its adder depth and its exact outputs all come from the same routine.
 */
public sealed interface ShiftAddNetwork permits WiringNetwork, AdderGraph {

    /** Returns the number of inputs, the slice width K. */
    int inputCount();

    /** Returns the number of outputs, the rows N of the matrix. */
    int outputCount();

    /** Returns the additions of one evaluation, counted from the structure. */
    long additions();

    /**
     * Evaluates the network.
     *
     * @param inputs {@link #inputCount()} values; not modified
     * @param arithmetic the operations to evaluate with
     * @param <V> the value type
     * @return {@link #outputCount()} values
     * @throws IllegalArgumentException if the number of inputs is wrong
     */
    <V> List<V> evaluate(List<V> inputs, Arithmetic<V> arithmetic);

    /**
     * Computes y = T̂ x in double arithmetic.
     *
     * @param x {@link #inputCount()} values; not modified
     * @return the {@link #outputCount()} outputs
     */
    default double[] apply(double[] x) {
        return DoubleEvaluation.apply(x, inputs -> evaluate(inputs, Arithmetic.doubles()));
    }

    /**
     * Returns the adder depth: the longest chain of additions from an input to an output,
     * with an output that sums n terms counted as a balanced tree of depth ⌈log2 n⌉.
     */
    default int depth() {
        List<Integer> inputs = Collections.nCopies(inputCount(), 0);
        int depth = 0;
        for (int outputDepth : evaluate(inputs, Arithmetic.adderDepth())) {
            depth = Math.max(depth, outputDepth);
        }
        return depth;
    }

    /**
     * Returns T̂, reconstructed from the structure by evaluating the network on every unit
     * vector in double arithmetic.
     *
     * @return the {@link #outputCount()} × {@link #inputCount()} matrix the network computes
     */
    default Matrix reconstruct() {
        int rows = outputCount();
        int cols = inputCount();
        double[] values = new double[rows * cols];
        for (int j = 0; j < cols; j++) {
            double[] unit = new double[cols];
            unit[j] = 1;
            double[] column = apply(unit);
            for (int i = 0; i < rows; i++) {
                values[i * cols + j] = column[i];
            }
        }
        return Matrix.of(rows, cols, values);
    }
}
