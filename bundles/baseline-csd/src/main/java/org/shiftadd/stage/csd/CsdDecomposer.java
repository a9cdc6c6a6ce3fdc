package org.shiftadd.stage.csd;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.osgi.service.component.annotations.Component;
import org.shiftadd.api.Decomposition;
import org.shiftadd.api.Matrix;
import org.shiftadd.api.MatrixDecomposer;
import org.shiftadd.api.PrecisionTarget;
import org.shiftadd.api.StageProperties;
import org.shiftadd.numerics.Csd;
import org.shiftadd.numerics.Matrices;
import org.shiftadd.numerics.Sqnr;
import org.shiftadd.numerics.StageParameters;

/**
 * The CSD baseline: B-bit fixed-point quantization with one scale per matrix, every weight
 * written in canonical signed digit form, one addition per digit beyond the first in each row.
 *
 * <p>Precision comes from the request's bit width, or from the {@code bits} parameter when
 * the request gives an SQNR target instead; a request with an SQNR target and no
 * {@code bits} parameter uses the smallest B from 1 to 32 whose quantization reaches it.
 */
@Component(service = MatrixDecomposer.class, property = {
    StageProperties.KIND + "=decomposer",
    StageProperties.NAME + "=csd",
    "service.ranking:Integer=0"
})
public final class CsdDecomposer implements MatrixDecomposer {
    private static final int MAX_SEARCH_BITS = 32;

    @Override
    public List<String> validateParameters(Map<String, Object> parameters) {
        List<String> problems = new ArrayList<>();
        for (Map.Entry<String, Object> entry : parameters.entrySet()) {
            if (!entry.getKey().equals("bits")) {
                problems.add("unknown parameter '" + entry.getKey()
                        + "': the csd decomposer accepts only 'bits'");
            }
        }
        Object bits = parameters.get("bits");
        if (bits != null && !(bits instanceof Integer b && b >= 1 && b <= 52)) {
            problems.add("bits must be an integer in 1..52, found " + bits);
        }
        return problems;
    }

    @Override
    public Decomposition decompose(Matrix matrix, PrecisionTarget target,
            Map<String, Object> parameters) {
        StageParameters.requireNone(validateParameters(parameters));
        Matrices.requireFinite(matrix);
        int bits = chooseBits(matrix, target, parameters);
        Csd.Quantized quantized = Csd.quantize(matrix, bits);
        Matrix approximation = quantized.approximation();
        double sqnr = Sqnr.db(matrix, approximation);
        boolean reached = target.sqnrDb() == null || sqnr >= target.sqnrDb();
        return new Decomposition("csd", approximation, quantized.additions(), sqnr, reached,
                quantized.depth(), Map.of("bits", bits, "shift", quantized.shift()));
    }

    private static int chooseBits(Matrix matrix, PrecisionTarget target,
            Map<String, Object> parameters) {
        if (target.bits() != null) {
            return target.bits();
        }
        if (parameters.get("bits") instanceof Integer bits) {
            return bits;
        }
        for (int bits = 1; bits < MAX_SEARCH_BITS; bits++) {
            if (Sqnr.db(matrix, Csd.quantize(matrix, bits).approximation()) >= target.sqnrDb()) {
                return bits;
            }
        }
        return MAX_SEARCH_BITS;
    }
}
