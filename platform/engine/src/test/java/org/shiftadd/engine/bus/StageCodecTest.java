package org.shiftadd.engine.bus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.buffer.Buffer;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.shiftadd.api.ColumnClustering;
import org.shiftadd.api.Decomposition;
import org.shiftadd.api.Matrix;
import org.shiftadd.api.PrecisionTarget;

class StageCodecTest {
    private final StageCodec codec = new StageCodec();

    private Object roundTrip(Object message) {
        Buffer buffer = Buffer.buffer().appendString("header");
        codec.encodeToWire(buffer, message);
        return codec.decodeFromWire(6, buffer);
    }

    @Test
    void requestCrossesTheWire() {
        StageRequest.Decompose request = new StageRequest.Decompose(
                Matrix.fromRows(new double[][] {{1, -2.5}, {0, 3}}), PrecisionTarget.ofBits(8),
                Map.of("termsPerRow", 2, "signNormalised", true, "name", "x"));

        Object decoded = roundTrip(request);

        assertThat(decoded).isEqualTo(request);
    }

    @Test
    void replyWithDetailsCrossesTheWire() {
        Decomposition decomposition = new Decomposition("lcc-fs",
                Matrix.fromRows(new double[][] {{0.5, 1}}), 3, 41.5, true, 2,
                Map.of("slices", List.of(1, 2, 3), "factors", Map.of("a", 1.5), "exact", false));
        StageReply reply = new StageReply(decomposition,
                new Provenance("decomposer", "lcc-fs", "org.shiftadd.lcc", "0.1.0", "host/1"),
                0.25);

        StageReply decoded = (StageReply) roundTrip(reply);

        assertThat(decoded.provenance()).isEqualTo(reply.provenance());
        assertThat(decoded.seconds()).isEqualTo(0.25);
        assertThat(decoded.result()).isEqualTo(decomposition);
        ColumnClustering clustering = new ColumnClustering(new int[] {0, 1, 0}, 2, true, 4, "ok");
        ColumnClustering clusters = (ColumnClustering) roundTrip(clustering);
        assertThat(clusters.labels()).containsExactly(0, 1, 0);
        assertThat(roundTrip(List.of("lambda is missing"))).isEqualTo(List.of("lambda is missing"));
    }

    @Test
    void foreignClassArrivesAsFailure() {
        Buffer buffer = Buffer.buffer();
        codec.encodeToWire(buffer, new java.util.Date(0));

        Object decoded = codec.decodeFromWire(0, buffer);

        assertThat(decoded).isInstanceOf(WireFailure.class);
        assertThat(((WireFailure) decoded).reason())
                .isEqualTo("cannot read a stage message from another cluster node:"
                        + " class java.util.Date is not allowed in stage messages");
    }

    @Test
    void unserializableReplyArrivesAsFailure() {
        Decomposition decomposition = new Decomposition("lcc-fs", Matrix.zeros(1, 1), 0, 0,
                true, 0, Map.of("handle", new Object()));
        StageReply reply = new StageReply(decomposition,
                new Provenance("decomposer", "lcc-fs", "com.example", "1.0", "host/1"), 0);

        Object decoded = roundTrip(reply);

        assertThat(decoded).isInstanceOf(WireFailure.class);
        assertThat(((WireFailure) decoded).reason())
                .startsWith("cannot send a StageReply to another cluster node:")
                .contains("java.lang.Object");
    }

    @Test
    void truncatedMessageArrivesAsFailure() {
        Buffer buffer = Buffer.buffer().appendInt(3).appendBytes(new byte[] {1, 2, 3});

        assertThat(codec.decodeFromWire(0, buffer)).isInstanceOf(WireFailure.class);
    }
}
