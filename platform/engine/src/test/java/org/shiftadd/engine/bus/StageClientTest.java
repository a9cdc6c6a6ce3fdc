package org.shiftadd.engine.bus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.shiftadd.api.Matrix;
import org.shiftadd.api.PrecisionTarget;
import org.shiftadd.api.StageKind;

class StageClientTest {
    private Vertx vertx;
    private final AtomicInteger running = new AtomicInteger();
    private final AtomicInteger maxRunning = new AtomicInteger();

    @BeforeEach
    void startStage() {
        vertx = Vertx.vertx();
        vertx.eventBus().registerCodec(new StageCodec());
        // A stage that replies with the matrix's row count after a delay that shrinks with
        // it, so later requests finish first. It counts the requests served at once.
        vertx.eventBus().consumer(StageKind.DECOMPOSER.address("slow"), message -> {
            StageRequest.Decompose request = (StageRequest.Decompose) message.body();
            vertx.executeBlocking(() -> {
                maxRunning.accumulateAndGet(running.incrementAndGet(), Math::max);
                Thread.sleep(200 - 30L * request.matrix().rows());
                running.decrementAndGet();
                if (request.matrix().rows() == 5) {
                    throw new IllegalStateException("row count 5 is not served");
                }
                return new StageReply(request.matrix().rows(),
                        new Provenance("decomposer", "slow", "test", "1", "here"), 0);
            }, false).onComplete(result -> {
                if (result.succeeded()) {
                    message.reply(result.result(), new io.vertx.core.eventbus.DeliveryOptions()
                            .setCodecName(StageCodec.NAME));
                } else {
                    message.fail(1, result.cause().getMessage());
                }
            });
        });
    }

    @AfterEach
    void stopStage() {
        vertx.close().await();
    }

    private static List<StageRequest.Decompose> requests(int... rows) {
        List<StageRequest.Decompose> requests = new ArrayList<>();
        for (int r : rows) {
            requests.add(new StageRequest.Decompose(Matrix.zeros(r, 1),
                    PrecisionTarget.ofBits(8), Map.of()));
        }
        return requests;
    }

    @Test
    void awaitAllKeepsOrderAndBoundsParallelism() {
        StageClient client = new StageClient(vertx, Duration.ofSeconds(30));
        List<Integer> reported = Collections.synchronizedList(new ArrayList<>());

        List<StageReply> replies = client.awaitAll(StageKind.DECOMPOSER, "slow",
                requests(1, 2, 3, 4, 6), 2, (index, reply) -> reported.add(index));

        assertThat(replies).extracting(StageReply::result).containsExactly(1, 2, 3, 4, 6);
        assertThat(reported).containsExactly(0, 1, 2, 3, 4);
        assertThat(maxRunning.get()).isEqualTo(2);
    }

    @Test
    void awaitAllRaisesTheFirstFailure() {
        StageClient client = new StageClient(vertx, Duration.ofSeconds(30));

        assertThatThrownBy(() -> client.awaitAll(StageKind.DECOMPOSER, "slow",
                requests(1, 5, 2), 3, (index, reply) -> { }))
                .isInstanceOf(StageException.class)
                .hasMessageContaining("row count 5 is not served");
        assertThatThrownBy(() -> client.awaitAll(StageKind.DECOMPOSER, "slow", requests(1), 0,
                (index, reply) -> { }))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("parallelism must be at least 1, found 0");
    }

    @Test
    void lostReplyFailsAtOnce() {
        vertx.eventBus().consumer(StageKind.DECOMPOSER.address("lossy"), message ->
                message.reply(new WireFailure("class com.example.Handle is not allowed"),
                        new io.vertx.core.eventbus.DeliveryOptions()
                                .setCodecName(StageCodec.NAME)));
        StageClient client = new StageClient(vertx, Duration.ofMinutes(10));

        assertThatThrownBy(() -> client.await(StageKind.DECOMPOSER, "lossy",
                requests(2).get(0)))
                .isInstanceOf(StageException.class)
                .hasMessageContaining("the reply from shiftadd.decomposer.lossy was lost:"
                        + " class com.example.Handle is not allowed")
                .extracting(e -> ((StageException) e).failure())
                .isEqualTo(StageFailure.STAGE_FAILURE);
    }

    /** Registers a stage that drops its first request, as a member that died would. */
    private AtomicInteger droppingFirst(StageKind kind, String name) {
        AtomicInteger seen = new AtomicInteger();
        vertx.eventBus().consumer(kind.address(name), message -> {
            if (seen.getAndIncrement() > 0) {
                message.reply(new StageReply("done",
                        new Provenance(kind.key(), name, "test", "1", "survivor"), 0),
                        new io.vertx.core.eventbus.DeliveryOptions()
                                .setCodecName(StageCodec.NAME));
            }
        });
        return seen;
    }

    @Test
    void departedMemberRequestIsSentAgain() {
        AtomicInteger seen = droppingFirst(StageKind.DECOMPOSER, "flaky");
        AtomicLong departure = new AtomicLong();
        StageClient client = new StageClient(vertx, Duration.ofMinutes(10), departure::get);
        vertx.setTimer(300, id -> departure.set(System.currentTimeMillis()));

        StageReply reply = assertTimeoutPreemptively(Duration.ofSeconds(30),
                () -> client.await(StageKind.DECOMPOSER, "flaky", requests(2).get(0)));

        assertThat(reply.result()).isEqualTo("done");
        assertThat(seen.get()).isEqualTo(2);
    }

    @Test
    void withoutDepartureRequestIsNotSentAgain() {
        AtomicInteger seen = droppingFirst(StageKind.DECOMPOSER, "flaky");
        StageClient client = new StageClient(vertx, Duration.ofMillis(3_000), () -> 0);

        assertThatThrownBy(() -> client.await(StageKind.DECOMPOSER, "flaky",
                requests(2).get(0)))
                .isInstanceOf(StageException.class)
                .extracting(e -> ((StageException) e).failure())
                .isEqualTo(StageFailure.TIMEOUT);
        assertThat(seen.get()).isEqualTo(1);
    }

    @Test
    void backendRequestIsNeverSentAgain() {
        AtomicInteger seen = droppingFirst(StageKind.BACKEND, "flaky");
        long departure = System.currentTimeMillis();
        StageClient client = new StageClient(vertx, Duration.ofMillis(3_000), () -> departure);
        StageRequest emit = new StageRequest.Emit(List.of(), java.nio.file.Path.of("out"),
                Map.of());

        assertThatThrownBy(() -> client.await(StageKind.BACKEND, "flaky", emit))
                .isInstanceOf(StageException.class)
                .extracting(e -> ((StageException) e).failure())
                .isEqualTo(StageFailure.TIMEOUT);
        assertThat(seen.get()).isEqualTo(1);
    }
}
