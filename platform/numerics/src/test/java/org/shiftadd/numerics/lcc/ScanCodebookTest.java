package org.shiftadd.numerics.lcc;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The filtered codebook search against a plain scan of every codeword in index order. */
class ScanCodebookTest {

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8})
    void searchEqualsPlainScan(long seed) {
        Random random = new Random(seed);
        int width = 1 + random.nextInt(12);
        ScanCodebook codebook = new ScanCodebook(width, 4);
        double[][] bases = new double[4][];
        for (int b = 0; b < bases.length; b++) {
            bases[b] = gaussian(random, width, 1);
        }
        for (int j = 0; j < 600; j++) {
            codebook.add(codeword(random, bases, width));
        }

        TermSearch filtered = new TermSearch();
        TermSearch plain = new TermSearch();
        for (int trial = 0; trial < 200; trial++) {
            double[] r = trial % 3 == 0
                    ? perturbed(random, bases[random.nextInt(bases.length)], 1e-10)
                    : gaussian(random, width, Math.pow(10, random.nextInt(9) - 4));
            double rr = SignedPowerOfTwoPursuit.squaredNorm(r);
            boolean positiveOnly = trial % 2 == 1;

            codebook.search(r, rr, positiveOnly, filtered);
            plain.reset();
            for (int j = 0; j < codebook.size(); j++) {
                double ip = SignedPowerOfTwoPursuit.dot(r, codebook.codeword(j));
                plain.offer(j, rr, ip, codebook.norm(j), positiveOnly);
            }

            String where = "trial " + trial;
            assertThat(filtered.index()).as(where + ": index").isEqualTo(plain.index());
            assertThat(filtered.coefficient()).as(where + ": coefficient")
                    .isEqualTo(plain.coefficient());
            assertThat(filtered.error()).as(where + ": error").isEqualTo(plain.error());
        }
    }

    /**
     * Returns zero, tiny (not normalisable), scaled, near-duplicate or random codewords, so
     * that exact ties, near ties below float resolution and the exact-only path all occur.
     */
    private static double[] codeword(Random random, double[][] bases, int width) {
        double[] base = bases[random.nextInt(bases.length)];
        switch (random.nextInt(6)) {
            case 0:
                return new double[width];
            case 1:
                return gaussian(random, width, 1e-280);
            case 2:
                return scaled(base, Math.scalb(random.nextBoolean() ? 1.0 : -1.0,
                        random.nextInt(7) - 3));
            case 3:
                return perturbed(random, base, 1e-9);
            default:
                return gaussian(random, width, 1);
        }
    }

    private static double[] gaussian(Random random, int width, double scale) {
        double[] v = new double[width];
        for (int i = 0; i < width; i++) {
            v[i] = scale * random.nextGaussian();
        }
        return v;
    }

    private static double[] scaled(double[] v, double factor) {
        double[] result = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            result[i] = factor * v[i];
        }
        return result;
    }

    private static double[] perturbed(Random random, double[] v, double size) {
        double[] result = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            result[i] = v[i] + size * random.nextGaussian();
        }
        return result;
    }
}
