package org.shiftadd.nn;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * A {@link StepHook} that retrains a network with fixed groups of tied weight columns: after
 * every step the columns of each cluster are replaced by their mean, so the members stay
 * identical, and columns marked {@link #HELD_AT_ZERO} are set back to exactly zero.
 *
 * <p>For the {@link Trainer}'s SGD with heavy-ball momentum this is the same as averaging
 * the gradients within each cluster and applying the averaged update to every member. The
 * trainer keeps one velocity per weight, {@code v_j = m v_j + g_j}, and updates
 * {@code w_j = w - eta v_j} from the common value {@code w} of the cluster. The mean of the
 * members' weights after the step is {@code w - eta * mean(v_j)}, and because the update is
 * linear, {@code mean(v_j)} obeys {@code mean(v_j) = m mean(v_j) + mean(g_j)}: the velocity
 * of gradient averaging, from the same zero start. The gradients agree too, because both
 * evaluate them at the same tied weights. Held columns likewise follow projected gradient
 * descent: whatever velocity they build up, their weights are zero before every forward
 * pass. The argument needs an update that is linear in the gradients, with the same
 * coefficients for every weight, as in SGD, momentum, Nesterov momentum and L2 weight decay.
 * It does not hold for Adam or RMSProp, because their per-weight scaling is not linear. In
 * floating point the two differ only by rounding, and the members stay exactly equal.
 *
 * <p>The members must be equal when training starts, or the first gradients are taken at
 * untied weights: call {@link #tieInPlace} first. Biases are not tied.
 */
public final class TiedColumns implements StepHook {
    /** Label of a column that is held at exactly zero, for example a pruned input. */
    public static final int HELD_AT_ZERO = -1;

    /** Labels by layer and column; null for a layer without ties. */
    private final int[][] labels;
    /** Number of members of every cluster by layer; null for a layer without ties. */
    private final int[][] clusterSizes;

    private TiedColumns(int[][] labels, int[][] clusterSizes) {
        this.labels = labels;
        this.clusterSizes = clusterSizes;
    }

    /**
     * Creates the hook from the clusters of the columns of every layer.
     *
     * @param labelsByLayer for every layer, the cluster of each input column (any
     *     non-negative numbering) or {@link #HELD_AT_ZERO}; null for a layer whose columns
     *     train freely. Copied.
     * @return the hook
     * @throws IllegalArgumentException if a label is below {@link #HELD_AT_ZERO}
     */
    public static TiedColumns of(List<int[]> labelsByLayer) {
        Objects.requireNonNull(labelsByLayer, "labelsByLayer");
        int layers = labelsByLayer.size();
        int[][] labels = new int[layers][];
        int[][] clusterSizes = new int[layers][];
        for (int l = 0; l < layers; l++) {
            int[] layerLabels = labelsByLayer.get(l);
            if (layerLabels != null) {
                labels[l] = layerLabels.clone();
                clusterSizes[l] = clusterSizes(labels[l], l);
            }
        }
        return new TiedColumns(labels, clusterSizes);
    }

    /**
     * Creates a hook that keeps every column that is exactly zero now at zero and ties
     * nothing, for fine-tuning a pruned network without the penalty.
     *
     * @param network the pruned network; not modified
     * @return the hook, with every other column in a cluster of its own
     */
    public static TiedColumns holdingZeroColumns(DenseNetwork network) {
        List<int[]> labelsByLayer = new ArrayList<>();
        for (int l = 0; l < network.layerCount(); l++) {
            double[][] columns = network.columns(l);
            int[] layerLabels = new int[columns.length];
            for (int k = 0; k < columns.length; k++) {
                layerLabels[k] = isZero(columns[k]) ? HELD_AT_ZERO : k;
            }
            labelsByLayer.add(layerLabels);
        }
        return of(labelsByLayer);
    }

    private static int[] clusterSizes(int[] labels, int layer) {
        int clusters = 0;
        for (int k = 0; k < labels.length; k++) {
            if (labels[k] < HELD_AT_ZERO) {
                throw new IllegalArgumentException("column " + k + " of layer " + layer
                        + " has label " + labels[k] + ": labels must be at least 0, or "
                        + HELD_AT_ZERO + " for a column held at zero");
            }
            clusters = Math.max(clusters, labels[k] + 1);
        }
        int[] sizes = new int[clusters];
        for (int label : labels) {
            if (label >= 0) {
                sizes[label]++;
            }
        }
        return sizes;
    }

    /**
     * Replaces the columns of every cluster by their mean and zeroes the held columns, so
     * that training starts from tied weights. Call it before training: the hook itself
     * cannot check that its labels fit the network.
     *
     * @param network the network; modified in place
     * @throws IllegalArgumentException if the labels do not fit the network's layers
     */
    public void tieInPlace(DenseNetwork network) {
        checkFits(network);
        for (int l = 0; l < labels.length; l++) {
            if (labels[l] != null) {
                double[] flat = network.weightsRowMajor(l);
                int[] sizes = network.layerSizes();
                tieRowMajor(l, flat, sizes[l + 1], sizes[l]);
                network.setWeightsRowMajor(l, flat);
            }
        }
    }

    /**
     * Checks that there is one label array or null per layer, each with one label per input.
     *
     * @param network the network to train; not modified
     * @throws IllegalArgumentException naming the first layer that does not fit
     */
    public void checkFits(DenseNetwork network) {
        if (network.layerCount() != labels.length) {
            throw new IllegalArgumentException("the ties cover " + labels.length
                    + " layers but the network has " + network.layerCount());
        }
        int[] sizes = network.layerSizes();
        for (int l = 0; l < labels.length; l++) {
            if (labels[l] != null && labels[l].length != sizes[l]) {
                throw new IllegalArgumentException("layer " + l + " has " + sizes[l]
                        + " input columns but " + labels[l].length + " labels");
            }
        }
    }

    @Override
    public void afterStep(int layer, double[] weights, int rows, int cols,
            double learningRate) {
        if (layer < labels.length && labels[layer] != null) {
            tieRowMajor(layer, weights, rows, cols);
        }
    }

    /** Sets every member of a cluster to the cluster mean, row by row. */
    private void tieRowMajor(int layer, double[] weights, int rows, int cols) {
        int[] layerLabels = labels[layer];
        int[] sizes = clusterSizes[layer];
        double[] sums = new double[sizes.length];
        for (int i = 0; i < rows; i++) {
            int row = i * cols;
            Arrays.fill(sums, 0);
            for (int k = 0; k < cols; k++) {
                int label = layerLabels[k];
                if (label >= 0) {
                    sums[label] += weights[row + k];
                }
            }
            for (int k = 0; k < cols; k++) {
                int label = layerLabels[k];
                weights[row + k] = label >= 0 ? sums[label] / sizes[label] : 0.0;
            }
        }
    }

    private static boolean isZero(double[] column) {
        for (double w : column) {
            if (w != 0) {
                return false;
            }
        }
        return true;
    }
}
