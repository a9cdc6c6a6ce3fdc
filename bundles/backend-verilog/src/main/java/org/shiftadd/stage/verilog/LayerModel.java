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
    private final Matrix approximation;
    private final Csd.Quantized csd;
    private final LccDecomposition lcc;

    private LayerModel(String name, String method, IntegerNetwork network, int valueExponent,
            Matrix approximation, Csd.Quantized csd, LccDecomposition lcc) {
        this.name = name;
        this.method = method;
        this.network = network;
        this.valueExponent = valueExponent;
        this.approximation = approximation;
        this.csd = csd;
        this.lcc = lcc;
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
        NetworkBuilder builder = new NetworkBuilder(quantized.cols(), inputBits, signedInputs);
        List<NetworkBuilder.Value> inputs = builder.inputs();
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
                quantized, null);
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
        int inputCount = decomposition.target().cols();
        NetworkBuilder builder = new NetworkBuilder(inputCount, inputBits, signedInputs);
        List<NetworkBuilder.Value> outputs = decomposition.evaluate(builder.inputs(), builder);
        IntegerNetwork network = builder.finish(outputs, 0);
        return new LayerModel(name, decomposition.method(), network, network.outputExponent(),
                decomposition.reconstruct(), null, decomposition);
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

    /** Returns T̂, the matrix that the network computes, in doubles. */
    public Matrix approximation() {
        return approximation;
    }

    /**
     * Computes the outputs y_int for {@code x} without the network: Q x for a CSD layer, the
     * decomposition's exact dyadic evaluation times 2^F for an LCC layer.
     *
     * @param x M input values; not modified
     * @return N exact integers
     * @throws ArithmeticException if an LCC output times 2^F is not an integer, which would
     *     mean F is wrong
     */
    public BigInteger[] referenceOutputs(long[] x) {
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
