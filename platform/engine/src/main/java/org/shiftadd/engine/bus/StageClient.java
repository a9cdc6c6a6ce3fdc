package org.shiftadd.engine.bus;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.ReplyException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;
import java.util.function.LongSupplier;
import org.shiftadd.api.StageKind;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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

    /**
     * Time that Vert.x is given, after a cluster member left, to stop routing requests to it
     * before the requests in flight are sent again.
     */
    static final long SETTLE_MILLIS = 2_000;
    /** How often a waiting client checks whether a cluster member left. */
    private static final long POLL_MILLIS = 250;
    private static final Logger LOG = LoggerFactory.getLogger(StageClient.class);

    private final Vertx vertx;
    private final Duration timeout;
    private final LongSupplier lastDeparture;

    /**
     * Creates a client that never sends a request again.
     *
     * @param vertx the Vert.x instance whose event bus carries the requests; the
     *     {@link StageCodec} must be registered on it
     * @param timeout how long to wait for a reply
     */
    public StageClient(Vertx vertx, Duration timeout) {
        this(vertx, timeout, () -> 0);
    }

    /**
     * Creates a client for a cluster. Vert.x does not fail the requests that a member took
     * when the member leaves, so they would wait for the timeout. This client sends every
     * request that was in flight when a member left again, {@value #SETTLE_MILLIS} ms after
     * the departure, and keeps the first reply. Back-end requests stay in this process and
     * are never sent again.
     *
     * @param vertx the Vert.x instance whose event bus carries the requests; the
     *     {@link StageCodec} must be registered on it
     * @param timeout how long to wait for a reply
     * @param lastDeparture the time in {@link System#currentTimeMillis()} at which a cluster
     *     member last left, 0 if none has
     */
    public StageClient(Vertx vertx, Duration timeout, LongSupplier lastDeparture) {
        this.vertx = vertx;
        this.timeout = timeout;
        this.lastDeparture = lastDeparture;
    }

    /**
     * Returns a client on the same event bus that waits {@code other} for a reply.
     *
     * @param other the reply timeout
     * @return the client
     */
    public StageClient withTimeout(Duration other) {
        return new StageClient(vertx, other, lastDeparture);
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
        return await(new Pending(kind, name, request));
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
        List<Pending> inFlight = new ArrayList<>();
        List<StageReply> replies = new ArrayList<>();
        int sent = 0;
        while (replies.size() < requests.size()) {
            while (sent < requests.size() && sent - replies.size() < parallelism) {
                inFlight.add(new Pending(kind, name, requests.get(sent++)));
            }
            StageReply reply = await(inFlight.get(replies.size()));
            onReply.accept(replies.size(), reply);
            replies.add(reply);
        }
        return replies;
    }

    /** A request in flight: the reply to wait for and when it was last sent. */
    private final class Pending {
        private final StageKind kind;
        private final String name;
        private final StageRequest request;
        private CompletableFuture<StageReply> reply;
        private long sentAt;

        Pending(StageKind kind, String name, StageRequest request) {
            this.kind = kind;
            this.name = name;
            this.request = request;
            this.reply = send();
        }

        private CompletableFuture<StageReply> send() {
            sentAt = System.currentTimeMillis();
            return request(kind, name, request).toCompletionStage().toCompletableFuture();
        }

        /**
         * Sends the request again if a cluster member left after it was sent and Vert.x had
         * time to stop routing to that member. The first reply of either send counts.
         */
        void sendAgainAfterDeparture() {
            long departure = lastDeparture.getAsLong();
            long now = System.currentTimeMillis();
            if (departure == 0 || request instanceof StageRequest.Emit
                    || sentAt >= departure + SETTLE_MILLIS || now < departure + SETTLE_MILLIS) {
                return;
            }
            LOG.warn("a cluster member left while {} had a request in flight; sending it"
                    + " again", kind.address(name));
            reply = firstSuccess(reply, send());
        }

        String address() {
            return kind.address(name);
        }
    }

    private static <T> CompletableFuture<T> firstSuccess(CompletableFuture<T> first,
            CompletableFuture<T> second) {
        CompletableFuture<T> either = new CompletableFuture<>();
        AtomicInteger failures = new AtomicInteger();
        BiConsumer<T, Throwable> settle = (value, failure) -> {
            if (failure == null) {
                either.complete(value);
            } else if (failures.incrementAndGet() == 2) {
                either.completeExceptionally(failure);
            }
        };
        first.whenComplete(settle);
        second.whenComplete(settle);
        return either;
    }

    private StageReply await(Pending pending) {
        try {
            // Wait in short steps, so that a departed cluster member is noticed.
            while (true) {
                long deadline = pending.sentAt + timeout.toMillis() + 5_000;
                long left = deadline - System.currentTimeMillis();
                if (left <= 0) {
                    throw new TimeoutException();
                }
                try {
                    return pending.reply.get(Math.min(left, POLL_MILLIS),
                            TimeUnit.MILLISECONDS);
                } catch (TimeoutException e) {
                    pending.sendAgainAfterDeparture();
                }
            }
        } catch (ExecutionException e) {
            if (e.getCause() instanceof StageException stageException) {
                throw stageException;
            }
            throw new StageException(StageFailure.STAGE_FAILURE, pending.address(),
                    String.valueOf(e.getCause()));
        } catch (TimeoutException e) {
            throw new StageException(StageFailure.TIMEOUT, pending.address(),
                    "no reply from " + pending.address() + " within " + timeout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StageException(StageFailure.STAGE_FAILURE, pending.address(),
                    "interrupted while waiting for " + pending.address());
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
