package org.shiftadd.engine.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.shiftadd.api.Matrix;
import org.shiftadd.engine.spec.ExperimentSpec.ModelSpec;
import org.shiftadd.nn.conv.Conv2d;
import org.shiftadd.nn.conv.ConvMatrices;
import org.shiftadd.nn.conv.ConvNetwork;
import org.shiftadd.nn.conv.ConvSpec;
import org.shiftadd.nn.conv.Flatten;
import org.shiftadd.nn.conv.Layer;
import org.shiftadd.nn.conv.Linear;
import org.shiftadd.nn.conv.MaxPool2d;
import org.shiftadd.nn.conv.Relu;
import org.shiftadd.nn.conv.ResNets;
import org.shiftadd.nn.conv.Shape;

class ConvCompressionTest {
    private static final ModelSpec PK = new ModelSpec("cnn", List.of(), List.of(3, 2), 0, 0,
            0, null, "pk", Map.of());

    /** 1x8x8 -> conv 3x3 to 3 channels, pool -> conv 3x3 to 2 channels, pool -> 10 classes. */
    private static ConvNetwork chain(long seed) {
        Random random = new Random(seed);
        return ConvNetwork.of(new Shape(1, 8, 8), List.of(
                Conv2d.create(ConvSpec.square(1, 3, 3, 1, 1), true, random), new Relu(),
                new MaxPool2d(2, 2),
                Conv2d.create(ConvSpec.square(3, 2, 3, 1, 1), true, random), new Relu(),
                new MaxPool2d(2, 2), new Flatten(), Linear.create(8, 10, random)));
    }

    @Test
    void channelViewRoundTrips() {
        Conv2d conv = chain(1).convolutions().get(1);
        double[] weights = conv.weights();

        ConvCompression.View view = ConvCompression.channels(conv, weights);

        assertThat(view.rows()).isEqualTo(2 * 9);
        assertThat(view.cols()).isEqualTo(3);
        // Same columns as the partial-kernel matrix, rows in another order.
        Matrix pk = ConvMatrices.partialKernel(conv);
        for (int c = 0; c < 3; c++) {
            double[] column = new double[view.rows()];
            for (int r = 0; r < view.rows(); r++) {
                column[r] = view.values()[r * 3 + c];
            }
            double[] expected = pk.column(c);
            Arrays.sort(column);
            Arrays.sort(expected);
            assertThat(column).containsExactly(expected);
        }
        double[] back = new double[weights.length];
        ConvCompression.writeChannels(conv, view, back);
        assertThat(back).containsExactly(weights);
    }

    @Test
    void fullKernelViewIsWeightLayout() {
        Conv2d conv = chain(1).convolutions().get(1);

        ConvCompression.View view = ConvCompression.ofForm(conv, "fk", conv.weights());

        assertThat(Matrix.of(view.rows(), view.cols(), view.values()))
                .isEqualTo(ConvMatrices.fullKernel(conv));
    }

    @Test
    void prunedInputsDropProducerOutputs() {
        ConvNetwork network = chain(2);
        List<Layer> layers = network.weightLayers();
        List<double[]> weights = new ArrayList<>();
        for (Layer layer : layers) {
            weights.add(ConvCompression.weightsOf(layer));
        }
        // conv2 no longer reads channel 1 of conv1.
        ConvCompression.View conv2 = ConvCompression.channels(layers.get(1), weights.get(1));
        for (int r = 0; r < conv2.rows(); r++) {
            conv2.values()[r * conv2.cols() + 1] = 0;
        }
        ConvCompression.writeChannels(layers.get(1), conv2, weights.get(1));
        // The classifier reads conv2's channel 0 at features 0 to 3 (2x2 positions).
        for (int o = 0; o < 10; o++) {
            Arrays.fill(weights.get(2), o * 8, o * 8 + 4, 0);
        }
        ConvNetwork pruned = network.withWeights(weights);

        List<boolean[]> live = ConvCompression.liveOutputs(pruned);

        assertThat(live.get(0)).containsExactly(true, false, true);
        assertThat(live.get(1)).containsExactly(false, true);
        assertThat(live.get(2)).hasSize(10).doesNotContain(false);

        List<ConvPipeline.MatrixLayer> matrices = ConvPipeline.matrices(pruned, PK);
        ConvPipeline.Reduced first = ConvPipeline.Reduced.of(matrices.get(0), live.get(0), null);
        // PK rows run tap by tap over the 3 output channels: 9 of 27 rows go.
        assertThat(first.form().compact().rows()).isEqualTo(18);
        assertThat(first.accumulation()).isEqualTo(matrices.get(0).accumulation() / 3 * 2);
        Matrix restored = first.expand(first.form().compact());
        for (int r = 0; r < 27; r++) {
            double[] expected = r % 3 == 1 ? new double[1] : matrices.get(0).matrix().row(r);
            assertThat(restored.row(r)).containsExactly(expected);
        }
        ConvPipeline.Reduced second = ConvPipeline.Reduced.of(matrices.get(1), live.get(1),
                null);
        // One output channel and one input channel of conv2 remain.
        assertThat(second.form().compact().rows()).isEqualTo(9);
        assertThat(second.form().compact().cols()).isEqualTo(2);
        assertThat(second.form().source()).containsExactly(0, -1, 1);
    }

    @Test
    void residualLayersKeepAllOutputs() {
        ConvNetwork network = ResNets.resnet34(3, 8, 10, 1);
        List<double[]> weights = new ArrayList<>();
        for (Layer layer : network.weightLayers()) {
            ConvCompression.View view = ConvCompression.channels(layer,
                    ConvCompression.weightsOf(layer));
            for (int r = 0; r < view.rows(); r++) {
                view.values()[r * view.cols()] = 0;
            }
            double[] values = ConvCompression.weightsOf(layer);
            ConvCompression.writeChannels(layer, view, values);
            weights.add(values);
        }

        List<boolean[]> live = ConvCompression.liveOutputs(
                network.withWeights(weights).foldBatchNorm());

        for (boolean[] outputs : live) {
            assertThat(outputs).doesNotContain(false);
        }
    }
}
