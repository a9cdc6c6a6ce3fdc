package org.shiftadd.numerics.cluster;

import java.util.Random;
import org.shiftadd.api.Matrix;

/** Seeded random matrices for the clustering tests. */
final class SeededMatrices {
    private SeededMatrices() {
    }

    /**
     * Returns {@code cols} columns of length {@code rows} scattered with deviation
     * {@code spread} around {@code centers} Gaussian centres.
     */
    static Matrix blobs(int rows, int cols, int centers, double spread, long seed) {
        Random random = new Random(seed);
        double[][] means = new double[centers][rows];
        for (double[] mean : means) {
            for (int i = 0; i < rows; i++) {
                mean[i] = random.nextGaussian();
            }
        }
        double[] data = new double[rows * cols];
        for (int j = 0; j < cols; j++) {
            double[] mean = means[random.nextInt(centers)];
            for (int i = 0; i < rows; i++) {
                data[i * cols + j] = mean[i] + spread * random.nextGaussian();
            }
        }
        return Matrix.of(rows, cols, data);
    }

    /** Returns a matrix of i.i.d. Gaussian entries with the given standard deviation. */
    static Matrix gaussian(int rows, int cols, double deviation, long seed) {
        Random random = new Random(seed);
        double[] data = new double[rows * cols];
        for (int k = 0; k < data.length; k++) {
            data[k] = deviation * random.nextGaussian();
        }
        return Matrix.of(rows, cols, data);
    }
}
