package org.shiftadd.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.shiftadd.api.Matrix;
import org.shiftadd.engine.InputException;

class MatrixFilesTest {
    @TempDir
    Path directory;

    @Test
    void csvRowsBecomeMatrixRows() throws IOException {
        Path file = Files.writeString(directory.resolve("m.csv"), "1, 2.5,-3\n4,5e-1,6\n\n");

        Matrix matrix = MatrixFiles.read(file);

        assertThat(matrix).isEqualTo(Matrix.fromRows(new double[][] {{1, 2.5, -3}, {4, 0.5, 6}}));
    }

    @Test
    void csvWithRaggedRowIsRejected() throws IOException {
        Path file = Files.writeString(directory.resolve("m.csv"), "1,2\n3\n");

        assertThatThrownBy(() -> MatrixFiles.read(file)).isInstanceOf(InputException.class)
                .hasMessageContaining("line 2").hasMessageContaining("1 values");
    }

    @Test
    void csvWithTextIsRejected() throws IOException {
        Path file = Files.writeString(directory.resolve("m.csv"), "1,x\n");

        assertThatThrownBy(() -> MatrixFiles.read(file)).isInstanceOf(InputException.class)
                .hasMessageContaining("line 1, value 2").hasMessageContaining("'x'");
    }

    @Test
    void npyFloat64IsRead() throws IOException {
        Path file = writeNpy("<f8", 2, 3, ByteOrder.LITTLE_ENDIAN, new double[] {1, 2, 3, 4, 5, 6});

        assertThat(MatrixFiles.read(file))
                .isEqualTo(Matrix.fromRows(new double[][] {{1, 2, 3}, {4, 5, 6}}));
    }

    @Test
    void npyBigEndianFloat32IsRead() throws IOException {
        Path file = writeNpy(">f4", 1, 2, ByteOrder.BIG_ENDIAN, new double[] {0.5, -2});

        assertThat(MatrixFiles.read(file)).isEqualTo(Matrix.fromRows(new double[][] {{0.5, -2}}));
    }

    @Test
    void truncatedNpyIsRejected() throws IOException {
        Path full = writeNpy("<f8", 2, 2, ByteOrder.LITTLE_ENDIAN, new double[] {1, 2, 3, 4});
        byte[] bytes = Files.readAllBytes(full);
        Path cut = Files.write(directory.resolve("cut.npy"),
                java.util.Arrays.copyOf(bytes, bytes.length - 8));

        assertThatThrownBy(() -> MatrixFiles.read(cut)).isInstanceOf(InputException.class)
                .hasMessageContaining("truncated");
    }

    @Test
    void missingFileIsRejected() {
        assertThatThrownBy(() -> MatrixFiles.read(directory.resolve("absent.csv")))
                .isInstanceOf(InputException.class).hasMessageContaining("not found");
    }

    private Path writeNpy(String descr, int rows, int cols, ByteOrder order, double[] values)
            throws IOException {
        String header = "{'descr': '" + descr + "', 'fortran_order': False, 'shape': (" + rows
                + ", " + cols + "), }";
        int width = descr.endsWith("8") ? 8 : 4;
        header = header + " ".repeat(63 - (10 + header.length()) % 64) + "\n";
        ByteBuffer buffer = ByteBuffer.allocate(10 + header.length() + values.length * width);
        buffer.put((byte) 0x93).put("NUMPY".getBytes(StandardCharsets.US_ASCII));
        buffer.put((byte) 1).put((byte) 0);
        buffer.order(ByteOrder.LITTLE_ENDIAN).putShort((short) header.length());
        buffer.put(header.getBytes(StandardCharsets.US_ASCII)).order(order);
        for (double value : values) {
            if (width == 8) {
                buffer.putDouble(value);
            } else {
                buffer.putFloat((float) value);
            }
        }
        return Files.write(directory.resolve("m" + descr.hashCode() + ".npy"), buffer.array());
    }
}
