package org.shiftadd.numerics.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.shiftadd.api.Matrix;

/** Reading of the clustering cases in the test resources. */
final class ClusterCases {
    static final ObjectMapper JSON = new ObjectMapper();

    private ClusterCases() {
    }

    static JsonNode read(String resource) {
        try (InputStream in = ClusterCases.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalArgumentException("test resource not found: " + resource);
            }
            return JSON.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Builds a matrix from a JSON list of columns of equal length. */
    static Matrix fromColumns(JsonNode columns) {
        int n = columns.size();
        int rows = columns.get(0).size();
        double[] data = new double[rows * n];
        for (int j = 0; j < n; j++) {
            for (int i = 0; i < rows; i++) {
                data[i * n + j] = columns.get(j).get(i).asDouble();
            }
        }
        return Matrix.of(rows, n, data);
    }

    /** Returns the clusters of a labelling as sets of column indices. */
    static Set<Set<Integer>> partition(int[] labels) {
        Map<Integer, Set<Integer>> clusters = new HashMap<>();
        for (int j = 0; j < labels.length; j++) {
            clusters.computeIfAbsent(labels[j], label -> new HashSet<>()).add(j);
        }
        return new HashSet<>(clusters.values());
    }

    /** Reads a partition given as a JSON list of lists of column indices. */
    static Set<Set<Integer>> partition(JsonNode clusters) {
        Set<Set<Integer>> partition = new HashSet<>();
        for (JsonNode cluster : clusters) {
            Set<Integer> members = new HashSet<>();
            cluster.forEach(index -> members.add(index.asInt()));
            partition.add(members);
        }
        return partition;
    }
}
