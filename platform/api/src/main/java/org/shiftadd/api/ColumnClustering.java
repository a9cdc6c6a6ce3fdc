package org.shiftadd.api;

import java.io.Serializable;
import java.util.Objects;

/**
 * Clusters of the columns of one matrix.
 *
 * @param labels cluster index of every column, from 0 to {@code clusters - 1}
 * @param clusters number of clusters
 * @param converged whether the algorithm converged; a stage must not share weights from a run
 *     that did not converge
 * @param iterations iterations used; 0 when the result needed no iteration
 * @param message a short human-readable account, for example why it did not converge
 */
public record ColumnClustering(
        int[] labels, int clusters, boolean converged, int iterations, String message)
        implements Serializable {

    /** Validates that every label lies in {@code [0, clusters)} and copies the labels. */
    public ColumnClustering {
        Objects.requireNonNull(labels, "labels");
        labels = labels.clone();
        for (int j = 0; j < labels.length; j++) {
            if (labels[j] < 0 || labels[j] >= clusters) {
                throw new IllegalArgumentException("label of column " + j + " is " + labels[j]
                        + ", expected 0.." + (clusters - 1));
            }
        }
        message = message == null ? "" : message;
    }

    /** Returns a copy of the labels. */
    @Override
    public int[] labels() {
        return labels.clone();
    }
}
