package org.shiftadd.nn;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.shiftadd.api.Matrix;

/**
 * Removes hidden neurons whose removal leaves the function of a {@link DenseNetwork}
 * unchanged, after structured pruning has zeroed columns.
 *
 * <p>Neuron {@code i} of layer {@code l} is output {@code i} of layer {@code l} and input
 * {@code i} of layer {@code l + 1}. It can go in two cases:
 * <ul>
 *   <li>its column {@code W_{l+1}[:, i]} is zero, so the next layer ignores it, or
 *   <li>its row {@code W_l[i, :]} is zero, so it outputs the constant {@code relu(b_l[i])};
 *       that constant times its column is then added to {@code b_{l+1}}.
 * </ul>
 * Either way row {@code i} and bias {@code i} of layer {@code l} and column {@code i} of
 * layer {@code l + 1} are deleted, so the neuron costs no additions afterwards. The outputs
 * of the network stay the same up to the rounding of the folded bias. Neurons of the output
 * layer are the classes and inputs of the first layer are the data, so neither is removed:
 * zero columns of the first layer stay in place.
 *
 * <p>A request that would change the function, or remove every neuron of a layer, is
 * rejected with an {@link IllegalArgumentException} that names the layers involved.
 *
 * <p>Source of the column groups: W. Wen et al., "Learning Structured Sparsity in Deep
 * Neural Networks", NeurIPS 2016.
 */
public final class Thinning {
    private Thinning() {
    }

    /**
     * Removes every hidden neuron that either case of the class comment allows, repeating
     * until none is left, because removing the neurons of one layer can zero rows or columns
     * of the layers next to it.
     *
     * @param network the network; not modified
     * @return the thinned network and the original indices of the neurons it kept
     * @throws IllegalArgumentException if every neuron of a hidden layer could go, which
     *     means the network's output no longer depends on its input
     */
    public static ThinnedNetwork thin(DenseNetwork network) {
        Layers layers = new Layers(network);
        boolean changed = true;
        while (changed) {
            changed = false;
            for (int l = 0; l + 1 < layers.count(); l++) {
                int[] removable = layers.removableNeurons(l);
                if (removable.length > 0) {
                    layers.requireSurvivor(l, removable.length);
                    layers.remove(l, removable);
                    changed = true;
                }
            }
        }
        return layers.result();
    }

    /**
     * Removes given neurons of one hidden layer.
     *
     * @param network the network; not modified
     * @param layer the layer whose outputs to remove, from 0 to {@code layerCount() - 2}
     * @param neurons indices of the outputs of that layer, without duplicates
     * @return the thinned network and the original indices of the neurons it kept
     * @throws IllegalArgumentException if the layer is the output layer, an index is invalid
     *     or repeated, a neuron is neither unused nor constant, or no neuron would be left
     */
    public static ThinnedNetwork removeNeurons(DenseNetwork network, int layer, int[] neurons) {
        Objects.requireNonNull(neurons, "neurons");
        Layers layers = new Layers(network);
        layers.checkHidden(layer);
        int[] sorted = neurons.clone();
        Arrays.sort(sorted);
        for (int k = 0; k < sorted.length; k++) {
            layers.checkRemovable(layer, sorted[k]);
            if (k > 0 && sorted[k] == sorted[k - 1]) {
                throw new IllegalArgumentException("neuron " + sorted[k] + " of layer " + layer
                        + " is listed twice");
            }
        }
        layers.requireSurvivor(layer, sorted.length);
        layers.remove(layer, sorted);
        return layers.result();
    }

    /** The weights and biases being thinned: {@code weights[l][o]} is row o of W_l. */
    private static final class Layers {
        private final List<double[][]> weights = new ArrayList<>();
        private final List<double[]> biases = new ArrayList<>();
        /** Original index of every remaining output of every layer. */
        private final List<int[]> keptIndices = new ArrayList<>();
        private final int[] originalSizes;

        Layers(DenseNetwork network) {
            Objects.requireNonNull(network, "network");
            originalSizes = network.layerSizes();
            for (int l = 0; l < network.layerCount(); l++) {
                Matrix w = network.weights(l);
                double[][] rows = new double[w.rows()][];
                Arrays.setAll(rows, w::row);
                weights.add(rows);
                biases.add(network.bias(l));
                int[] all = new int[w.rows()];
                Arrays.setAll(all, o -> o);
                keptIndices.add(all);
            }
        }

        int count() {
            return weights.size();
        }

