package org.shiftadd.numerics.lcc;

import org.shiftadd.api.Matrix;
import org.shiftadd.numerics.Csd;

/**
 * Prints decomposition times of FS and FP on Gaussian slices. This is a measuring tool, not a test.
 *
 * <p>Each size runs a few times in one JVM and the later runs show the compiled speed. Run
 * with the test classpath, for example from the module directory:
 * {@code java -cp target/classes:target/test-classes:<dependencies>
 * org.shiftadd.numerics.lcc.LccSpeedMain}.
 */
public final class LccSpeedMain {
    private LccSpeedMain() {
    }

    /** Runs the measurements; the arguments are ignored. */
    public static void main(String[] args) {
        measure("FS", 64, 6, 8, 20);
        measure("FS", 4096, 12, 16, 3);
        measure("FP", 4096, 12, 16, 3);
        measure("FP", 4096, 12, 8, 3);
        measure("FS", 4096, 12, 8, 3);
    }

    private static void measure(String method, int rows, int cols, int bits, int runs) {
        Matrix matrix = TestMatrices.gaussian(rows, cols, 1);
        double target = Csd.targetSqnrDb(matrix, bits);
        for (int run = 1; run <= runs; run++) {
            long start = System.nanoTime();
            LccDecomposition result = method.equals("FS")
                    ? FullySequentialLcc.decompose(matrix, target, FsOptions.defaults())
                    : FullyParallelLcc.decompose(matrix, target, FpOptions.defaults());
            double seconds = (System.nanoTime() - start) / 1e9;
            System.out.printf("%s %dx%d at %d bits, run %d: %.3f s, %d additions (%.3f per"
                    + " entry), SQNR %.2f dB, target %.2f dB%n", method, rows, cols, bits, run,
                    seconds, result.additions(), result.additions() / (double) (rows * cols),
                    result.sqnrDb(), target);
        }
    }
}
