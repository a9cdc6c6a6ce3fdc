package org.shiftadd.numerics.lcc;

/** Vectorisable loops shared by the decomposers. */
final class Kernels {
    private Kernels() {
    }

    /**
     * Sets out[m] = ∑_i x_i · columns[i][m] for m &lt; count in float arithmetic, summed in
     * index order of i.
     *
     * <p>Four columns share one pass over {@code out}, and the loops over m vectorise, with
     * twice as many lanes per vector as doubles.
     *
     * @param x the K coefficients; not modified
     * @param columns K arrays of at least {@code count} values; not modified
     * @param count the number of sums
     * @param out at least {@code count} values; the first {@code count} are overwritten
     */
    static void innerProducts(float[] x, float[][] columns, int count, float[] out) {
        int width = x.length;
        java.util.Arrays.fill(out, 0, count, 0f);
        int i = 0;
        for (; i + 4 <= width; i += 4) {
            float a = x[i];
            float b = x[i + 1];
            float c = x[i + 2];
            float d = x[i + 3];
            float[] ca = columns[i];
            float[] cb = columns[i + 1];
            float[] cc = columns[i + 2];
            float[] cd = columns[i + 3];
            for (int m = 0; m < count; m++) {
                out[m] = (((out[m] + a * ca[m]) + b * cb[m]) + c * cc[m]) + d * cd[m];
            }
        }
        for (; i < width; i++) {
            float a = x[i];
            float[] ca = columns[i];
            for (int m = 0; m < count; m++) {
                out[m] += a * ca[m];
            }
        }
    }
}
