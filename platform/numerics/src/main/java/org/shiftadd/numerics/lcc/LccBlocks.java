package org.shiftadd.numerics.lcc;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.shiftadd.api.Decomposition;
import org.shiftadd.api.Matrix;
import org.shiftadd.numerics.Sqnr;

/**
 * Cuts a matrix into column blocks of whole slices and joins the LCC decompositions of the
 * blocks into the decomposition of the matrix, so that one layer can be decomposed on several
 * machines.
 *
 * <p>Both LCC methods decompose every slice on its own, with the whole matrix's target SQNR
 * and a slice width K that depends only on the row count N. A block of whole slices,
 * decomposed with that target, therefore yields exactly the slices that a decomposition of
 * the whole matrix computes for those columns. {@link #join} puts the blocks side by side:
 * the approximations next to each other, the slice networks with their first columns
 * shifted, the additions of the slice networks plus N·(s − 1) slice sums over all s slices,
 * and the per-slice details in slice order. The result equals the decomposition of the whole
 * matrix, details included.
 */
public final class LccBlocks {
    private LccBlocks() {
    }

    /**
     * Columns [firstColumn, firstColumn + width) of a matrix.
     *
     * @param firstColumn the first column
     * @param width the number of columns
     */
    public record Block(int firstColumn, int width) {
        /** Checks the range. */
        public Block {
            if (firstColumn < 0 || width < 1) {
                throw new IllegalArgumentException("a block needs firstColumn >= 0 and"
                        + " width >= 1, found " + firstColumn + " and " + width);
            }
        }

        /** Returns the block's columns of {@code matrix}. */
        public Matrix of(Matrix matrix) {
            if (firstColumn + width > matrix.cols()) {
                throw new IllegalArgumentException("columns " + firstColumn + " to "
                        + (firstColumn + width - 1) + " are outside the " + matrix.rows() + " x "
                        + matrix.cols() + " matrix");
            }
            double[] values = new double[matrix.rows() * width];
            for (int i = 0; i < matrix.rows(); i++) {
                for (int j = 0; j < width; j++) {
                    values[i * width + j] = matrix.get(i, firstColumn + j);
                }
            }
            return Matrix.of(matrix.rows(), width, values);
        }
    }

    /**
     * Returns the number of slices of a matrix, ⌈M / K⌉ with K = {@link LccSlicing#sliceWidth}.
     *
     * @param rows N
     * @param cols M
     * @return s
     */
    public static int sliceCount(int rows, int cols) {
        return LccSlicing.sliceCount(cols, LccSlicing.sliceWidth(rows));
    }

    /**
     * Cuts the columns into at most {@code count} blocks of whole slices, the slices shared
     * out as evenly as possible (block sizes differ by at most one slice).
     *
     * @param rows N, which fixes K
     * @param cols M
     * @param count the blocks wanted, at least 1
     * @return min(count, s) blocks left to right, or none for a matrix without columns
     */
    public static List<Block> blocks(int rows, int cols, int count) {
        if (count < 1) {
            throw new IllegalArgumentException("count must be at least 1, found " + count);
        }
        int width = LccSlicing.sliceWidth(rows);
        int slices = LccSlicing.sliceCount(cols, width);
        int parts = Math.min(count, slices);
        List<Block> blocks = new ArrayList<>(parts);
        for (int b = 0; b < parts; b++) {
            int first = (int) ((long) b * slices / parts) * width;
            int end = Math.min(cols, (int) ((long) (b + 1) * slices / parts) * width);
            blocks.add(new Block(first, end - first));
        }
        return blocks;
    }

