package org.shiftadd.nn.data;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Reads the two IDX file kinds of MNIST: a 3-dimensional array of unsigned bytes (images)
 * and a 1-dimensional one (labels), each gzip-compressed or not. Colour images are a
 * 4-dimensional array, count x rows x columns x channels, as NumPy stores an {@code (N, H, W,
 * C)} array of {@code uint8}.
 *
 * <p>An IDX file starts with a 4-byte big-endian magic number {@code 0x0000TTDD}, where
 * {@code TT} is the element type ({@code 0x08} for unsigned bytes) and {@code DD} the number
 * of dimensions, followed by one 4-byte big-endian size per dimension and the elements.
 */
final class IdxFile {
    static final int IMAGES_MAGIC = 0x00000803;
    static final int COLOUR_IMAGES_MAGIC = 0x00000804;
    static final int LABELS_MAGIC = 0x00000801;

    private static final int GZIP_MAGIC_0 = 0x1f;
    private static final int GZIP_MAGIC_1 = 0x8b;
    private static final int BUFFER_BYTES = 1 << 16;

    private IdxFile() {
    }

    /**
     * Pixels of {@code count} images of {@code channels x rows x cols}, image after image,
     * each in CHW order: channel planes one after another.
     */
    record Images(Path file, int count, int channels, int rows, int cols, byte[] pixels) {
    }

    /** Labels as stored in the file, each 0 to 255. */
    record Labels(Path file, int[] labels) {
    }

    /**
     * Reads an image file.
     *
     * @throws DatasetException if the file cannot be read, is not an IDX image file or is
     *     truncated
     */
    static Images readImages(Path file) {
        try (InputStream in = open(file)) {
            int magic = readHeader(in, file, 4, 4, "image").getInt();
            if (magic != COLOUR_IMAGES_MAGIC) {
                checkMagic(file, magic, IMAGES_MAGIC);
            }
            boolean colour = magic == COLOUR_IMAGES_MAGIC;
            ByteBuffer header = colour ? readHeader(in, file, 16, 20, "image")
                    : readHeader(in, file, 12, 16, "image");
            int count = header.getInt();
            int rows = header.getInt();
            int cols = header.getInt();
            int channels = colour ? header.getInt() : 1;
            if (count < 0 || rows < 1 || cols < 1 || channels < 1) {
                throw new DatasetException(file + " has an invalid IDX header: " + count
                        + " images of " + rows + "x" + cols + " pixels, " + channels
                        + " channels. Download the file again.");
            }
            long bytes = (long) count * rows * cols * channels;
            String shape = count + " images of " + rows + "x" + cols
                    + (colour ? "x" + channels : "");
            if (bytes > Integer.MAX_VALUE - 16) {
                throw new DatasetException(file + " declares " + shape + " = " + bytes
                        + " pixels, more than one array can hold (" + (Integer.MAX_VALUE - 16)
                        + "). Split the file.");
            }
            byte[] pixels = readBody(in, file, (int) bytes, shape + " = " + bytes + " bytes");
            return new Images(file, count, channels, rows, cols,
                    colour ? toPlanes(pixels, count, rows * cols, channels) : pixels);
        } catch (IOException e) {
            throw readFailure(file, e);
        }
    }

    /** Reorders interleaved pixels (HWC, as stored) into channel planes (CHW). */
    private static byte[] toPlanes(byte[] interleaved, int count, int positions, int channels) {
        byte[] planes = new byte[interleaved.length];
        int size = positions * channels;
        for (int image = 0; image < count; image++) {
            int base = image * size;
            for (int position = 0; position < positions; position++) {
                for (int channel = 0; channel < channels; channel++) {
                    planes[base + channel * positions + position] =
                            interleaved[base + position * channels + channel];
                }
            }
        }
        return planes;
    }

    /**
     * Reads a label file.
     *
     * @throws DatasetException if the file cannot be read, is not an IDX label file or is
     *     truncated
     */
    static Labels readLabels(Path file) {
        try (InputStream in = open(file)) {
            checkMagic(file, readHeader(in, file, 4, 4, "label").getInt(), LABELS_MAGIC);
            int count = readHeader(in, file, 4, 8, "label").getInt();
            if (count < 0) {
                throw new DatasetException(file + " has an invalid IDX header: " + count
                        + " labels. Download the file again.");
            }
            byte[] bytes = readBody(in, file, count, count + " labels = " + count + " bytes");
            int[] labels = new int[count];
            for (int i = 0; i < count; i++) {
                labels[i] = bytes[i] & 0xff;
            }
            return new Labels(file, labels);
        } catch (IOException e) {
            throw readFailure(file, e);
        }
    }

