package org.shiftadd.engine.run;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.shiftadd.api.CompressedLayer;
import org.shiftadd.api.Decomposition;
import org.shiftadd.api.Matrix;
import org.shiftadd.engine.InputException;

/**
 * The compressed networks of a run, one gzipped JSON file per method in
 * {@code networks/<method>.json.gz}, so that hardware can be emitted again later without
 * repeating the run.
 *
 * <p>Each file contains the method and, per layer, its name, bias, whether a ReLU follows, and
 * the decomposition: method, rows, cols, T̂ row by row, additions, SQNR ({@code null} for an
 * exact one), whether the target was reached, adder depth and the method's details, which for
 * LCC include the slice networks, and the input map of a pruned or shared layer
 * ({@code null} for none).
 */
public final class CompressedNetworks {
    /** The directory inside a run directory. */
    public static final String DIRECTORY = "networks";
    private static final String SUFFIX = ".json.gz";
    private static final ObjectMapper JSON = new ObjectMapper();

    private CompressedNetworks() {
    }

    /**
     * Writes one method's layers atomically.
     *
     * @param run the run directory
     * @param method the method key, for example {@code csd} or {@code lcc-fs}
     * @param layers the layers, input layer first
     * @return the file written
     * @throws UncheckedIOException if writing fails
     */
    public static Path write(Path run, String method, List<CompressedLayer> layers) {
        Path directory = run.resolve(DIRECTORY);
        Path target = directory.resolve(method + SUFFIX);
        Path temporary = null;
        Map<String, Object> content = new LinkedHashMap<>();
        content.put("method", method);
        List<Object> encoded = new ArrayList<>();
        for (CompressedLayer layer : layers) {
            encoded.add(encode(layer));
        }
        content.put("layers", encoded);
        try {
            Files.createDirectories(directory);
            temporary = RunDirectory.temporarySibling(target);
            try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(temporary))) {
                JSON.writeValue(out, content);
            }
            RunDirectory.replace(temporary, target);
            return target;
        } catch (IOException e) {
            RunDirectory.deleteQuietly(temporary);
            throw new UncheckedIOException("cannot write " + target, e);
        }
    }

    /**
     * Lists the methods stored for a run.
     *
     * @param run the run directory
     * @return the method keys, sorted; empty when the run stored none
     */
    public static List<String> methods(Path run) {
        Path directory = run.resolve(DIRECTORY);
        if (!Files.isDirectory(directory)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(directory)) {
            return files.map(path -> path.getFileName().toString())
                    .filter(name -> name.endsWith(SUFFIX) && !name.startsWith("."))
                    .map(name -> name.substring(0, name.length() - SUFFIX.length()))
                    .sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + directory, e);
        }
    }

    /**
     * Reads one method's layers.
     *
     * @param run the run directory
     * @param method the method key
     * @return the layers, input layer first
     * @throws InputException if the run has no such method or the file is damaged
     */
    public static List<CompressedLayer> read(Path run, String method) {
        Path file = run.resolve(DIRECTORY).resolve(method + SUFFIX);
        if (!Files.isRegularFile(file)) {
            List<String> stored = methods(run);
            throw new InputException("run " + run + " has no compressed network for method '"
                    + method + "'; " + (stored.isEmpty()
                            ? "it stored none (was it made by shiftadd run and did it finish?)"
                            : "choose one of " + stored));
        }
        Map<String, Object> content;
        try (InputStream in = new GZIPInputStream(Files.newInputStream(file))) {
            content = JSON.readValue(in, new TypeReference<Map<String, Object>>() { });
        } catch (IOException e) {
            throw new InputException("cannot read " + file + ": " + e.getMessage());
        }
        try {
            List<CompressedLayer> layers = new ArrayList<>();
            for (Object layer : (List<?>) content.get("layers")) {
                layers.add(decode((Map<?, ?>) layer));
            }
            return layers;
        } catch (RuntimeException e) {
            throw new InputException(file + " is not a compressed network written by this "
                    + "version of shiftadd: " + e);
        }
    }

    private static Map<String, Object> encode(CompressedLayer layer) {
        Decomposition decomposition = layer.decomposition();
        Matrix approximation = decomposition.approximation();
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("name", layer.name());
        map.put("relu", layer.relu());
        map.put("bias", layer.bias());
        map.put("method", decomposition.method());
        map.put("rows", approximation.rows());
        map.put("cols", approximation.cols());
        map.put("approximation", approximation.toArray());
        map.put("additions", decomposition.additions());
        map.put("sqnrDb", Double.isFinite(decomposition.sqnrDb()) ? decomposition.sqnrDb()
                : null);
        map.put("targetReached", decomposition.targetReached());
        map.put("depth", decomposition.depth());
        map.put("details", decomposition.details());
        map.put("inputColumns", layer.inputColumns());
        return map;
    }

    @SuppressWarnings("unchecked")
    private static CompressedLayer decode(Map<?, ?> map) {
        int rows = ((Number) map.get("rows")).intValue();
        int cols = ((Number) map.get("cols")).intValue();
        Matrix approximation = Matrix.of(rows, cols, doubles((List<?>) map.get("approximation")));
        Object sqnr = map.get("sqnrDb");
        Decomposition decomposition = new Decomposition((String) map.get("method"),
                approximation, ((Number) map.get("additions")).longValue(),
                sqnr == null ? Double.POSITIVE_INFINITY : ((Number) sqnr).doubleValue(),
                (Boolean) map.get("targetReached"), ((Number) map.get("depth")).intValue(),
                (Map<String, Object>) map.get("details"));
        int[] inputColumns = null;
        if (map.get("inputColumns") instanceof List<?> columns) {
            inputColumns = columns.stream().mapToInt(c -> ((Number) c).intValue()).toArray();
        }
        return new CompressedLayer((String) map.get("name"), decomposition,
                doubles((List<?>) map.get("bias")), (Boolean) map.get("relu"), inputColumns);
    }

    private static double[] doubles(List<?> values) {
        double[] result = new double[values.size()];
        for (int k = 0; k < result.length; k++) {
            result[k] = ((Number) values.get(k)).doubleValue();
        }
        return result;
    }
}
