package org.shiftadd.engine.bus;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.ReplyException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BiConsumer;
import org.shiftadd.api.StageKind;

/**
 * Sends stage requests over the event bus and turns failed replies into
 * {@link StageException}s with a {@link StageFailure} kind.
 */
public final class StageClient {
    /** Default time a stage may take to reply. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(30);

    /**
     * Time a hardware back end may take: simulating and synthesizing a large layer can take
     * hours, and the back end bounds every tool run with its own limit.
     */
    public static final Duration BACKEND_TIMEOUT = Duration.ofHours(24);

    private final Vertx vertx;
    private final Duration timeout;

    /**
     * Creates a client.
     *
     * @param vertx the Vert.x instance whose event bus carries the requests; the
     *     {@link StageCodec} must be registered on it
     * @param timeout how long to wait for a reply
     */
    public StageClient(Vertx vertx, Duration timeout) {
        this.vertx = vertx;
        this.timeout = timeout;
    }

    /**
     * Returns a client on the same event bus that waits {@code other} for a reply.
     *
     * @param other the reply timeout
     * @return the client
     */
    public StageClient withTimeout(Duration other) {
        return new StageClient(vertx, other);
    }

    /**
     * Sends a request to the stage {@code name} of {@code kind}.
     *
     * @param kind the stage kind
     * @param name the stage name
     * @param request the request
     * @return the reply, or a future failed with a {@link StageException}
     */
    public Future<StageReply> request(StageKind kind, String name, StageRequest request) {
        String address = kind.address(name);
        DeliveryOptions options = new DeliveryOptions()
                .setCodecName(StageCodec.NAME)
                .setSendTimeout(timeout.toMillis())
                // A back end writes into a local directory, so it must run in this process.
                .setLocalOnly(request instanceof StageRequest.Emit);
        Future<Message<Object>> reply = vertx.eventBus().request(address, request, options);
        return reply.transform(result -> {
            if (result.failed()) {
                return Future.failedFuture(toStageException(address, result.cause()));
            }
            Object body = result.result().body();
            if (body instanceof WireFailure failure) {
                return Future.failedFuture(new StageException(StageFailure.STAGE_FAILURE,
                        address, "the reply from " + address + " was lost: "
                                + failure.reason()));
            }
            return Future.succeededFuture((StageReply) body);
        });
    }

    /**
     * Sends a request and blocks until the reply arrives. Never call it on an event-loop
     * thread.
     *
     * @param kind the stage kind
     * @param name the stage name
     * @param request the request
     * @return the reply
     * @throws StageException if the request failed, with its kind
     */
    public StageReply await(StageKind kind, String name, StageRequest request) {
        return await(kind, name, request(kind, name, request));
    }

    /**
     * Sends requests to one stage with at most {@code parallelism} of them in flight and
     * blocks until every reply has arrived. The stage serves them on worker threads, so
     * independent requests use several cores. Never call it on an event-loop thread.
     *
     * @param kind the stage kind
     * @param name the stage name
     * @param requests the requests
     * @param parallelism the most requests in flight at once, at least 1
     * @param onReply called with the index and reply of each request, in request order
     * @return the replies, in request order
     * @throws StageException if a request failed, with its kind; requests still in flight
     *     then finish unobserved
     */
    public List<StageReply> awaitAll(StageKind kind, String name,
            List<? extends StageRequest> requests, int parallelism,
            BiConsumer<Integer, StageReply> onReply) {
        if (parallelism < 1) {
            throw new IllegalArgumentException("parallelism must be at least 1, found "
                    + parallelism);
        }
        List<Future<StageReply>> inFlight = new ArrayList<>();
        List<StageReply> replies = new ArrayList<>();
        int sent = 0;
        while (replies.size() < requests.size()) {
            while (sent < requests.size() && sent - replies.size() < parallelism) {
                inFlight.add(request(kind, name, requests.get(sent++)));
            }
            StageReply reply = await(kind, name, inFlight.get(replies.size()));
            onReply.accept(replies.size(), reply);
            replies.add(reply);
        }
        return replies;
    }

    private StageReply await(StageKind kind, String name, Future<StageReply> future) {
        try {
            return future.toCompletionStage().toCompletableFuture()
                    .get(timeout.toMillis() + 5_000, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof StageException stageException) {
                throw stageException;
            }
            throw new StageException(StageFailure.STAGE_FAILURE, kind.address(name),
                    String.valueOf(e.getCause()));
        } catch (TimeoutException e) {
            throw new StageException(StageFailure.TIMEOUT, kind.address(name),
                    "no reply from " + kind.address(name) + " within " + timeout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StageException(StageFailure.STAGE_FAILURE, kind.address(name),
                    "interrupted while waiting for " + kind.address(name));
        }
    }

    private static StageException toStageException(String address, Throwable cause) {
        if (cause instanceof ReplyException reply) {
            return switch (reply.failureType()) {
                case NO_HANDLERS -> new StageException(StageFailure.NO_HANDLER, address,
                        "no stage is installed at " + address);
                case TIMEOUT -> new StageException(StageFailure.TIMEOUT, address,
                        "no reply from " + address + ": " + reply.getMessage());
                default -> new StageException(StageFailure.fromCode(reply.failureCode()),
                        address, reply.getMessage());
            };
        }
        return new StageException(StageFailure.STAGE_FAILURE, address, String.valueOf(cause));
    }
}
