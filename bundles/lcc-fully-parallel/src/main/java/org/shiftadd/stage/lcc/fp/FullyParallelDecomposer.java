package org.shiftadd.stage.lcc.fp;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.osgi.service.component.annotations.Component;
import org.shiftadd.api.Decomposition;
import org.shiftadd.api.Matrix;
import org.shiftadd.api.MatrixDecomposer;
import org.shiftadd.api.PrecisionTarget;
import org.shiftadd.api.StageProperties;
import org.shiftadd.numerics.Matrices;
import org.shiftadd.numerics.StageParameters;
import org.shiftadd.numerics.lcc.FpOptions;
import org.shiftadd.numerics.lcc.FullyParallelLcc;

/**
 * Fully parallel linear computation coding: every slice of the matrix becomes a product of
 * sparse wiring matrices whose entries are signed powers of two, found by discrete matching
 * pursuit with {@code termsPerRow} terms per row and factor.
 *
 * <p>After R. R. Müller, B. Gäde, A. Bereyhi, "Linear Computation Coding: A Framework for
 * Joint Quantization and Computing", Algorithms 15(7):253, 2022.
 *
 * <p>A bit-width target B means the SQNR of the matrix's B-bit CSD quantization.
 * Parameters: {@code termsPerRow} (S, default 2) and {@code maxFactors} (default 64).
 */
@Component(service = MatrixDecomposer.class, property = {
    StageProperties.KIND + "=decomposer",
    StageProperties.NAME + "=lcc-fp",
    "service.ranking:Integer=0"
})
public final class FullyParallelDecomposer implements MatrixDecomposer {
    private static final Set<String> PARAMETERS = Set.of("termsPerRow", "maxFactors");

    @Override
    public List<String> validateParameters(Map<String, Object> parameters) {
        List<String> problems = new ArrayList<>(
                StageParameters.unknown("lcc-fp", parameters, PARAMETERS));
        checkInteger(parameters, "termsPerRow", 1, 16, problems);
        checkInteger(parameters, "maxFactors", 1, 4096, problems);
        return problems;
    }

    @Override
    public Decomposition decompose(Matrix matrix, PrecisionTarget target,
            Map<String, Object> parameters) {
        StageParameters.requireNone(validateParameters(parameters));
        Matrices.requireFinite(matrix);
        FpOptions options = FpOptions.defaults();
        if (parameters.get("termsPerRow") instanceof Integer terms) {
            options = options.withTermsPerRow(terms);
        }
        if (parameters.get("maxFactors") instanceof Integer factors) {
            options = options.withMaxFactors(factors);
        }
        double targetDb = StageParameters.targetSqnrDb(matrix, target);
        return FullyParallelLcc.decompose(matrix, targetDb, options).toDecomposition();
    }

    private static void checkInteger(Map<String, Object> parameters, String key, int min,
            int max, List<String> problems) {
        Object value = parameters.get(key);
        if (value != null && !(value instanceof Integer i && i >= min && i <= max)) {
            problems.add(key + " must be an integer in " + min + ".." + max + ", found " + value);
        }
    }
}
