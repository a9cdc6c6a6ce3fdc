package org.shiftadd.nn.data;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;

/** Writes small IDX files for tests. */
final class IdxFiles {
    private IdxFiles() {
    }

    /** Returns an image file: header for {@code count} images of rows x cols, then pixels. */
    static byte[] images(int count, int rows, int cols, byte[] pixels) {
        ByteBuffer buffer = ByteBuffer.allocate(16 + pixels.length);
        buffer.putInt(0x00000803).putInt(count).putInt(rows).putInt(cols).put(pixels);
        return buffer.array();
    }

    /** Returns a label file with the given labels, each stored as one unsigned byte. */
    static byte[] labels(int... labels) {
        ByteBuffer buffer = ByteBuffer.allocate(8 + labels.length);
        buffer.putInt(0x00000801).putInt(labels.length);
        for (int label : labels) {
            buffer.put((byte) label);
        }
        return buffer.array();
    }

    /** Returns {@code count} images of rows x cols whose pixel k of image i is (i + k) % 256. */
    static byte[] patternImages(int count, int rows, int cols) {
        byte[] pixels = new byte[count * rows * cols];
        for (int i = 0; i < count; i++) {
            for (int k = 0; k < rows * cols; k++) {
                pixels[i * rows * cols + k] = (byte) ((i + k) % 256);
            }
        }
        return images(count, rows, cols, pixels);
    }

    static byte[] gzip(byte[] content) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(bytes)) {
            out.write(content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    static Path write(Path directory, String name, byte[] content) {
        try {
            return Files.write(directory.resolve(name), content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes a consistent data set directory: 5 training and 3 test images of 4x3. */
    static void writeSmallSet(Path directory, boolean gzipped) {
        String suffix = gzipped ? ".gz" : "";
        writeMaybeGzipped(directory, "train-images-idx3-ubyte" + suffix,
                patternImages(5, 4, 3), gzipped);
        writeMaybeGzipped(directory, "train-labels-idx1-ubyte" + suffix,
                labels(0, 1, 2, 3, 1), gzipped);
        writeMaybeGzipped(directory, "t10k-images-idx3-ubyte" + suffix,
                patternImages(3, 4, 3), gzipped);
        writeMaybeGzipped(directory, "t10k-labels-idx1-ubyte" + suffix,
                labels(2, 0, 3), gzipped);
    }

    private static void writeMaybeGzipped(Path directory, String name, byte[] content,
            boolean gzipped) {
        write(directory, name, gzipped ? gzip(content) : content);
    }
}
