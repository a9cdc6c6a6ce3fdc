package org.shiftadd.numerics;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.shiftadd.api.Matrix;
import org.shiftadd.api.PrecisionTarget;

/** Checks and conversions that every decomposer stage shares. */
public final class StageParameters {
    private StageParameters() {
    }

    /**
     * Lists the parameters that a stage does not accept.
     *
     * @param stage the stage name, for the message
     * @param parameters the step parameters; not modified
     * @param accepted the parameter names the stage reads
     * @return one problem per unknown name, in name order
     */
    public static List<String> unknown(String stage, Map<String, Object> parameters,
            Set<String> accepted) {
        List<String> problems = new ArrayList<>();
        parameters.keySet().stream().filter(key -> !accepted.contains(key)).sorted()
                .forEach(key -> problems.add("unknown parameter '" + key + "': " + stage
                        + " accepts " + accepted.stream().sorted().toList()));
        return problems;
    }

    /**
     * Throws when there are problems, so that {@code decompose} rejects what
     * {@code validateParameters} reports.
     *
     * @param problems the problems found
     * @throws IllegalArgumentException listing them, when there is any
     */
    public static void requireNone(List<String> problems) {
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", problems));
        }
    }

    /**
     * Returns the SQNR a decomposition must reach: the target's own SQNR, or for a bit width
     * B the SQNR of the matrix's B-bit quantization as {@link Csd#targetSqnrDb} defines it.
     *
     * @param matrix the matrix to decompose; not modified
     * @param target the requested precision
     * @return the target SQNR in dB
     */
    public static double targetSqnrDb(Matrix matrix, PrecisionTarget target) {
        return target.sqnrDb() != null ? target.sqnrDb() : Csd.targetSqnrDb(matrix, target.bits());
    }

    /**
     * Returns the value of a JSON number or numeric string, NaN for anything else. Strings
     * are accepted because YAML 1.1 reads an exponent without a decimal point, such as
     * {@code 1e-4}, as a string.
     *
     * @param value a parameter value, possibly null
     * @return its numeric value, or NaN
     */
    public static double real(Object value) {
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
}
