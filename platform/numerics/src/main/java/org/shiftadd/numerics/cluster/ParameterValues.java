package org.shiftadd.numerics.cluster;

/** Reading of JSON values from step parameters. */
final class ParameterValues {
    private ParameterValues() {
    }

    /**
     * Returns the value of a number or numeric string, NaN for anything else. Strings are
     * accepted because YAML 1.1 reads an exponent without a decimal point, such as
     * {@code 1e-4}, as a string.
     */
    static double real(Object value) {
        if (value instanceof Number number) {
            return number.doubleValue();
        }
        if (value instanceof String text) {
            try {
                return Double.parseDouble(text.strip());
            } catch (NumberFormatException e) {
                return Double.NaN;
            }
        }
        return Double.NaN;
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
