package org.shiftadd.nn;

/**
 * Buffers and code for running a network on up to {@code capacity} samples at once. The
 * training step reads the per-layer state that the pass leaves behind.
 */
final class ForwardPass {
    /**
     * Bytes of weight columns that one block of the forward pass touches.
     * NOTE: chosen to fit the per-core L2 cache of current x86 processors (512 KiB to
     * 2 MiB); measured on one AMD EPYC only.
     */
    private static final int BLOCK_BYTES = 256 * 1024;

    private final DenseNetwork network;
    private final int[] sizes;
    /** The input of each layer, as sparse rows: the samples, then the ReLU outputs. */
    final SparseRows[] layerInputs;
    /** {@code preActivations[l][b]} is {@code W x + b} of layer {@code l} for sample b. */
    final double[][][] preActivations;
    private final int[] cursor;

    ForwardPass(DenseNetwork network, int capacity) {
        this.network = network;
        this.sizes = network.layerSizes();
        int layers = network.layerCount();
        this.layerInputs = new SparseRows[layers];
        this.preActivations = new double[layers][][];
        for (int l = 0; l < layers; l++) {
            layerInputs[l] = new SparseRows();
            preActivations[l] = new double[capacity][sizes[l + 1]];
        }
        this.cursor = new int[capacity];
    }

    /**
     * Runs the network on {@code count} samples of a row-major input array, from sample
     * {@code first}, and returns the logits: one live row per sample, valid until the next
     * run.
     */
    double[][] run(double[] inputs, int first, int count) {
        int layers = preActivations.length;
        layerInputs[0].setNonZero(inputs, first, count, sizes[0]);
        for (int l = 0; l < layers; l++) {
            double[][] z = preActivations[l];
            double[] bias = network.biasArray(l);
            double[][] columns = network.columns(l);
            int width = sizes[l + 1];
            for (int b = 0; b < count; b++) {
                System.arraycopy(bias, 0, z[b], 0, width);
            }
            multiplyBlocked(layerInputs[l], count, columns, sizes[l], width, z);
            if (l + 1 < layers) {
                layerInputs[l + 1].setRelu(z, count, width);
            }
        }
        return preActivations[layers - 1];
    }

    /**
     * Adds {@code inputs * columns} to {@code z}, a block of weight columns at a time so the
     * block stays in cache while every sample uses it.
     */
    private void multiplyBlocked(SparseRows inputs, int count, double[][] columns,
            int inputCount, int width, double[][] z) {
        int blockRows = Math.max(4, BLOCK_BYTES / (Double.BYTES * width));
        int[] cursor = this.cursor;
        System.arraycopy(inputs.start, 0, cursor, 0, count);
        for (int blockEnd = blockRows; blockEnd - blockRows < inputCount;
                blockEnd += blockRows) {
            for (int b = 0; b < count; b++) {
                int first = cursor[b];
                int end = inputs.start[b + 1];
                int stop = first;
                while (stop < end && inputs.index[stop] < blockEnd) {
                    stop++;
                }
                Kernels.addEntriesTimes(inputs, first, stop, columns, z[b], width);
                cursor[b] = stop;
            }
        }
    }
}
