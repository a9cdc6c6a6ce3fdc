package org.shiftadd.numerics.lcc;

import java.util.ArrayList;
import java.util.List;
import org.shiftadd.numerics.Sqnr;

/**
 * A literal fully sequential search on one slice, without caches: every step recomputes the
 * one-term and two-term forms of every row over the whole codebook, at O(N·|B|·K) per step.
 *
 * <p>It is written from the definition alone (its own inner products, powers of two and
 * error formula), so that the cached search can be checked against it bit for bit.
 */
final class NaiveFullySequentialLcc {
    private final double[][] target;
    private final int width;
    private final boolean signNormalised;
    private final List<double[]> codebook = new ArrayList<>();
    private final List<Double> codewordNorms = new ArrayList<>();
    private final List<AdderGraph.Adder> adders = new ArrayList<>();

    /** The outcome: adders, output terms (null for zero), T̂ rows and whether it reached. */
    record Result(List<AdderGraph.Adder> adders, Term[] outputs, double[][] approximation,
            boolean targetReached) {
    }

    /** The best term over the codebook: codeword index, coefficient, squared error. */
    private record Best(int index, double coefficient, double error) {
    }

    /** One row's state in a step: its first term, residual, and two-term gain if any. */
    private record RowForm(Best first, boolean used, double[] residual, double residualNorm,
            Best second, boolean hasPair, double gain) {
    }

    private NaiveFullySequentialLcc(double[][] target, int width, boolean signNormalised) {
        this.target = target;
        this.width = width;
        this.signNormalised = signNormalised;
        for (int i = 0; i < width; i++) {
            addCodeword(TestMatrices.unit(width, i));
        }
    }

    static Result run(double[][] target, int width, double targetSqnrDb, FsOptions options) {
        NaiveFullySequentialLcc naive =
                new NaiveFullySequentialLcc(target, width, options.signNormalised());
        return naive.loop(targetSqnrDb, options.maxAdditions(target.length, width));
    }

    private Result loop(double targetSqnrDb, long maxAdditions) {
        double signal = 0;
        for (double[] row : target) {
            signal += squaredNorm(row);
        }
        while (true) {
            List<RowForm> forms = new ArrayList<>();
            double noise = 0;
            for (double[] row : target) {
                RowForm form = rowForm(row);
                forms.add(form);
                noise += form.residualNorm();
            }
            if (Sqnr.fromEnergies(signal, noise) >= targetSqnrDb) {
                return result(forms, true);
            }
            if (adders.size() >= maxAdditions) {
                return result(forms, false);
            }
            int best = -1;
            for (int k = 0; k < forms.size(); k++) {
                if (forms.get(k).hasPair()
                        && (best < 0 || forms.get(k).gain() > forms.get(best).gain())) {
                    best = k;
                }
            }
            if (best < 0 || forms.get(best).gain() < 1e-12 * noise) {
                return result(forms, false);
            }
            append(forms.get(best));
        }
    }

    private RowForm rowForm(double[] t) {
        double tt = squaredNorm(t);
        Best first = bestTerm(t, tt, false);
        boolean used = !isZero(t) && first != null && !(tt - first.error() <= 1e-12 * tt);
        double[] residual = t.clone();
        if (used) {
            subtract(residual, first.coefficient(), codebook.get(first.index()));
        }
        double rr = squaredNorm(residual);
        if (!used || isZero(residual)) {
            return new RowForm(first, used, residual, rr, null, false, 0);
        }
        boolean positiveOnly = !signNormalised && first.coefficient() < 0;
        Best second = bestTerm(residual, rr, positiveOnly);
        if (second == null || rr - second.error() <= 1e-12 * tt) {
            return new RowForm(first, true, residual, rr, second, false, 0);
        }
        double[] rest = residual.clone();
        subtract(rest, second.coefficient(), codebook.get(second.index()));
        return new RowForm(first, true, residual, rr, second, true, rr - squaredNorm(rest));
    }

    /** Scans the whole codebook in index order. Ties keep the earlier codeword, then q_lo. */
    private Best bestTerm(double[] r, double rr, boolean positiveOnly) {
        Best best = null;
        for (int j = 0; j < codebook.size(); j++) {
            double[] c = codebook.get(j);
            double nc = codewordNorms.get(j);
            double ip = dot(r, c);
            double rho = ip / nc;
            if (nc == 0 || rho == 0 || (positiveOnly && rho < 0)) {
                continue;
            }
            double low = Math.signum(rho) * Math.pow(2, Math.getExponent(rho));
            double lowError = (rr - 2 * low * ip) + low * low * nc;
            if (best == null || lowError < best.error()) {
                best = new Best(j, low, lowError);
            }
            double high = 2 * low;
            double highError = (rr - 2 * high * ip) + high * high * nc;
            if (highError < best.error()) {
                best = new Best(j, high, highError);
            }
        }
        return best;
    }

    private void append(RowForm form) {
        Term left = Term.of(form.first().index(), form.first().coefficient());
        Term right = Term.of(form.second().index(), form.second().coefficient());
        if (left.negative() && right.negative()) {
            left = left.negate();
            right = right.negate();
        }
        adders.add(new AdderGraph.Adder(left, right));
        double[] a = codebook.get(left.source());
        double[] b = codebook.get(right.source());
        double[] codeword = new double[width];
        for (int i = 0; i < width; i++) {
            codeword[i] = left.coefficient() * a[i] + right.coefficient() * b[i];
        }
        addCodeword(codeword);
    }

    private void addCodeword(double[] codeword) {
        codebook.add(codeword);
        codewordNorms.add(squaredNorm(codeword));
    }

    private Result result(List<RowForm> forms, boolean reached) {
        Term[] outputs = new Term[forms.size()];
        double[][] approximation = new double[forms.size()][width];
        for (int k = 0; k < forms.size(); k++) {
            RowForm form = forms.get(k);
            if (form.used()) {
                outputs[k] = Term.of(form.first().index(), form.first().coefficient());
                double[] c = codebook.get(form.first().index());
                for (int i = 0; i < width; i++) {
                    approximation[k][i] = form.first().coefficient() * c[i];
                }
            }
        }
        return new Result(List.copyOf(adders), outputs, approximation, reached);
    }

    private static double dot(double[] a, double[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += a[i] * b[i];
        }
        return sum;
    }

    private static double squaredNorm(double[] a) {
        return dot(a, a);
    }

    private static boolean isZero(double[] a) {
        for (double value : a) {
            if (value != 0) {
                return false;
            }
        }
        return true;
    }

    private static void subtract(double[] r, double q, double[] c) {
        for (int i = 0; i < r.length; i++) {
            r[i] -= q * c[i];
        }
    }
}
