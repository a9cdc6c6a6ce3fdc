package org.shiftadd.stage.lcc.fs;

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
import org.shiftadd.numerics.lcc.FsOptions;
import org.shiftadd.numerics.lcc.FullySequentialLcc;

/**
 * Fully sequential linear computation coding: every slice grows a codebook one adder at a
 * time, each new codeword the sum of two shifted codewords, until the target SQNR is met.
 *
 * <p>After H. Rosenberger, R. Fischer, J. S. Fröhlich, A. Bereyhi, R. R. Müller, "Coding for
 * Computation: Efficient Compression of Neural Networks for Reconfigurable Hardware",
 * arXiv:2504.17403, 2025.
 *
 * <p>A bit-width target B means the SQNR of the matrix's B-bit CSD quantization.
 * Parameters: {@code signNormalised} (default false, the published rule that never pairs two
 * negative terms) and {@code maxAdditions} per slice (default max(64, 8·N·K)).
 */
@Component(service = MatrixDecomposer.class, property = {
    StageProperties.KIND + "=decomposer",
    StageProperties.NAME + "=lcc-fs",
    "service.ranking:Integer=0"
})
public final class FullySequentialDecomposer implements MatrixDecomposer {
    private static final Set<String> PARAMETERS = Set.of("signNormalised", "maxAdditions");

    @Override
    public List<String> validateParameters(Map<String, Object> parameters) {
        List<String> problems = new ArrayList<>(
                StageParameters.unknown("lcc-fs", parameters, PARAMETERS));
        Object sign = parameters.get("signNormalised");
        if (sign != null && !(sign instanceof Boolean)) {
            problems.add("signNormalised must be true or false, found " + sign);
        }
        Object limit = parameters.get("maxAdditions");
        if (limit != null && !(limit instanceof Integer i && i >= 1)) {
            problems.add("maxAdditions must be a positive integer, found " + limit);
        }
        return problems;
    }

    @Override
    public Decomposition decompose(Matrix matrix, PrecisionTarget target,
            Map<String, Object> parameters) {
        StageParameters.requireNone(validateParameters(parameters));
        Matrices.requireFinite(matrix);
        FsOptions options = FsOptions.defaults();
        if (parameters.get("signNormalised") instanceof Boolean sign) {
            options = options.withSignNormalised(sign);
        }
        if (parameters.get("maxAdditions") instanceof Integer limit) {
            options = options.withMaxAdditions(limit);
        }
        double targetDb = StageParameters.targetSqnrDb(matrix, target);
        return FullySequentialLcc.decompose(matrix, targetDb, options).toDecomposition();
    }
}
