package org.shiftadd.nn.conv;

/**
 * The shape of one image tensor: channels, height and width.
 *
 * <p>Element {@code (c, y, x)} of an image is at {@code (c * height + y) * width + x}, and
 * image {@code n} of a batch starts at {@code n * size()}. A vector of {@code k} features,
 * such as the logits, has shape {@code k x 1 x 1}.
 *
 * @param channels number of channels, at least 1
 * @param height number of rows, at least 1
 * @param width number of columns, at least 1
 */
public record Shape(int channels, int height, int width) {
    /**
     * Checks the dimensions.
     *
     * @throws IllegalArgumentException if a dimension is below 1 or the image has more than
     *     {@link Integer#MAX_VALUE} elements
     */
    public Shape {
        if (channels < 1 || height < 1 || width < 1) {
            throw new IllegalArgumentException("every dimension of a shape must be at least 1,"
                    + " found " + channels + "x" + height + "x" + width);
        }
        if ((long) channels * height * width > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("a " + channels + "x" + height + "x" + width
                    + " image has more elements than a Java array can hold");
        }
    }

    /**
     * Returns the shape of a vector of features, {@code features x 1 x 1}.
     *
     * @param features number of features, at least 1
     * @return the shape
     */
    public static Shape vector(int features) {
        return new Shape(features, 1, 1);
    }

    /** Returns the number of elements of one image, {@code channels * height * width}. */
    public int size() {
        return channels * height * width;
    }

    /** Returns the number of positions of one channel, {@code height * width}. */
    public int positions() {
        return height * width;
    }

    /** Returns whether the height and the width are 1, as for the input of {@link Linear}. */
    public boolean isVector() {
        return height == 1 && width == 1;
    }

    /** Returns the shape as {@code CxHxW}. */
    @Override
    public String toString() {
        return channels + "x" + height + "x" + width;
    }
}
