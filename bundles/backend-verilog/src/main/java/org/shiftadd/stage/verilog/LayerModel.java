package org.shiftadd.stage.verilog;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import org.shiftadd.api.Matrix;
import org.shiftadd.numerics.Csd;
import org.shiftadd.numerics.lcc.Arithmetic;
import org.shiftadd.numerics.lcc.LccDecomposition;

/**
 * One layer y = T̂ x as an integer network, with an independent exact reference for checking
 * it.
 *
 * <p>The network's outputs are integers y_int with y = y_int · 2^(−{@link #valueExponent()}).
 * The reference is computed without the network: Q x for a CSD layer, and the decomposition's
 * own exact evaluation for an LCC layer.
 */
public final class LayerModel {
    private final String name;
    private final String method;
    private final IntegerNetwork network;
    private final int valueExponent;
    private final Matrix columnApproximation;
    private final Matrix approximation;
    private final int[] inputColumns;
    private final Csd.Quantized csd;
    private final LccDecomposition lcc;

    private LayerModel(String name, String method, IntegerNetwork network, int valueExponent,
            Matrix columnApproximation, int[] inputColumns, Csd.Quantized csd,
            LccDecomposition lcc) {
        this.name = name;
        this.method = method;
        this.network = network;
        this.valueExponent = valueExponent;
        this.columnApproximation = columnApproximation;
        this.inputColumns = inputColumns;
        this.approximation = inputColumns == null ? columnApproximation
                : expand(columnApproximation, inputColumns);
        this.csd = csd;
        this.lcc = lcc;
    }

    /** Returns T̂ P: column j of the layer is column inputColumns[j] of T̂, or zero. */
    private static Matrix expand(Matrix columns, int[] inputColumns) {
        double[] values = new double[columns.rows() * inputColumns.length];
        for (int i = 0; i < columns.rows(); i++) {
            for (int j = 0; j < inputColumns.length; j++) {
                if (inputColumns[j] >= 0) {
                    values[i * inputColumns.length + j] = columns.get(i, inputColumns[j]);
                }
            }
        }
        return Matrix.of(columns.rows(), inputColumns.length, values);
    }

    /**
     * Returns the values that feed the columns of T̂: the inputs themselves, or with an input
     * map the pre-added sum of the inputs of each column (zero for a column no input feeds).
     */
    private static List<NetworkBuilder.Value> columnValues(NetworkBuilder builder,
            int[] inputColumns, int columnCount) {
        List<NetworkBuilder.Value> inputs = builder.inputs();
        if (inputColumns == null) {
            return inputs;
        }
        List<List<NetworkBuilder.Value>> members = new ArrayList<>(columnCount);
        for (int c = 0; c < columnCount; c++) {
            members.add(new ArrayList<>());
        }
        for (int j = 0; j < inputColumns.length; j++) {
            if (inputColumns[j] >= 0) {
                members.get(inputColumns[j]).add(inputs.get(j));
            }
        }
        List<NetworkBuilder.Value> columns = new ArrayList<>(columnCount);
        for (List<NetworkBuilder.Value> group : members) {
            columns.add(builder.sum(group));
        }
        return columns;
    }

    /** Returns the column values P x of integer inputs: each column's inputs summed. */
    private long[] columnInputs(long[] x) {
        if (inputColumns == null) {
            return x;
        }
        long[] columns = new long[columnApproximation.cols()];
        for (int j = 0; j < x.length; j++) {
            if (inputColumns[j] >= 0) {
                columns[inputColumns[j]] += x[j];
            }
        }
        return columns;
    }

    /**
     * Builds the CSD network of quantized weights: every row is the sum of its CSD digits,
     * each a shifted ±input, in a balanced adder tree. Outputs are Q x.
     *
     * @param name the layer name
     * @param quantized the integer weights Q and their scale
     * @param inputBits B_in
     * @param signedInputs whether inputs are two's complement
     * @return the model; y = Q x · 2^(−shift)
     */
    public static LayerModel csd(String name, Csd.Quantized quantized, int inputBits,
            boolean signedInputs) {
        return csd(name, quantized, inputBits, signedInputs, null);
    }

