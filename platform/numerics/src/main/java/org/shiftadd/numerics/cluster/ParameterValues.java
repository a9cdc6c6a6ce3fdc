package org.shiftadd.numerics.cluster;

import org.shiftadd.numerics.StageParameters;

/** Reading of JSON values from step parameters. */
final class ParameterValues {
    private ParameterValues() {
    }

    /** Returns the value of a number or numeric string, as {@link StageParameters#real}. */
    static double real(Object value) {
        return StageParameters.real(value);
    }

    /**
     * Returns a positive whole number that fits an {@code int}, or -1 when the value is not
     * one.
     */
    static int count(Object value) {
        double real = value instanceof String ? Double.NaN : real(value);
        if (real >= 1 && real <= Integer.MAX_VALUE && real == Math.rint(real)) {
            return (int) real;
        }
        return -1;
    }
}
