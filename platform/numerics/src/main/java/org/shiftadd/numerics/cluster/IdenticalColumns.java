package org.shiftadd.numerics.cluster;

import java.util.HashMap;
import java.util.Map;

/** Finds columns with equal values; {@code 0.0} and {@code -0.0} count as equal. */
final class IdenticalColumns {
    private IdenticalColumns() {
    }

    /**
     * Returns for every column the index of the first column equal to it, its own index when
     * no earlier column is.
     *
     * @param columns columns of equal length without NaN; not modified
     */
    static int[] firstEqual(double[][] columns) {
        int[] first = new int[columns.length];
        Map<ColumnKey, Integer> seen = new HashMap<>();
        for (int j = 0; j < columns.length; j++) {
            Integer earlier = seen.putIfAbsent(new ColumnKey(columns[j]), j);
            first[j] = earlier == null ? j : earlier;
        }
        return first;
    }

    /** Returns the number of distinct columns, given the result of {@link #firstEqual}. */
    static int distinctCount(int[] firstEqual) {
        int count = 0;
        for (int j = 0; j < firstEqual.length; j++) {
            if (firstEqual[j] == j) {
                count++;
            }
        }
        return count;
    }

    /** A column as a hash key that compares values with {@code ==}. */
    private record ColumnKey(double[] values) {
        @Override
        public boolean equals(Object other) {
            if (!(other instanceof ColumnKey key) || key.values.length != values.length) {
                return false;
            }
            for (int t = 0; t < values.length; t++) {
                if (key.values[t] != values[t]) {
                    return false;
                }
            }
            return true;
        }

        @Override
        public int hashCode() {
            int hash = 1;
            for (double v : values) {
                // Adding 0.0 turns -0.0 into 0.0, so equal values hash alike.
                long bits = Double.doubleToLongBits(v + 0.0);
                hash = 31 * hash + (int) (bits ^ (bits >>> 32));
            }
            return hash;
        }
    }
}
