package org.shiftadd.nn;

/**
 * Softmax cross-entropy and arg max on the logits of one sample, shared by the dense and the
 * convolutional networks.
 *
 * <p>Uses {@link StrictMath} because {@link Math#exp} may return different bits once the
 * JIT compiler replaces it with an intrinsic, and training must repeat bit for bit.
 */
public final class Losses {
    private Losses() {
    }

    /**
     * Returns the index of the largest of {@code n} values from {@code offset}, relative to
     * {@code offset}, the first one on ties.
     *
     * @param values the array to search; not modified
     * @param offset index of the first value
     * @param n number of values, at least 1
     * @return the index, in {@code [0, n)}
     */
    public static int argmax(double[] values, int offset, int n) {
        int best = 0;
        for (int o = 1; o < n; o++) {
            if (values[offset + o] > values[offset + best]) {
                best = o;
            }
        }
        return best;
    }

    /**
     * Returns the cross-entropy loss {@code -log softmax(logits)[label]}, in nats, over the
     * first {@code n} logits.
     *
     * @param logits the outputs before the softmax; not modified
     * @param n number of classes, at least 1
     * @param label the correct class, in {@code [0, n)}
     * @return the loss
     */
    public static double crossEntropy(double[] logits, int n, int label) {
        double max = max(logits, n);
        double sum = 0;
        for (int o = 0; o < n; o++) {
            sum += StrictMath.exp(logits[o] - max);
        }
        return StrictMath.log(sum) + max - logits[label];
    }

    /**
     * Writes the gradient of the cross-entropy with respect to the logits, scaled by
     * {@code scale}, and returns the loss.
     *
     * @param logits the outputs before the softmax; not modified
     * @param n number of classes, at least 1
     * @param label the correct class, in {@code [0, n)}
     * @param scale factor of the gradient, for example {@code 1 / batchSize} for the
     *     gradient of a mean loss
     * @param gradient receives {@code scale * (softmax(logits) - onehot(label))} in its first
     *     {@code n} elements
     * @return the loss, as {@link #crossEntropy} returns it
     */
    public static double crossEntropyGradient(double[] logits, int n, int label, double scale,
            double[] gradient) {
        double max = max(logits, n);
        double sum = 0;
        for (int o = 0; o < n; o++) {
            double e = StrictMath.exp(logits[o] - max);
            gradient[o] = e;
            sum += e;
        }
        for (int o = 0; o < n; o++) {
            gradient[o] = gradient[o] / sum * scale;
        }
        gradient[label] -= scale;
        return StrictMath.log(sum) + max - logits[label];
    }

    private static double max(double[] values, int n) {
        double max = Double.NEGATIVE_INFINITY;
        for (int o = 0; o < n; o++) {
            max = Math.max(max, values[o]);
        }
        return max;
    }
}
