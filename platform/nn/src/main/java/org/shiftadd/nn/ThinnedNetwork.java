package org.shiftadd.nn;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A network after {@link Thinning}, with the neurons it kept.
 */
public final class ThinnedNetwork {
    private final DenseNetwork network;
    private final int[] originalSizes;
    private final List<int[]> keptNeurons;

    ThinnedNetwork(DenseNetwork network, int[] originalSizes, List<int[]> keptNeurons) {
        this.network = Objects.requireNonNull(network, "network");
        this.originalSizes = originalSizes.clone();
        this.keptNeurons = new ArrayList<>();
        for (int[] kept : keptNeurons) {
            this.keptNeurons.add(kept.clone());
        }
    }

    /** Returns the thinned network. */
    public DenseNetwork network() {
        return network;
    }

    /**
     * Returns the original indices of the outputs of one layer that remain, in increasing
     * order; output {@code k} of the thinned layer was output {@code keptNeurons(l)[k]}.
     *
     * @param layer layer index, from 0
     * @return a copy of the indices; every output of the last layer remains
     */
    public int[] keptNeurons(int layer) {
        Objects.checkIndex(layer, keptNeurons.size());
        return keptNeurons.get(layer).clone();
    }

    /**
     * Returns how many outputs of one layer were removed.
     *
     * @param layer layer index, from 0
     * @return the number of removed outputs, 0 for the last layer
     */
    public int removedNeurons(int layer) {
        return originalSizes[layer + 1] - keptNeurons(layer).length;
    }
}