    /** Opens a file, adding gzip decompression when it starts with the gzip magic bytes. */
    private static InputStream open(Path file) throws IOException {
        InputStream in = new BufferedInputStream(Files.newInputStream(file), BUFFER_BYTES);
        in.mark(2);
        int first = in.read();
        int second = in.read();
        in.reset();
        if (first == GZIP_MAGIC_0 && second == GZIP_MAGIC_1) {
            return new GZIPInputStream(in, BUFFER_BYTES);
        }
        return in;
    }

    /**
     * Reads the next {@code length} bytes of a header that is {@code headerLength} bytes
     * long and ends with them.
     */
    private static ByteBuffer readHeader(InputStream in, Path file, int length,
            int headerLength, String kind) throws IOException {
        byte[] header = readUpTo(in, length);
        if (header.length < length) {
            throw new DatasetException(file + " is truncated: found "
                    + (headerLength - length + header.length) + " bytes, an IDX " + kind
                    + " header needs " + headerLength + ". Download the file again.");
        }
        return ByteBuffer.wrap(header);
    }

    private static byte[] readBody(InputStream in, Path file, int length, String declared)
            throws IOException {
        byte[] body = readUpTo(in, length);
        if (body.length < length) {
            throw new DatasetException(file + " is truncated: its header declares " + declared
                    + ", found " + body.length + " bytes. Download the file again.");
        }
        return body;
    }

    /**
     * Reads until {@code length} bytes have arrived or the data ends, and returns the bytes
     * read. The buffer grows as data arrives, so a corrupt header that declares gigabytes
     * does not allocate them. A gzip stream that ends early counts as the end of the data.
     */
    private static byte[] readUpTo(InputStream in, int length) throws IOException {
        byte[] buffer = new byte[Math.min(length, BUFFER_BYTES)];
        int offset = 0;
        try {
            while (offset < length) {
                if (offset == buffer.length) {
                    buffer = Arrays.copyOf(buffer, (int) Math.min(length, 2L * buffer.length));
                }
                int read = in.read(buffer, offset, buffer.length - offset);
                if (read < 0) {
                    break;
                }
                offset += read;
            }
        } catch (EOFException e) {
            return Arrays.copyOf(buffer, offset);
        }
        return offset == buffer.length ? buffer : Arrays.copyOf(buffer, offset);
    }

    private static void checkMagic(Path file, int magic, int expected) {
        if (magic == expected) {
            return;
        }
        String message = file + " is not an IDX " + kindOf(expected) + " file: magic number "
                + hex(magic) + ", expected " + hex(expected) + ".";
        if (magic == IMAGES_MAGIC || magic == LABELS_MAGIC || magic == COLOUR_IMAGES_MAGIC) {
            message += " It is an IDX " + kindOf(magic) + " file: check that the image and"
                    + " label files are not swapped.";
        } else {
            message += " Use an IDX file of unsigned bytes, such as the MNIST or"
                    + " Fashion-MNIST files, or " + hex(COLOUR_IMAGES_MAGIC) + " for colour"
                    + " images.";
        }
        throw new DatasetException(message);
    }

    private static String kindOf(int magic) {
        return magic == LABELS_MAGIC ? "label" : "image";
    }

    private static String hex(int value) {
        return String.format("0x%08X", value);
    }

    private static DatasetException readFailure(Path file, IOException e) {
        if (e instanceof NoSuchFileException) {
            return new DatasetException(file + " was not found.", e);
        }
        if (e instanceof EOFException) {
            return new DatasetException(file + " is truncated: its gzip data ends early."
                    + " Download the file again.", e);
        }
        if (e instanceof ZipException) {
            return new DatasetException(file + " starts like a gzip file but is not valid gzip"
                    + " data (" + e.getMessage() + "). Download the file again.", e);
        }
        return new DatasetException("Failed to read " + file + ": " + e
                + ". Check that the file exists and is readable.", e);
    }
}