    /**
     * Joins the decompositions of the blocks of {@code target} into the decomposition of the
     * whole matrix.
     *
     * @param target T
     * @param blocks the blocks, left to right, covering every column once
     * @param parts the decomposition of each block by {@code lcc-fs} or {@code lcc-fp}, with
     *     the details that {@link LccDecomposition#toDecomposition()} writes, all with the
     *     same method, target and options
     * @return the decomposition of T
     * @throws IllegalArgumentException if the blocks do not cover T in whole slices, or if a
     *     part is not an LCC decomposition of its block. The message names the block.
     */
    public static Decomposition join(Matrix target, List<Block> blocks,
            List<Decomposition> parts) {
        Objects.requireNonNull(target, "target");
        if (blocks.isEmpty() || blocks.size() != parts.size()) {
            throw new IllegalArgumentException("join needs one decomposition per block, found "
                    + blocks.size() + " blocks and " + parts.size() + " decompositions");
        }
        int rows = target.rows();
        int width = LccSlicing.sliceWidth(rows);
        checkCover(target, blocks, width);
        String method = parts.get(0).method();
        Map<String, Object> first = parts.get(0).details();
        double[] values = new double[rows * target.cols()];
        List<Object> sliceEntries = new ArrayList<>();
        Map<String, Object> details = new LinkedHashMap<>();
        for (int b = 0; b < parts.size(); b++) {
            Block block = blocks.get(b);
            Decomposition part = parts.get(b);
            String where = "block " + b + " (columns " + block.firstColumn() + " to "
                    + (block.firstColumn() + block.width() - 1) + ")";
            if (!part.method().equals(method)) {
                throw new IllegalArgumentException(where + " was decomposed by "
                        + part.method() + ", block 0 by " + method);
            }
            Matrix approximation = part.approximation();
            if (approximation.rows() != rows || approximation.cols() != block.width()) {
                throw new IllegalArgumentException(where + " has a " + approximation.rows()
                        + " x " + approximation.cols() + " approximation, expected " + rows
                        + " x " + block.width());
            }
            for (int i = 0; i < rows; i++) {
                for (int j = 0; j < block.width(); j++) {
                    values[i * target.cols() + block.firstColumn() + j] =
                            approximation.get(i, j);
                }
            }
            Map<String, Object> own = part.details();
            sliceEntries.addAll(shiftedSlices(own, block, rows, where));
            if (!own.keySet().equals(first.keySet())) {
                throw new IllegalArgumentException(where + " has the details " + own.keySet()
                        + ", block 0 has " + first.keySet());
            }
            if (integer(own, "K", where) != width) {
                throw new IllegalArgumentException(where + " has slices of "
                        + own.get("K") + " columns, expected " + width + " for " + rows
                        + " rows");
            }
            for (Map.Entry<String, Object> entry : own.entrySet()) {
                merge(details, entry.getKey(), entry.getValue(), where);
            }
        }
        int sliceCount = sliceEntries.size();
        long sliceSums = LccSlicing.sliceSumAdditions(rows, sliceCount);
        details.put("sliceSumAdditions", sliceSums);
        Map<String, Object> network = new LinkedHashMap<>();
        network.put("format", ((Map<?, ?>) first.get(LccNetworkCodec.DETAIL)).get("format"));
        network.put("rows", rows);
        network.put("cols", target.cols());
        network.put("slices", sliceEntries);
        details.put(LccNetworkCodec.DETAIL, network);

        Matrix approximation = Matrix.of(rows, target.cols(), values);
        double targetSqnrDb = first.get("targetSqnrDb") instanceof Number number
                ? number.doubleValue() : Double.POSITIVE_INFINITY;
        // Decoding the joined networks checks them and gives the depth through the slice sums.
        LccDecomposition networks = LccNetworkCodec.decode(method, network, approximation,
                targetSqnrDb);
        long additions = number(details, "additionsWithoutSliceSum", "the blocks") + sliceSums;
        if (networks.additions() != additions) {
            throw new IllegalArgumentException("the joined slice networks have "
                    + networks.additions() + " additions, but the blocks report " + additions);
        }
        double sqnrDb = Sqnr.db(target, approximation);
        return new Decomposition(method, approximation, additions, sqnrDb,
                sqnrDb >= targetSqnrDb, networks.depth(), details);
    }