    /**
     * Builds the CSD network of quantized weights behind an input map: the inputs of each
     * column are pre-added, then every row is the sum of its CSD digits.
     *
     * @param name the layer name
     * @param quantized the integer weights Q of the columns and their scale
     * @param inputBits B_in
     * @param signedInputs whether inputs are two's complement
     * @param inputColumns for each input its column of Q or −1, or {@code null} for the
     *     identity; not modified
     * @return the model; y = Q P x · 2^(−shift)
     */
    public static LayerModel csd(String name, Csd.Quantized quantized, int inputBits,
            boolean signedInputs, int[] inputColumns) {
        int inputCount = inputColumns == null ? quantized.cols() : inputColumns.length;
        NetworkBuilder builder = new NetworkBuilder(inputCount, inputBits, signedInputs);
        List<NetworkBuilder.Value> inputs = columnValues(builder, inputColumns,
                quantized.cols());
        List<NetworkBuilder.Value> outputs = new ArrayList<>(quantized.rows());
        for (int i = 0; i < quantized.rows(); i++) {
            List<NetworkBuilder.Value> terms = new ArrayList<>();
            for (int j = 0; j < quantized.cols(); j++) {
                long q = quantized.integers()[i * quantized.cols() + j];
                addDigits(builder, inputs.get(j), q, terms);
            }
            outputs.add(builder.sum(terms));
        }
        IntegerNetwork network = builder.finish(outputs, 0);
        return new LayerModel(name, "csd", network,
                quantized.shift() + network.outputExponent(), quantized.approximation(),
                inputColumns, quantized, null);
    }

    /** Appends the terms ±2^k · input of the non-adjacent form of q, lowest digit first. */
    private static void addDigits(NetworkBuilder builder, NetworkBuilder.Value input, long q,
            List<NetworkBuilder.Value> terms) {
        boolean negative = q < 0;
        long rest = Math.abs(q);
        int position = 0;
        while (rest != 0) {
            if ((rest & 1) != 0) {
                // Digit +1 when rest ≡ 1 (mod 4), −1 when rest ≡ 3, so no two digits are adjacent.
                long digit = 2 - (rest & 3);
                terms.add(builder.scale(input, position, negative != (digit < 0)));
                rest -= digit;
            }
            rest >>= 1;
            position++;
        }
    }

    /**
     * Builds the network of an LCC decomposition exactly as its slices and slice sums
     * evaluate it.
     *
     * @param name the layer name
     * @param decomposition the decomposition, fully parallel or fully sequential
     * @param inputBits B_in
     * @param signedInputs whether inputs are two's complement
     * @return the model; y = y_int · 2^(−F)
     */
    public static LayerModel lcc(String name, LccDecomposition decomposition, int inputBits,
            boolean signedInputs) {
        return lcc(name, decomposition, inputBits, signedInputs, null);
    }

    /**
     * Builds the network of an LCC decomposition behind an input map: the inputs of each
     * column are pre-added, then the slices and slice sums follow.
     *
     * @param name the layer name
     * @param decomposition the decomposition of the columns
     * @param inputBits B_in
     * @param signedInputs whether inputs are two's complement
     * @param inputColumns for each input its column or −1, or {@code null} for the identity;
     *     not modified
     * @return the model; y = y_int · 2^(−F)
     */
    public static LayerModel lcc(String name, LccDecomposition decomposition, int inputBits,
            boolean signedInputs, int[] inputColumns) {
        int columns = decomposition.target().cols();
        int inputCount = inputColumns == null ? columns : inputColumns.length;
        NetworkBuilder builder = new NetworkBuilder(inputCount, inputBits, signedInputs);
        List<NetworkBuilder.Value> outputs = decomposition.evaluate(
                columnValues(builder, inputColumns, columns), builder);
        IntegerNetwork network = builder.finish(outputs, 0);
        return new LayerModel(name, decomposition.method(), network, network.outputExponent(),
                decomposition.reconstruct(), inputColumns, null, decomposition);
    }

