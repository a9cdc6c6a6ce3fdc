package org.shiftadd.numerics.lcc;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Supplier;
import org.shiftadd.api.Matrix;
import org.shiftadd.numerics.Csd;
import org.shiftadd.numerics.Sqnr;

/**
 * Additions per matrix entry of CSD, FP (S = 2 and 3) and FS (published sign rule and
 * {@code signNormalised}) on seeded Gaussian matrices, at the target SQNR of each matrix's
 * B-bit quantization.
 *
 * <p>The matrices come from {@link Random#nextGaussian()}, so single matrices differ by a few
 * percent from figures measured on other generators' matrices, and averages over several
 * seeds are the figures to compare. Times are wall-clock times of one decomposition on the
 * calling thread. The methods follow R. R. Müller, B. Gäde, A. Bereyhi, "Linear Computation
 * Coding: A Framework for Joint Quantization and Computing", Algorithms 15(7):253, 2022, and
 * H. Rosenberger et al., "Coding for Computation: Efficient Compression of Neural Networks
 * for Reconfigurable Hardware", arXiv:2504.17403, 2025.
 */
public final class LccBenchmark {
    private LccBenchmark() {
    }

    /**
     * One experiment: an N × M matrix of i.i.d. N(0, σ²) entries and a bit width.
     *
     * @param rows N
     * @param cols M
     * @param bits B, which sets the target to the SQNR of the B-bit CSD quantization
     * @param standardDeviation σ
     */
    public record Shape(int rows, int cols, int bits, double standardDeviation) {
        /**
         * Validates the ranges.
         *
         * @throws IllegalArgumentException if a size is below 1, B is outside 1..52 or σ is
         *     not positive
         */
        public Shape {
            if (rows < 1 || cols < 1 || bits < 1 || bits > 52 || !(standardDeviation > 0)) {
                throw new IllegalArgumentException("invalid benchmark shape " + rows + "x" + cols
                        + ", " + bits + " bits, sigma " + standardDeviation + ": rows and cols"
                        + " must be >= 1, bits in 1..52 and standardDeviation > 0");
            }
        }
    }

    /**
     * One result.
     *
     * @param method {@code csd}, {@code lcc-fp S=2}, {@code lcc-fp S=3}, {@code lcc-fs} or
     *     {@code lcc-fs signNormalised}
     * @param shape the experiment
     * @param seed the seed of the matrix
     * @param additions additions per product, slice sums included
     * @param additionsPerEntry additions / (N·M)
     * @param slices the number of slices, 1 for CSD
     * @param slicesReachingTarget slices that reached the target, 1 for CSD
     * @param sqnrDb the SQNR of the whole matrix in dB
     * @param targetSqnrDb the target in dB
     * @param seconds wall-clock time of the decomposition
     */
    public record Row(String method, Shape shape, long seed, long additions,
            double additionsPerEntry, int slices, int slicesReachingTarget, double sqnrDb,
            double targetSqnrDb, double seconds) {
    }

    /**
     * Returns the shapes of the reference table: single slices from 16 × 4 to 4096 × 12 at 8
     * bits, 64 × 6 and 4096 × 12 at 16 bits, 40 × 20 (four slices) and 300 × 784 with
     * σ² = 1/784 (98 slices, the first layer of a 784-300-10 network).
     */
    public static List<Shape> referenceShapes() {
        return List.of(
                new Shape(16, 4, 8, 1), new Shape(32, 5, 8, 1), new Shape(64, 6, 8, 1),
                new Shape(256, 8, 8, 1), new Shape(1024, 10, 8, 1), new Shape(4096, 12, 8, 1),
                new Shape(64, 6, 16, 1), new Shape(4096, 12, 16, 1), new Shape(40, 20, 8, 1),
                new Shape(300, 784, 8, 1 / Math.sqrt(784)));
    }

    /**
     * Runs every method on one seeded matrix per shape.
     *
     * @param shapes the experiments
     * @param seed the seed of the first matrix; shape i uses seed + i
     * @return five rows per shape, in the order of the shapes
     */
    public static List<Row> run(List<Shape> shapes, long seed) {
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < shapes.size(); i++) {
            rows.addAll(run(shapes.get(i), seed + i));
        }
        return rows;
    }

    /** Runs every method on the matrix of one shape and seed. */
    private static List<Row> run(Shape shape, long seed) {
        Matrix matrix = gaussian(shape, seed);
        double target = Csd.targetSqnrDb(matrix, shape.bits());
        List<Row> rows = new ArrayList<>();
        rows.add(csd(matrix, shape, seed, target));
        rows.add(lcc("lcc-fp S=2", shape, seed, () ->
                FullyParallelLcc.decompose(matrix, target, FpOptions.defaults())));
        rows.add(lcc("lcc-fp S=3", shape, seed, () -> FullyParallelLcc.decompose(
                matrix, target, FpOptions.defaults().withTermsPerRow(3))));
        rows.add(lcc("lcc-fs", shape, seed, () ->
                FullySequentialLcc.decompose(matrix, target, FsOptions.defaults())));
        rows.add(lcc("lcc-fs signNormalised", shape, seed, () -> FullySequentialLcc.decompose(
                matrix, target, FsOptions.defaults().withSignNormalised(true))));
        return rows;
    }

    private static Row csd(Matrix matrix, Shape shape, long seed, double target) {
        long start = System.nanoTime();
        Csd.Quantized quantized = Csd.quantize(matrix, shape.bits());
        double seconds = (System.nanoTime() - start) / 1e9;
        double sqnr = Sqnr.db(matrix, quantized.approximation());
        return new Row("csd", shape, seed, quantized.additions(),
                perEntry(quantized.additions(), shape), 1, 1, sqnr, target, seconds);
    }

    private static Row lcc(String method, Shape shape, long seed,
            Supplier<LccDecomposition> decomposer) {
        long start = System.nanoTime();
        LccDecomposition result = decomposer.get();
        double seconds = (System.nanoTime() - start) / 1e9;
        return new Row(method, shape, seed, result.additions(),
                perEntry(result.additions(), shape), result.slices().size(),
                result.slicesReachingTarget(), result.sqnrDb(), result.targetSqnrDb(), seconds);
    }

    private static double perEntry(long additions, Shape shape) {
        return additions / ((double) shape.rows() * shape.cols());
    }

    /** Returns the matrix of a shape: row-major draws of σ·{@link Random#nextGaussian()}. */
    static Matrix gaussian(Shape shape, long seed) {
        Random random = new Random(seed);
        double[] values = new double[shape.rows() * shape.cols()];
        for (int k = 0; k < values.length; k++) {
            values[k] = shape.standardDeviation() * random.nextGaussian();
        }
        return Matrix.of(shape.rows(), shape.cols(), values);
    }
}
