package org.shiftadd.numerics.lcc;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.shiftadd.api.Matrix;

/**
 * Writes the slice networks of an {@link LccDecomposition} as JSON types and reads them back,
 * so that the exact network travels with a {@link org.shiftadd.api.Decomposition} (detail
 * {@value #DETAIL}) to a hardware back end, over the event bus and into a run directory.
 *
 * <p>Layout: {@code {"format": 1, "rows": N, "cols": M, "slices": [...]}}. Each slice has
 * {@code first} (its first column), {@code width}, and either {@code adders} (a fully
 * sequential graph) or {@code factors} (a fully parallel chain). A term is three integers:
 * source, exponent and 1 for a negative sign or 0. An adder graph lists its adders as
 * {@code [left term, right term]} flattened into one integer list, and its outputs as one
 * term each, with source −1 for the constant zero. A factor lists its column count and, per
 * row, the flattened terms, or {@code null} for a row that is not computed.
 */
public final class LccNetworkCodec {
    /** The detail key under which {@link LccDecomposition#toDecomposition()} stores it. */
    public static final String DETAIL = "network";
    private static final int FORMAT = 1;

    private LccNetworkCodec() {
    }

    /**
     * Encodes the slice networks.
     *
     * @param decomposition the decomposition
     * @return a map of JSON types
     */
    public static Map<String, Object> encode(LccDecomposition decomposition) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("format", FORMAT);
        map.put("rows", decomposition.target().rows());
        map.put("cols", decomposition.target().cols());
        List<Object> slices = new ArrayList<>();
        for (LccDecomposition.Slice slice : decomposition.slices()) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("first", slice.firstColumn());
            entry.put("width", slice.width());
            if (slice.network() instanceof AdderGraph graph) {
                List<Integer> adders = new ArrayList<>(graph.adders().size() * 6);
                for (AdderGraph.Adder adder : graph.adders()) {
                    addTerm(adders, adder.left());
                    addTerm(adders, adder.right());
                }
                List<Integer> outputs = new ArrayList<>(graph.outputCount() * 3);
                for (int i = 0; i < graph.outputCount(); i++) {
                    addTerm(outputs, graph.output(i).orElse(null));
                }
                entry.put("adders", adders);
                entry.put("outputs", outputs);
            } else if (slice.network() instanceof WiringNetwork wiring) {
                List<Object> factors = new ArrayList<>();
                for (WiringMatrix factor : wiring.factors()) {
                    Map<String, Object> factorMap = new LinkedHashMap<>();
                    factorMap.put("columns", factor.columnCount());
                    List<Object> rows = new ArrayList<>(factor.rowCount());
                    for (int i = 0; i < factor.rowCount(); i++) {
                        if (!factor.isComputed(i)) {
                            rows.add(null);
                            continue;
                        }
                        List<Integer> terms = new ArrayList<>();
                        for (Term term : factor.row(i)) {
                            addTerm(terms, term);
                        }
                        rows.add(terms);
                    }
                    factorMap.put("rows", rows);
                    factors.add(factorMap);
                }
                entry.put("factors", factors);
            } else {
                throw new IllegalArgumentException("cannot encode a slice network of type "
                        + slice.network().getClass().getSimpleName());
            }
            slices.add(entry);
        }
        map.put("slices", slices);
        return map;
    }

    private static void addTerm(List<Integer> out, Term term) {
        if (term == null) {
            out.add(-1);
            out.add(0);
            out.add(0);
            return;
        }
        out.add(term.source());
        out.add(term.exponent());
        out.add(term.negative() ? 1 : 0);
    }

    /**
     * Rebuilds a decomposition from its encoded networks.
     *
     * <p>The matrix T that was decomposed does not travel with the networks, so
     * {@code target} replaces it. It only affects the SQNR figures of the result.
     *
     * @param method {@code lcc-fp} or {@code lcc-fs}
     * @param encoded a map written by {@link #encode(LccDecomposition)}, possibly after a JSON
     *     round trip (numbers of any integral type)
     * @param target the matrix to report SQNR against, usually T̂ itself
     * @param targetSqnrDb the target the slices were given
     * @return the decomposition, with the same networks
     * @throws IllegalArgumentException if the map is not a valid encoding, naming the field
     */
    public static LccDecomposition decode(String method, Map<?, ?> encoded, Matrix target,
            double targetSqnrDb) {
        int format = integer(encoded.get("format"), "format");
        if (format != FORMAT) {
            throw new IllegalArgumentException("network format " + format
                    + " is not supported; this version reads format " + FORMAT);
        }
        int rows = integer(encoded.get("rows"), "rows");
        int cols = integer(encoded.get("cols"), "cols");
        if (rows != target.rows() || cols != target.cols()) {
            throw new IllegalArgumentException("the network is " + rows + " x " + cols
                    + " but the matrix is " + target.rows() + " x " + target.cols());
        }
        List<?> entries = list(encoded.get("slices"), "slices");
        List<LccDecomposition.Slice> slices = new ArrayList<>(entries.size());
        int sliceWidth = 1;
        for (int s = 0; s < entries.size(); s++) {
            String where = "slices[" + s + "]";
            if (!(entries.get(s) instanceof Map<?, ?> entry)) {
                throw new IllegalArgumentException(where + " must be an object");
            }
            int first = integer(entry.get("first"), where + ".first");
            int width = integer(entry.get("width"), where + ".width");
            sliceWidth = Math.max(sliceWidth, width);
            ShiftAddNetwork network = entry.containsKey("adders")
                    ? decodeGraph(entry, width, rows, where)
                    : decodeWiring(entry, width, rows, where);
            slices.add(new LccDecomposition.Slice(first, network, network.reconstruct(),
                    Double.POSITIVE_INFINITY, true));
        }
        return LccDecomposition.of(method, target, targetSqnrDb, sliceWidth, slices, Map.of());
    }

    private static AdderGraph decodeGraph(Map<?, ?> entry, int width, int rows, String where) {
        List<?> flat = list(entry.get("adders"), where + ".adders");
        if (flat.size() % 6 != 0) {
            throw new IllegalArgumentException(where + ".adders must hold 6 integers per adder,"
                    + " found " + flat.size());
        }
        List<AdderGraph.Adder> adders = new ArrayList<>(flat.size() / 6);
        for (int k = 0; k < flat.size(); k += 6) {
            Term left = term(flat, k, where + ".adders");
            Term right = term(flat, k + 3, where + ".adders");
            if (left == null || right == null) {
                throw new IllegalArgumentException(where + ".adders[" + k / 6
                        + "] reads the constant zero");
            }
            adders.add(new AdderGraph.Adder(left, right));
        }
        List<?> flatOutputs = list(entry.get("outputs"), where + ".outputs");
        if (flatOutputs.size() != rows * 3) {
            throw new IllegalArgumentException(where + ".outputs must hold 3 integers per row ("
                    + rows * 3 + "), found " + flatOutputs.size());
        }
        Term[] outputs = new Term[rows];
        for (int i = 0; i < rows; i++) {
            outputs[i] = term(flatOutputs, 3 * i, where + ".outputs");
        }
        return new AdderGraph(width, adders, outputs);
    }

    private static WiringNetwork decodeWiring(Map<?, ?> entry, int width, int rows,
            String where) {
        List<?> factors = list(entry.get("factors"), where + ".factors");
        List<WiringMatrix> matrices = new ArrayList<>(factors.size());
        for (int p = 0; p < factors.size(); p++) {
            String at = where + ".factors[" + p + "]";
            if (!(factors.get(p) instanceof Map<?, ?> factor)) {
                throw new IllegalArgumentException(at + " must be an object");
            }
            int columns = integer(factor.get("columns"), at + ".columns");
            List<?> rowList = list(factor.get("rows"), at + ".rows");
            if (rowList.size() != rows) {
                throw new IllegalArgumentException(at + ".rows must have " + rows
                        + " rows, found " + rowList.size());
            }
            boolean[] computed = new boolean[rows];
            List<List<Term>> terms = new ArrayList<>(rows);
            for (int i = 0; i < rows; i++) {
                Object row = rowList.get(i);
                computed[i] = row != null;
                List<Term> rowTerms = new ArrayList<>();
                if (row != null) {
                    List<?> flat = list(row, at + ".rows[" + i + "]");
                    for (int k = 0; k + 2 < flat.size(); k += 3) {
                        rowTerms.add(term(flat, k, at + ".rows[" + i + "]"));
                    }
                }
                terms.add(rowTerms);
            }
            matrices.add(new WiringMatrix(columns, terms, computed));
        }
        return WiringNetwork.of(width, rows, matrices);
    }

    private static Term term(List<?> flat, int at, String where) {
        int source = integer(flat.get(at), where + "[" + at + "]");
        int exponent = integer(flat.get(at + 1), where + "[" + (at + 1) + "]");
        int negative = integer(flat.get(at + 2), where + "[" + (at + 2) + "]");
        return source < 0 ? null : new Term(source, exponent, negative != 0);
    }

    private static int integer(Object value, String where) {
        if (value instanceof Integer || value instanceof Long || value instanceof Short) {
            return Math.toIntExact(((Number) value).longValue());
        }
        throw new IllegalArgumentException(where + " must be an integer, found " + value);
    }

    private static List<?> list(Object value, String where) {
        if (value instanceof List<?> list) {
            return list;
        }
        throw new IllegalArgumentException(where + " must be a list, found " + value);
    }
}
