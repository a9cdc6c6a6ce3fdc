package org.shiftadd.numerics.lcc;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One factor W of a fully parallel decomposition: a sparse matrix whose entries are signed
 * powers of two or short sums of them, stored row by row as {@link Term}s.
 *
 * <p>Row i computes ∑ terms of row i over the outputs of the previous factor. A row costs
 * (its number of terms − 1) additions. Rows that no later factor reads (dead ends) are not
 * computed: {@link #isComputed(int)} is false for them and they cost nothing.
 */
public final class WiringMatrix {
    private final int columnCount;
    private final List<List<Term>> rows;
    private final boolean[] computed;

    /**
     * Creates a factor.
     *
     * @param columnCount number of values of the previous level that the rows may read
     * @param rows the terms of every row, canonical (one term per signed digit); copied
     * @param computed which rows are computed; copied
     */
    WiringMatrix(int columnCount, List<List<Term>> rows, boolean[] computed) {
        if (rows.size() != computed.length) {
            throw new IllegalArgumentException("a factor of " + rows.size()
                    + " rows needs as many computed flags, found " + computed.length);
        }
        List<List<Term>> copy = new ArrayList<>(rows.size());
        for (int i = 0; i < rows.size(); i++) {
            List<Term> row = computed[i] ? List.copyOf(rows.get(i)) : List.of();
            for (Term term : row) {
                if (term.source() >= columnCount) {
                    throw new IllegalArgumentException("row " + i + " reads value "
                            + term.source() + " of a previous level of " + columnCount);
                }
            }
            copy.add(row);
        }
        this.columnCount = columnCount;
        this.rows = List.copyOf(copy);
        this.computed = computed.clone();
    }

    /** Returns the number of rows, the outputs of this factor. */
    public int rowCount() {
        return rows.size();
    }

    /** Returns the number of columns, the values of the previous level. */
    public int columnCount() {
        return columnCount;
    }

    /** Returns whether row {@code row} is computed, that is, some later level reads it. */
    public boolean isComputed(int row) {
        return computed[row];
    }

    /**
     * Returns the terms of one row, in evaluation order.
     *
     * @param row the row index
     * @return the terms; empty for a zero row and for a row that is not computed
     */
    public List<Term> row(int row) {
        return rows.get(row);
    }

    /**
     * Returns one entry of W: the sum of the coefficients of the row's terms on that column.
     *
     * @param row the row index
     * @param column the column index
     * @return the entry, 0 where the row has no term on the column or is not computed
     */
    public double entry(int row, int column) {
        double value = 0;
        for (Term term : rows.get(row)) {
            if (term.source() == column) {
                value += term.coefficient();
            }
        }
        return value;
    }

    /** Returns the number of computed rows. */
    public int computedRowCount() {
        int count = 0;
        for (boolean flag : computed) {
            count += flag ? 1 : 0;
        }
        return count;
    }

    /** Returns the additions of this factor: ∑ over computed rows of max(0, terms − 1). */
    public long additions() {
        long additions = 0;
        for (List<Term> row : rows) {
            additions += Math.max(0, row.size() - 1);
        }
        return additions;
    }

    /**
     * Evaluates the computed rows on the values of the previous level.
     *
     * @param previous {@link #columnCount()} values; entries that no computed row reads may be
     *     {@code null}
     * @param arithmetic the operations
     * @param <V> the value type
     * @return {@link #rowCount()} values, {@code null} for rows that are not computed
     */
    <V> List<V> evaluate(List<V> previous, Arithmetic<V> arithmetic) {
        List<V> next = new ArrayList<>(rows.size());
        for (int i = 0; i < rows.size(); i++) {
            next.add(computed[i] ? evaluateRow(rows.get(i), previous, arithmetic) : null);
        }
        return next;
    }

    static <V> V evaluateRow(List<Term> row, List<V> previous, Arithmetic<V> arithmetic) {
        List<V> scaled = new ArrayList<>(row.size());
        for (Term term : row) {
            scaled.add(arithmetic.scale(previous.get(term.source()), term));
        }
        return arithmetic.sum(scaled);
    }

    @Override
    public String toString() {
        return "WiringMatrix[" + rowCount() + "x" + columnCount + ", computed rows "
                + computedRowCount() + ", additions " + additions() + "]";
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof WiringMatrix w && w.columnCount == columnCount
                && w.rows.equals(rows) && Arrays.equals(w.computed, computed);
    }

    @Override
    public int hashCode() {
        return 31 * rows.hashCode() + columnCount;
    }
}
