package org.shiftadd.numerics.lcc;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.shiftadd.api.Matrix;

/** Matrices for the LCC tests: case files from the test resources and seeded random ones. */
final class TestMatrices {
    static final String CASES = "/cases/lcc/";

    private TestMatrices() {
    }

    /** Reads a CSV matrix from the case folder: one row per line, no header. */
    static Matrix readCsv(String name) {
        try (InputStream in = TestMatrices.class.getResourceAsStream(CASES + name)) {
            if (in == null) {
                throw new IllegalArgumentException("case matrix not found: " + CASES + name);
            }
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            List<double[]> rows = new ArrayList<>();
            for (String line : text.split("\n")) {
                if (line.isBlank()) {
                    continue;
                }
                String[] fields = line.trim().split(",");
                double[] row = new double[fields.length];
                for (int j = 0; j < fields.length; j++) {
                    row[j] = Double.parseDouble(fields[j].trim());
                }
                rows.add(row);
            }
            return Matrix.fromRows(rows.toArray(new double[0][]));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Returns an N × M matrix of i.i.d. N(0, 1) entries from {@link Random} with a seed. */
    static Matrix gaussian(int rows, int cols, long seed) {
        Random random = new Random(seed);
        double[] values = new double[rows * cols];
        for (int k = 0; k < values.length; k++) {
            values[k] = random.nextGaussian();
        }
        return Matrix.of(rows, cols, values);
    }

    /** Returns the unit vector e_j of length n. */
    static double[] unit(int n, int j) {
        double[] unit = new double[n];
        unit[j] = 1;
        return unit;
    }
}
