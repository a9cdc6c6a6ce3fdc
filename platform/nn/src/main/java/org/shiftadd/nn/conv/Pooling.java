package org.shiftadd.nn.conv;

/** Checks and output shapes shared by the square pooling windows without padding. */
final class Pooling {
    private Pooling() {
    }

    static void checkWindow(int kernelSize, int stride, String layer) {
        if (kernelSize < 1 || stride < 1) {
            throw new IllegalArgumentException(layer + " needs a kernel size and a stride of at"
                    + " least 1, found kernel size " + kernelSize + " and stride " + stride);
        }
    }

    /** Returns the output shape: {@code (H - kernelSize) / stride + 1}, rounded down. */
    static Shape outputShape(Shape input, int kernelSize, int stride, String layer) {
        if (input.height() < kernelSize || input.width() < kernelSize) {
            throw new IllegalArgumentException(layer + " with a " + kernelSize + "x" + kernelSize
                    + " window cannot take a " + input + " input. Use a smaller window or a"
                    + " larger input.");
        }
        return new Shape(input.channels(), (input.height() - kernelSize) / stride + 1,
                (input.width() - kernelSize) / stride + 1);
    }
}
