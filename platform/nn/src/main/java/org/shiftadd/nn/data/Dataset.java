package org.shiftadd.nn.data;

import java.util.Arrays;
import java.util.Objects;

/**
 * An immutable set of labelled samples for classification.
 *
 * <p>Sample {@code i} has the features {@code inputs[i * features]} to
 * {@code inputs[(i + 1) * features - 1]} and a label in {@code [0, classes)}. Images read
 * from IDX files have one feature per pixel, scaled from 0..255 to {@code [0, 1]}.
 */
public final class Dataset {
    private final int size;
    private final int features;
    private final int classes;
    private final double[] inputs;
    private final int[] labels;

    /** Takes ownership of the arrays, which the caller has validated and will not change. */
    Dataset(double[] inputs, int[] labels, int features, int classes) {
        this.size = labels.length;
        this.features = features;
        this.classes = classes;
        this.inputs = inputs;
        this.labels = labels;
    }

    /**
     * Creates a data set from copies of the given arrays.
     *
     * @param inputs {@code labels.length * features} finite values, sample after sample
     * @param labels one label per sample, each in {@code [0, classes)}
     * @param features number of values per sample, at least 1
     * @param classes number of classes, at least 1
     * @return the data set
     * @throws IllegalArgumentException if a count, length, label or value is invalid
     */
    public static Dataset of(double[] inputs, int[] labels, int features, int classes) {
        Objects.requireNonNull(inputs, "inputs");
        Objects.requireNonNull(labels, "labels");
        if (features < 1 || classes < 1) {
            throw new IllegalArgumentException("features and classes must be at least 1, found "
                    + features + " features and " + classes + " classes");
        }
        if ((long) labels.length * features != inputs.length) {
            throw new IllegalArgumentException(labels.length + " samples of " + features
                    + " features need " + (long) labels.length * features + " inputs, found "
                    + inputs.length);
        }
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0 || labels[i] >= classes) {
                throw new IllegalArgumentException("label " + labels[i] + " of sample " + i
                        + " is out of range [0, " + classes + ")");
            }
        }
        for (int k = 0; k < inputs.length; k++) {
            if (!Double.isFinite(inputs[k])) {
                throw new IllegalArgumentException("input " + (k % features) + " of sample "
                        + k / features + " is " + inputs[k] + ": every input must be finite");
            }
        }
        return new Dataset(inputs.clone(), labels.clone(), features, classes);
    }

    /** Returns the number of samples. */
    public int size() {
        return size;
    }

    /** Returns the number of input values per sample. */
    public int features() {
        return features;
    }

    /** Returns the number of classes. Every label is below it. */
    public int classes() {
        return classes;
    }

    /**
     * Returns the label of one sample.
     *
     * @param index sample index, from 0
     * @return the label, in {@code [0, classes)}
     */
    public int label(int index) {
        return labels[Objects.checkIndex(index, size)];
    }

    /** Returns a copy of all labels. */
    public int[] labels() {
        return labels.clone();
    }

    /** Returns a copy of all inputs, sample after sample. */
    public double[] inputs() {
        return inputs.clone();
    }

    /**
     * Returns a copy of the inputs of one sample.
     *
     * @param index sample index, from 0
     * @return {@code features} values
     */
    public double[] input(int index) {
        Objects.checkIndex(index, size);
        return Arrays.copyOfRange(inputs, index * features, (index + 1) * features);
    }

    /**
     * Returns the number of samples of each class.
     *
     * @return {@code classes} counts
     */
    public int[] classCounts() {
        int[] counts = new int[classes];
        for (int label : labels) {
            counts[label]++;
        }
        return counts;
    }

    /**
     * Copies the inputs and labels of several samples into caller-owned buffers, as a
     * training loop does for each mini-batch.
     *
     * @param order sample indices
     * @param from first position in {@code order} to copy
     * @param count number of samples to copy
     * @param inputsOut receives {@code count * features} values, sample after sample
     * @param labelsOut receives {@code count} labels
     * @throws IndexOutOfBoundsException if a position, sample index or buffer is too small
     */
    public void copyBatch(int[] order, int from, int count, double[] inputsOut,
            int[] labelsOut) {
        Objects.checkFromIndexSize(from, count, order.length);
        Objects.checkFromIndexSize(0, count * features, inputsOut.length);
        Objects.checkFromIndexSize(0, count, labelsOut.length);
        for (int j = 0; j < count; j++) {
            int sample = Objects.checkIndex(order[from + j], size);
            System.arraycopy(inputs, sample * features, inputsOut, j * features, features);
            labelsOut[j] = labels[sample];
        }
    }

    /**
     * Returns the samples in {@code [from, to)} as a new data set with the same class count.
     *
     * @param from first sample, inclusive
     * @param to last sample, exclusive
     * @return the slice
     */
    public Dataset slice(int from, int to) {
        Objects.checkFromToIndex(from, to, size);
        return new Dataset(Arrays.copyOfRange(inputs, from * features, to * features),
                Arrays.copyOfRange(labels, from, to), features, classes);
    }

    @Override
    public String toString() {
        return "Dataset[" + size + " samples, " + features + " features, " + classes
                + " classes]";
    }
}
