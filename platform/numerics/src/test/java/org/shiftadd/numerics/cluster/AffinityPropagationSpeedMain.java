package org.shiftadd.numerics.cluster;

import java.util.Locale;
import org.shiftadd.api.ColumnClustering;
import org.shiftadd.api.Matrix;

/**
 * Times affinity propagation on 300x784 matrices, the first layer of the reference MLP:
 * i.i.d. N(0, 1/784) entries and 784 columns around 40 centres. Run from the module folder
 * after {@code mvn test-compile}:
 * {@code java -cp target/classes:target/test-classes:$HOME/.m2/repository/org/shiftadd/
 * shiftadd-api/0.1.0-SNAPSHOT/shiftadd-api-0.1.0-SNAPSHOT.jar
 * org.shiftadd.numerics.cluster.AffinityPropagationSpeedMain}.
 */
public final class AffinityPropagationSpeedMain {
    private AffinityPropagationSpeedMain() {
    }

    /**
     * Prints the time of several runs of each matrix, the first ones being JIT warm-up.
     *
     * @param args ignored
     */
    public static void main(String[] args) {
        Matrix gaussian = SeededMatrices.gaussian(300, 784, 1.0 / Math.sqrt(784), 1);
        Matrix blobs = SeededMatrices.blobs(300, 784, 40, 0.3, 2);
        AffinityPropagationOptions single = AffinityPropagationOptions.defaults();
        for (int round = 0; round < 4; round++) {
            time("gaussian, one run", gaussian, single, false);
            time("gaussian, 200 iterations forced", gaussian,
                    single.withConvergenceIterations(1000), false);
            time("blobs, with retry", blobs, single, true);
        }
    }

    private static void time(String name, Matrix matrix, AffinityPropagationOptions options,
            boolean retry) {
        long start = System.nanoTime();
        ColumnClustering result = retry ? AffinityPropagation.cluster(matrix, options, 0)
                : AffinityPropagation.clusterOnce(matrix, options, 0);
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf(Locale.ROOT, "%-32s %6.3f s  %4d iterations  %3d clusters  %s%n",
                name, seconds, result.iterations(), result.clusters(), result.message());
    }
}