        void checkHidden(int layer) {
            if (layer < 0 || layer >= count() - 1) {
                throw new IllegalArgumentException("cannot remove neurons of layer " + layer
                        + ": only hidden layers 0.." + (count() - 2) + " have neurons that"
                        + " feed another layer, and the outputs of layer " + (count() - 1)
                        + " are the classes");
            }
        }

        void checkRemovable(int layer, int neuron) {
            int width = weights.get(layer).length;
            if (neuron < 0 || neuron >= width) {
                throw new IllegalArgumentException("layer " + layer + " has neurons 0.."
                        + (width - 1) + ", found " + neuron);
            }
            if (!isUnused(layer, neuron) && !isConstant(layer, neuron)) {
                throw new IllegalArgumentException("cannot remove neuron " + neuron
                        + " of layer " + layer + ": its row in layer " + layer + " and its"
                        + " column in layer " + (layer + 1) + " are both non-zero, so"
                        + " removing it would change the network's outputs");
            }
        }

        void requireSurvivor(int layer, int removed) {
            int width = weights.get(layer).length;
            if (removed >= width) {
                throw new IllegalArgumentException("thinning would remove all " + width
                        + " neurons of layer " + layer + ", so the input of layer "
                        + (layer + 1) + " and the network's output would no longer depend on"
                        + " the network's input; the pruning collapsed the network (lower"
                        + " lambda or the learning rate)");
            }
        }

        /** Returns the neurons of the layer that are unused or constant. */
        int[] removableNeurons(int layer) {
            int width = weights.get(layer).length;
            int[] removable = new int[width];
            int count = 0;
            for (int i = 0; i < width; i++) {
                if (isUnused(layer, i) || isConstant(layer, i)) {
                    removable[count++] = i;
                }
            }
            return Arrays.copyOf(removable, count);
        }

        /** Returns whether the next layer reads the neuron with weight zero only. */
        private boolean isUnused(int layer, int neuron) {
            for (double[] row : weights.get(layer + 1)) {
                if (row[neuron] != 0) {
                    return false;
                }
            }
            return true;
        }

        /** Returns whether the neuron has zero weights, so its output is its bias. */
        private boolean isConstant(int layer, int neuron) {
            for (double w : weights.get(layer)[neuron]) {
                if (w != 0) {
                    return false;
                }
            }
            return true;
        }

        /**
         * Removes sorted neurons of the layer: folds their constant outputs into the next
         * bias, then deletes their rows, biases and next-layer columns.
         */
        void remove(int layer, int[] neurons) {
            double[][] next = weights.get(layer + 1);
            double[] nextBias = biases.get(layer + 1);
            double[] bias = biases.get(layer);
            for (int neuron : neurons) {
                double output = Math.max(bias[neuron], 0);
                if (output != 0 && !isUnused(layer, neuron)) {
                    for (int o = 0; o < next.length; o++) {
                        nextBias[o] += output * next[o][neuron];
                    }
                }
            }
            boolean[] drop = new boolean[bias.length];
            for (int neuron : neurons) {
                drop[neuron] = true;
            }
            weights.set(layer, keepRows(weights.get(layer), drop));
            biases.set(layer, keepEntries(bias, drop));
            keptIndices.set(layer, keepIndices(keptIndices.get(layer), drop));
            for (int o = 0; o < next.length; o++) {
                next[o] = keepEntries(next[o], drop);
            }
        }

        ThinnedNetwork result() {
            List<Matrix> matrices = new ArrayList<>();
            for (double[][] rows : weights) {
                matrices.add(Matrix.fromRows(rows));
            }
            return new ThinnedNetwork(DenseNetwork.of(matrices, biases), originalSizes, keptIndices);
        }

        private static double[][] keepRows(double[][] rows, boolean[] drop) {
            List<double[]> result = new ArrayList<>();
            for (int i = 0; i < rows.length; i++) {
                if (!drop[i]) {
                    result.add(rows[i]);
                }
            }
            return result.toArray(new double[0][]);
        }

        private static double[] keepEntries(double[] values, boolean[] drop) {
            double[] result = new double[values.length];
            int count = 0;
            for (int i = 0; i < values.length; i++) {
                if (!drop[i]) {
                    result[count++] = values[i];
                }
            }
            return Arrays.copyOf(result, count);
        }

        private static int[] keepIndices(int[] values, boolean[] drop) {
            int[] result = new int[values.length];
            int count = 0;
            for (int i = 0; i < values.length; i++) {
                if (!drop[i]) {
                    result[count++] = values[i];
                }
            }
            return Arrays.copyOf(result, count);
        }
    }
}
