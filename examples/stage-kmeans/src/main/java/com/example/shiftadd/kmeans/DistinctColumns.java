package com.example.shiftadd.kmeans;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.shiftadd.api.Matrix;

/**
 * The distinct columns of a matrix, in order of first appearance, each with the number of
 * columns equal to it. {@code -0.0} counts as equal to {@code 0.0}.
 */
final class DistinctColumns {
    private final double[][] points;
    private final int[] weights;
    private final int[] pointOf;

    private DistinctColumns(double[][] points, int[] weights, int[] pointOf) {
        this.points = points;
        this.weights = weights;
        this.pointOf = pointOf;
    }

    /**
     * Finds the distinct columns of {@code matrix}.
     *
     * @param matrix the matrix; not modified
     * @return its distinct columns
     */
    static DistinctColumns of(Matrix matrix) {
        Map<Column, Integer> index = new HashMap<>();
        List<double[]> points = new ArrayList<>();
        List<Integer> weights = new ArrayList<>();
        int[] pointOf = new int[matrix.cols()];
        for (int j = 0; j < matrix.cols(); j++) {
            double[] column = matrix.column(j);
            for (int i = 0; i < column.length; i++) {
                column[i] += 0.0;  // turns -0.0 into 0.0
            }
            Integer point = index.putIfAbsent(new Column(column), points.size());
            if (point == null) {
                point = points.size();
                points.add(column);
                weights.add(0);
            }
            weights.set(point, weights.get(point) + 1);
            pointOf[j] = point;
        }
        return new DistinctColumns(points.toArray(double[][]::new),
                weights.stream().mapToInt(Integer::intValue).toArray(), pointOf);
    }

    /** Returns the number of distinct columns. */
    int count() {
        return points.length;
    }

    /** Returns the number of columns of the matrix. */
    int columns() {
        return pointOf.length;
    }

    /** Returns the distinct columns; the caller must not modify them. */
    double[][] points() {
        return points;
    }

    /** Returns how many columns equal each distinct column; the caller must not modify it. */
    int[] weights() {
        return weights;
    }

    /** Returns the index of the distinct column equal to column {@code column}. */
    int pointOf(int column) {
        return pointOf[column];
    }

    /** A column as a hash key, compared by value. */
    private record Column(double[] values) {
        @Override
        public boolean equals(Object other) {
            return other instanceof Column column && Arrays.equals(values, column.values);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(values);
        }
    }
}
