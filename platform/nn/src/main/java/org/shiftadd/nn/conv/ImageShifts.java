package org.shiftadd.nn.conv;

import java.util.Objects;
import java.util.Random;
import org.shiftadd.nn.data.Dataset;

/** Enlarges a training set of images with shifted copies, a cheap guard against overfitting. */
public final class ImageShifts {
    private ImageShifts() {
    }

    /**
     * Returns the samples followed by one copy of each, moved by a random whole number of
     * pixels in {@code [-maxShift, maxShift]} along each axis, with 0 where the image moved
     * away. Every channel moves together.
     *
     * @param data the images in CHW order, {@code shape.size()} features each; not modified
     * @param shape the shape of one image
     * @param maxShift the largest move in pixels, at least 0
     * @param random the source of the moves
     * @return twice as many samples, with the same classes
     * @throws IllegalArgumentException if the features do not match the shape or
     *     {@code maxShift} is negative
     */
    public static Dataset withShiftedCopies(Dataset data, Shape shape, int maxShift,
            Random random) {
        Objects.requireNonNull(random, "random");
        if (data.features() != shape.size()) {
            throw new IllegalArgumentException("images of shape " + shape + " have "
                    + shape.size() + " values, but the data has " + data.features()
                    + " features per sample");
        }
        if (maxShift < 0) {
            throw new IllegalArgumentException("the largest shift must be at least 0, found "
                    + maxShift);
        }
        int size = shape.size();
        int count = data.size();
        double[] original = data.inputs();
        double[] inputs = new double[2 * original.length];
        System.arraycopy(original, 0, inputs, 0, original.length);
        int[] labels = new int[2 * count];
        for (int i = 0; i < count; i++) {
            labels[i] = data.label(i);
            labels[count + i] = data.label(i);
            int dx = random.nextInt(2 * maxShift + 1) - maxShift;
            int dy = random.nextInt(2 * maxShift + 1) - maxShift;
            shift(original, i * size, inputs, (count + i) * size, shape, dx, dy);
        }
        return Dataset.of(inputs, labels, size, data.classes());
    }

    private static void shift(double[] source, int from, double[] target, int to, Shape shape,
            int dx, int dy) {
        int height = shape.height();
        int width = shape.width();
        for (int c = 0; c < shape.channels(); c++) {
            int plane = c * height * width;
            for (int y = 0; y < height; y++) {
                int sourceY = y - dy;
                for (int x = 0; x < width; x++) {
                    int sourceX = x - dx;
                    boolean inside = sourceY >= 0 && sourceY < height && sourceX >= 0
                            && sourceX < width;
                    target[to + plane + y * width + x] = inside
                            ? source[from + plane + sourceY * width + sourceX] : 0;
                }
            }
        }
    }
}