    /** Returns the layer name. */
    public String name() {
        return name;
    }

    /** Returns the method: {@code csd}, {@code lcc-fs} or {@code lcc-fp}. */
    public String method() {
        return method;
    }

    /** Returns the integer network. */
    public IntegerNetwork network() {
        return network;
    }

    /** Returns E: the layer output is y_int · 2^(−E). */
    public int valueExponent() {
        return valueExponent;
    }

    /** Returns T̂ P, the matrix that the network computes from its inputs, in doubles. */
    public Matrix approximation() {
        return approximation;
    }

    /** Returns T̂, the matrix of the columns, before the input map. */
    public Matrix columnApproximation() {
        return columnApproximation;
    }

    /**
     * Computes the outputs y_int for {@code input} without the network: the column sums
     * x = P input, then Q x for a CSD layer, the decomposition's exact dyadic evaluation times
     * 2^F for an LCC layer.
     *
     * @param input M input values; not modified
     * @return N exact integers
     * @throws ArithmeticException if an LCC output times 2^F is not an integer, which would
     *     mean F is wrong
     */
    public BigInteger[] referenceOutputs(long[] input) {
        long[] x = columnInputs(input);
        if (csd != null) {
            return csdProduct(x);
        }
        List<BigDecimal> inputs = new ArrayList<>(x.length);
        for (long value : x) {
            inputs.add(BigDecimal.valueOf(value));
        }
        List<BigDecimal> exact = lcc.evaluate(inputs, Arithmetic.exact());
        BigDecimal scale = new BigDecimal(BigInteger.ONE.shiftLeft(network.outputExponent()));
        BigInteger[] y = new BigInteger[exact.size()];
        for (int i = 0; i < y.length; i++) {
            y[i] = exact.get(i).multiply(scale).toBigIntegerExact();
        }
        return y;
    }

    private BigInteger[] csdProduct(long[] x) {
        int cols = csd.cols();
        BigInteger[] y = new BigInteger[csd.rows()];
        for (int i = 0; i < y.length; i++) {
            BigInteger sum = BigInteger.ZERO;
            for (int j = 0; j < cols; j++) {
                long q = csd.integers()[i * cols + j];
                if (q != 0) {
                    sum = sum.add(BigInteger.valueOf(q).multiply(BigInteger.valueOf(x[j])));
                }
            }
            y[i] = sum.shiftLeft(network.outputExponent());
        }
        return y;
    }

    /**
     * Computes T̂ x in double arithmetic from {@link #approximation()}.
     *
     * @param x M input values; not modified
     * @return N values
     */
    public double[] doubleOutputs(long[] x) {
        double[] y = new double[approximation.rows()];
        for (int i = 0; i < y.length; i++) {
            double sum = 0;
            for (int j = 0; j < x.length; j++) {
                sum += approximation.get(i, j) * x[j];
            }
            y[i] = sum;
        }
        return y;
    }

    /**
     * Returns the bound on |fl(T̂ x) − T̂ x| of {@link #doubleOutputs(long[])} for row
     * {@code row}: γ · Σ_j |T̂_ij x_j| with γ = n·u / (1 − n·u), n = M + 1 and u = 2^(−53),
     * the usual bound for a dot product summed left to right.
     */
    public double doubleErrorBound(long[] x, int row) {
        double magnitude = 0;
        for (int j = 0; j < x.length; j++) {
            magnitude += Math.abs(approximation.get(row, j) * x[j]);
        }
        double mu = (x.length + 1) * Math.ulp(1.0) / 2;
        return mu / (1 - mu) * magnitude;
    }
}
