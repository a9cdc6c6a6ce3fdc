package org.shiftadd.nn.conv;

/** Checks and output shapes shared by the square pooling windows. */
final class Pooling {
    private Pooling() {
    }

    static void checkWindow(int kernelSize, int stride, String layer) {
        if (kernelSize < 1 || stride < 1) {
            throw new IllegalArgumentException(layer + " needs a kernel size and a stride of at"
                    + " least 1, found kernel size " + kernelSize + " and stride " + stride);
        }
    }

    /**
     * Returns the output shape: {@code (H + 2 * padding - kernelSize) / stride + 1}, rounded
     * down, and the same for the width.
     */
    static Shape outputShape(Shape input, int kernelSize, int stride, int padding,
            String layer) {
        if (input.height() + 2 * padding < kernelSize || input.width() + 2 * padding < kernelSize) {
            throw new IllegalArgumentException(layer + " with a " + kernelSize + "x" + kernelSize
                    + " window cannot take a " + input + " input. Use a smaller window or a"
                    + " larger input.");
        }
        return new Shape(input.channels(),
                (input.height() + 2 * padding - kernelSize) / stride + 1,
                (input.width() + 2 * padding - kernelSize) / stride + 1);
    }
}
