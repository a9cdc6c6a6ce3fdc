package org.shiftadd.stage.verilog;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.shiftadd.api.Matrix;
import org.shiftadd.numerics.Csd;
import org.shiftadd.numerics.lcc.FpOptions;
import org.shiftadd.numerics.lcc.FsOptions;
import org.shiftadd.numerics.lcc.FullyParallelLcc;
import org.shiftadd.numerics.lcc.FullySequentialLcc;

class IntegerModelTest {

    private static Matrix gaussian(int rows, int cols, long seed) {
        Random random = new Random(seed);
        double[] values = new double[rows * cols];
        for (int k = 0; k < values.length; k++) {
            values[k] = random.nextGaussian() / Math.sqrt(cols);
        }
        return Matrix.of(rows, cols, values);
    }

    /** Checks every vector of the standard set against the exact and the double reference. */
    private static void assertExact(LayerModel model, int vectors) {
        for (long[] x : TestBench.vectors(model, vectors, 7)) {
            long[] y = model.network().simulate(x);
            BigInteger[] reference = model.referenceOutputs(x);
            for (int i = 0; i < y.length; i++) {
                assertThat(BigInteger.valueOf(y[i])).as("output %d", i).isEqualTo(reference[i]);
            }
            assertThat(LayerEmitter.countDoubleMismatches(model, x, y)).isZero();
        }
    }

    @Test
    void csdRandomLayersUnsignedInputs() {
        for (int seed = 0; seed < 5; seed++) {
            Csd.Quantized q = Csd.quantize(gaussian(12, 20, seed), 8);
            LayerModel model = LayerModel.csd("dense", q, 8, false);
            assertThat(model.network().additions()).isEqualTo(q.additions());
            assertExact(model, 300);
        }
    }

    @Test
    void csdRandomLayersSignedInputs() {
        for (int seed = 0; seed < 5; seed++) {
            Csd.Quantized q = Csd.quantize(gaussian(9, 31, 100 + seed), 6);
            LayerModel model = LayerModel.csd("dense", q, 5, true);
            assertExact(model, 300);
        }
    }

    @Test
    void csdDepthMatchesBalancedTree() {
        Csd.Quantized q = Csd.quantize(gaussian(10, 40, 3), 8);
        LayerModel model = LayerModel.csd("dense", q, 8, false);
        assertThat(model.network().depth()).isLessThanOrEqualTo(q.depth() + 1);
        assertThat(model.network().depth()).isGreaterThanOrEqualTo(q.depth());
    }

    @Test
    void mostNegativeSignedInputNegated() {
        // y = −x with x = −128 gives +128, which needs 9 bits.
        Csd.Quantized q = Csd.count(1, 1, 0, new long[] {-1});
        LayerModel model = LayerModel.csd("negate", q, 8, true);
        assertThat(model.network().outputWidth()).isEqualTo(9);
        assertThat(model.network().simulate(new long[] {-128})).containsExactly(128);
        assertThat(model.network().negations()).isEqualTo(1);
    }

    @Test
    void unsignedInputsStayUnsigned() {
        Csd.Quantized q = Csd.count(2, 3, 0, new long[] {1, 2, 5, 3, 0, 1});
        IntegerNetwork network = LayerModel.csd("positive", q, 8, false).network();
        assertThat(network.signedOutputs()).isFalse();
        // 255 · (1 + 2 + 5) = 2040 fits in 11 unsigned bits.
        assertThat(network.outputWidth()).isEqualTo(11);
        assertThat(network.simulate(new long[] {255, 255, 255})).containsExactly(2040, 1020);
    }

    @Test
    void zeroAndPrunedColumns() {
        long[] weights = {0, 3, 0, 0, -7, 0, 0, 0, 0};
        Csd.Quantized q = Csd.count(3, 3, 2, weights);
        LayerModel model = LayerModel.csd("pruned", q, 8, false);
        assertThat(model.network().output(2)).isNull();
        assertExact(model, 200);
    }

    @Test
    void allZeroLayer() {
        LayerModel model = LayerModel.csd("zero", Csd.quantize(Matrix.zeros(4, 5), 8), 8, false);
        assertThat(model.network().additions()).isZero();
        assertThat(model.network().outputWidth()).isEqualTo(1);
        assertExact(model, 50);
    }

    @Test
    void oneColumnLayer() {
        Csd.Quantized q = Csd.quantize(gaussian(16, 1, 5), 8);
        LayerModel model = LayerModel.csd("column", q, 8, true);
        assertExact(model, 100);
    }

    @Test
    void sharedColumnsArePreAdded() {
        // Inputs 0, 2 and 5 feed column 0 (two pre-additions), 3 and 6 feed column 2 (one),
        // 4 feeds column 1 alone and input 1 is pruned.
        int[] inputColumns = {0, -1, 0, 2, 1, 0, 2};
        Csd.Quantized q = Csd.quantize(gaussian(5, 3, 13), 8);
        LayerModel model = LayerModel.csd("shared", q, 8, false, inputColumns);
        assertThat(model.network().inputCount()).isEqualTo(7);
        assertThat(model.network().additions()).isEqualTo(q.additions() + 3);
        assertThat(model.approximation().get(2, 5)).isEqualTo(q.approximation().get(2, 0));
        assertThat(model.approximation().get(2, 1)).isZero();
        assertExact(model, 300);
    }

    @Test
    void oneBitWeights() {
        Csd.Quantized q = Csd.quantize(gaussian(8, 12, 9), 1);
        LayerModel model = LayerModel.csd("onebit", q, 8, false);
        assertExact(model, 200);
    }

    @Test
    void lccFullySequentialEqualsExact() {
        var decomposition = FullySequentialLcc.decompose(gaussian(16, 24, 11), 30,
                FsOptions.defaults());
        LayerModel model = LayerModel.lcc("fs", decomposition, 8, false);
        assertThat(model.network().additions())
                .isLessThanOrEqualTo(decomposition.additions());
        assertExact(model, 300);
    }

    @Test
    void lccFullyParallelEqualsExact() {
        var decomposition = FullyParallelLcc.decompose(gaussian(16, 24, 12), 30,
                FpOptions.defaults());
        LayerModel model = LayerModel.lcc("fp", decomposition, 8, true);
        assertExact(model, 300);
    }

    @Test
    void exactIntegersOfDyadicMatrix() {
        Matrix matrix = Matrix.of(1, 3, new double[] {0.75, -2, 0.125});
        Csd.Quantized q = Rederivation.exactIntegers(matrix);
        assertThat(q.shift()).isEqualTo(3);
        assertThat(q.integers()).containsExactly(6, -16, 1);
    }

    @Test
    void pipelinePlanLatencyAndRegisters() {
        Csd.Quantized q = Csd.quantize(gaussian(4, 16, 13), 8);
        IntegerNetwork network = LayerModel.csd("piped", q, 8, false).network();
        PipelinePlan plan = new PipelinePlan(network, 1);
        assertThat(plan.latency()).isEqualTo(network.depth() - 1);
        assertThat(plan.registerBits(network)).isPositive();
        assertThat(new PipelinePlan(network, 0).registerBits(network)).isZero();
    }

    @Test
    void hexWordPacksLowValueLast() {
        assertThat(TestBench.hexWord(new long[] {1, -1}, 4)).isEqualTo("f1");
        assertThat(TestBench.hexWord(new long[] {5}, 3)).isEqualTo("5");
        assertThat(List.of(TestBench.hexWord(new long[] {0, 0, 1}, 3))).containsExactly("040");
    }
}
