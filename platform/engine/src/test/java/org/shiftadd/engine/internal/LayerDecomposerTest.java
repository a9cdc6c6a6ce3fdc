package org.shiftadd.engine.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.shiftadd.api.Decomposition;
import org.shiftadd.api.Matrix;
import org.shiftadd.api.PrecisionTarget;
import org.shiftadd.api.StageKind;
import org.shiftadd.engine.bus.Provenance;
import org.shiftadd.engine.bus.StageClient;
import org.shiftadd.engine.bus.StageCodec;
import org.shiftadd.engine.bus.StageReply;
import org.shiftadd.engine.bus.StageRequest;
import org.shiftadd.numerics.StageParameters;
import org.shiftadd.numerics.lcc.FsOptions;
import org.shiftadd.numerics.lcc.FullySequentialLcc;

class LayerDecomposerTest {
    private Vertx vertx;
    private StageClient client;
    /** Every request the stages received: its matrix's column count and its target. */
    private final List<String> received = Collections.synchronizedList(new ArrayList<>());

    @BeforeEach
    void startStages() {
        vertx = Vertx.vertx();
        vertx.eventBus().registerCodec(new StageCodec());
        client = new StageClient(vertx, Duration.ofMinutes(1));
        // Replies name one of two nodes, as two cluster members would: blocks of 4 or 8
        // columns come from node-0, all others from node-1.
        Function<Matrix, String> node = matrix ->
                matrix.cols() == 4 || matrix.cols() == 8 ? "node-0" : "node-1";
        stage("lcc-fs", (matrix, db) -> FullySequentialLcc.decompose(matrix, db,
                FsOptions.defaults()).toDecomposition(), node);
        // An lcc-fp replacement whose replies carry no slice networks.
        stage("lcc-fp", (matrix, db) -> new Decomposition("lcc-fp", matrix, 1, db, true, 1,
                Map.of()), node);
    }

    private void stage(String name, BiFunction<Matrix, Double, Decomposition> decompose,
            Function<Matrix, String> node) {
        vertx.eventBus().consumer(StageKind.DECOMPOSER.address(name), message -> {
            StageRequest.Decompose request = (StageRequest.Decompose) message.body();
            received.add(request.matrix().cols() + " " + request.target());
            vertx.executeBlocking(() -> {
                double db = StageParameters.targetSqnrDb(request.matrix(), request.target());
                return new StageReply(decompose.apply(request.matrix(), db),
                        new Provenance("decomposer", name, "test.bundle", "1.0",
                                node.apply(request.matrix())), 0.5);
            }, false).onComplete(result -> message.reply(result.result(),
                    new DeliveryOptions().setCodecName(StageCodec.NAME)));
        });
    }

    @AfterEach
    void stopStages() {
        vertx.close().await();
    }

    private static Matrix gaussian(int rows, int cols, long seed) {
        Random random = new Random(seed);
        double[] values = new double[rows * cols];
        for (int i = 0; i < values.length; i++) {
            values[i] = random.nextGaussian();
        }
        return Matrix.of(rows, cols, values);
    }

    @Test
    void clusterSpreadsAndJoinsSlices() {
        // 16 rows: slices of 4 columns; 30 columns make 8 slices, the last one 2 wide.
        List<Matrix> layers = List.of(gaussian(16, 30, 1), gaussian(16, 9, 2));
        List<StageRequest.Decompose> requests = layers.stream()
                .map(m -> new StageRequest.Decompose(m, PrecisionTarget.ofBits(6), Map.of()))
                .toList();
        List<Integer> reported = new ArrayList<>();

        List<StageReply> replies = new LayerDecomposer(client, () -> 2)
                .decomposeAll("lcc-fs", requests, (index, reply) -> reported.add(index));

        assertThat(reported).containsExactly(0, 1);
        for (int l = 0; l < layers.size(); l++) {
            double db = StageParameters.targetSqnrDb(layers.get(l), PrecisionTarget.ofBits(6));
            Decomposition whole = FullySequentialLcc.decompose(layers.get(l), db,
                    FsOptions.defaults()).toDecomposition();
            assertThat(replies.get(l).result()).isEqualTo(whole);
            assertThat(replies.get(l).provenance().node()).isEqualTo("node-0, node-1");
            assertThat(replies.get(l).provenance().version()).isEqualTo("1.0");
        }
        // Two nodes: the first layer in 4 blocks of 2 slices, the second (3 slices) in 3
        // blocks of 4, 4 and 1 columns.
        assertThat(received).hasSize(7);
        assertThat(received.subList(0, 4)).extracting(r -> r.split(" ")[0])
                .containsExactly("8", "8", "8", "6");
        assertThat(received).allMatch(r -> r.endsWith(" dB"));
        assertThat(replies.get(0).seconds()).isEqualTo(2.0);
    }

    @Test
    void oneProcessSendsLayersWhole() {
        Matrix matrix = gaussian(16, 30, 1);

        StageReply reply = new LayerDecomposer(client, () -> 1).decompose("lcc-fs",
                new StageRequest.Decompose(matrix, PrecisionTarget.ofBits(6), Map.of()));

        assertThat(received).containsExactly("30 " + PrecisionTarget.ofBits(6));
        assertThat(reply.provenance().node()).isEqualTo("node-1");
    }

    @Test
    void unjoinableRepliesFallBackToWhole() {
        Matrix matrix = gaussian(16, 30, 1);

        StageReply reply = new LayerDecomposer(client, () -> 3).decompose("lcc-fp",
                new StageRequest.Decompose(matrix, PrecisionTarget.ofBits(6), Map.of()));

        // Three nodes: 6 blocks, then the whole matrix once more.
        assertThat(received).hasSize(7).last().isEqualTo("30 " + PrecisionTarget.ofBits(6));
        Decomposition result = (Decomposition) reply.result();
        assertThat(result.approximation()).isEqualTo(matrix);
    }
}
