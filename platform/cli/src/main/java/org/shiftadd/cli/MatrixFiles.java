package org.shiftadd.cli;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.shiftadd.api.Matrix;
import org.shiftadd.engine.InputException;

/**
 * Reads a matrix from CSV (one row per line, values separated by commas) or from a NumPy
 * {@code .npy} file (2-D, float64 or float32, either byte order, C order).
 */
final class MatrixFiles {
    private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([<>|=]?)(f[48])'");
    private static final Pattern ORDER = Pattern.compile("'fortran_order'\\s*:\\s*(True|False)");
    private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");

    private MatrixFiles() {
    }

    /**
     * Reads a matrix, choosing the format by the file name ({@code .npy}, else CSV).
     *
     * @param file the file
     * @return the matrix
     * @throws InputException naming the file, the position and the fix when it is unreadable
     */
    static Matrix read(Path file) {
        if (!Files.exists(file)) {
            throw new InputException("matrix file " + file + " not found");
        }
        if (Files.isDirectory(file)) {
            throw new InputException("matrix file " + file + " is a directory; give a CSV or"
                    + " .npy file");
        }
        try {
            return file.toString().endsWith(".npy") ? readNpy(file) : readCsv(file);
        } catch (java.nio.BufferUnderflowException e) {
            throw new InputException(file + " is truncated: it ends inside its .npy header");
        } catch (IOException e) {
            throw new InputException("cannot read matrix file " + file + ": " + e.getMessage());
        }
    }

    static Matrix readCsv(Path file) throws IOException {
        List<double[]> rows = new ArrayList<>();
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        for (int i = 0; i < lines.size(); i++) {
            // A byte-order mark from some editors is not part of the first value.
            String line = (i == 0 ? lines.get(i).replace("\uFEFF", "") : lines.get(i)).strip();
            if (line.isEmpty()) {
                continue;
            }
            String[] cells = line.split(",", -1);
            double[] row = new double[cells.length];
            for (int j = 0; j < cells.length; j++) {
                row[j] = parse(file, i + 1, j + 1, cells[j].strip());
            }
            if (!rows.isEmpty() && row.length != rows.get(0).length) {
                throw new InputException(file + " line " + (i + 1) + ": " + row.length
                        + " values, but the first row has " + rows.get(0).length
                        + "; every row needs the same number of values");
            }
            rows.add(row);
        }
        if (rows.isEmpty()) {
            throw new InputException(file + " contains no values; write one matrix row per line");
        }
        return Matrix.fromRows(rows.toArray(double[][]::new));
    }

    private static double parse(Path file, int line, int column, String cell) {
        try {
            return Double.parseDouble(cell);
        } catch (NumberFormatException e) {
            throw new InputException(file + " line " + line + ", value " + column + ": '" + cell
                    + "' is not a number");
        }
    }

    static Matrix readNpy(Path file) throws IOException {
        ByteBuffer bytes = ByteBuffer.wrap(Files.readAllBytes(file));
        byte[] magic = new byte[6];
        if (bytes.remaining() < 10) {
            throw new InputException(file + " is too short to be a .npy file");
        }
        bytes.get(magic);
        if (!new String(magic, 1, 5, StandardCharsets.US_ASCII).equals("NUMPY")
                || magic[0] != (byte) 0x93) {
            throw new InputException(file + " is not a .npy file (wrong magic bytes)");
        }
        int major = bytes.get();
        bytes.get();
        bytes.order(ByteOrder.LITTLE_ENDIAN);
        int headerLength = major == 1 ? Short.toUnsignedInt(bytes.getShort()) : bytes.getInt();
        byte[] header = new byte[headerLength];
        bytes.get(header);
        return readNpyData(file, new String(header, StandardCharsets.ISO_8859_1), bytes);
    }

    private static Matrix readNpyData(Path file, String header, ByteBuffer bytes) {
        Matcher descr = DESCR.matcher(header);
        Matcher order = ORDER.matcher(header);
        Matcher shape = SHAPE.matcher(header);
        if (!descr.find() || !order.find() || !shape.find()) {
            throw new InputException(file + ": unsupported .npy header " + header.strip()
                    + "; save a 2-D float64 or float32 array");
        }
        if (order.group(1).equals("True")) {
            throw new InputException(file + " is in Fortran order; save it with "
                    + "numpy.ascontiguousarray");
        }
        String[] dims = shape.group(1).split(",");
        if (dims.length > 2 && !dims[2].isBlank()) {
            throw new InputException(file + " has shape (" + shape.group(1)
                    + "); a matrix needs exactly two dimensions");
        }
        if (dims.length < 2 || dims[1].isBlank()) {
            throw new InputException(file + " has shape (" + shape.group(1)
                    + "); a matrix needs two dimensions");
        }

        int rows = Integer.parseInt(dims[0].strip());
        int cols = Integer.parseInt(dims[1].strip());
        bytes.order(descr.group(1).equals(">") ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
        boolean doubles = descr.group(2).equals("f8");
        long needed = (long) rows * cols * (doubles ? 8 : 4);
        if (bytes.remaining() < needed) {
            throw new InputException(file + " is truncated: shape " + rows + "x" + cols
                    + " needs " + needed + " bytes of data, found " + bytes.remaining());
        }

        double[] values = new double[rows * cols];
        for (int k = 0; k < values.length; k++) {
            values[k] = doubles ? bytes.getDouble() : bytes.getFloat();
        }
        return Matrix.of(rows, cols, values);
    }
}