    private static void checkCover(Matrix target, List<Block> blocks, int width) {
        int next = 0;
        for (int b = 0; b < blocks.size(); b++) {
            Block block = blocks.get(b);
            if (block.firstColumn() != next) {
                throw new IllegalArgumentException("block " + b + " starts at column "
                        + block.firstColumn() + ", expected " + next);
            }
            next += block.width();
            if (next != target.cols() && block.width() % width != 0) {
                throw new IllegalArgumentException("block " + b + " has " + block.width()
                        + " columns, not a whole number of slices of " + width);
            }
        }
        if (next != target.cols()) {
            throw new IllegalArgumentException("the blocks end at column " + next
                    + ", but the matrix has " + target.cols() + " columns");
        }
    }

    /** Merges one detail of a block into the joined details. */
    private static void merge(Map<String, Object> details, String key, Object value,
            String where) {
        Object joined = details.get(key);
        switch (key) {
            case "slices", "slicesReachingTarget" ->
                    details.put(key, (joined == null ? 0 : (Integer) joined)
                            + integer(value, key, where));
            case "additionsWithoutSliceSum" ->
                    details.put(key, (joined == null ? 0L : (Long) joined)
                            + number(value, key, where));
            case "factors" ->
                    details.put(key, Math.max(joined == null ? 0 : (Integer) joined,
                            integer(value, key, where)));
            case "additionsPerSlice", "factorsPerSlice" -> {
                if (!(value instanceof List<?> list)) {
                    throw new IllegalArgumentException(where + ": " + key
                            + " must be a list, found " + value);
                }
                List<Object> all = new ArrayList<>();
                if (joined != null) {
                    all.addAll((List<?>) joined);
                }
                all.addAll(list);
                details.put(key, all);
            }
            // Recomputed for the whole matrix after the last block.
            case "sliceSumAdditions", LccNetworkCodec.DETAIL -> { }
            default -> {
                // The target and the method's options are the same for every block.
                if (joined != null && !joined.equals(value)) {
                    throw new IllegalArgumentException(where + " has " + key + " = " + value
                            + ", block 0 has " + joined);
                }
                details.put(key, value);
            }
        }
    }

    private static List<Object> shiftedSlices(Map<String, Object> details, Block block,
            int rows, String where) {
        if (!(details.get(LccNetworkCodec.DETAIL) instanceof Map<?, ?> network)) {
            throw new IllegalArgumentException(where + " has no slice networks (detail '"
                    + LccNetworkCodec.DETAIL + "'); only replies that carry their LCC slice"
                    + " networks can be joined");
        }
        if (integer(network, "rows", where) != rows
                || integer(network, "cols", where) != block.width()) {
            throw new IllegalArgumentException(where + " has networks for a "
                    + network.get("rows") + " x " + network.get("cols") + " matrix, expected "
                    + rows + " x " + block.width());
        }
        if (!(network.get("slices") instanceof List<?> slices)) {
            throw new IllegalArgumentException(where + " has no list of slice networks");
        }
        List<Object> shifted = new ArrayList<>(slices.size());
        for (Object slice : slices) {
            if (!(slice instanceof Map<?, ?> entry)) {
                throw new IllegalArgumentException(where + " has a slice network that is not"
                        + " an object: " + slice);
            }
            Map<Object, Object> copy = new LinkedHashMap<>(entry);
            copy.put("first", block.firstColumn() + integer(entry, "first", where));
            shifted.add(copy);
        }
        return shifted;
    }

    private static int integer(Map<?, ?> map, String key, String where) {
        return integer(map.get(key), key, where);
    }

    private static int integer(Object value, String key, String where) {
        return Math.toIntExact(number(value, key, where));
    }

    private static long number(Map<?, ?> map, String key, String where) {
        return number(map.get(key), key, where);
    }

    private static long number(Object value, String key, String where) {
        if (value instanceof Integer || value instanceof Long || value instanceof Short) {
            return ((Number) value).longValue();
        }
        throw new IllegalArgumentException(where + ": " + key + " must be an integer, found "
                + value);
    }
}
