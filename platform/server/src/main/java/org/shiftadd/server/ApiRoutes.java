package org.shiftadd.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLong;
import org.shiftadd.engine.InputException;
import org.shiftadd.engine.bus.StageDirectory;
import org.shiftadd.engine.bus.StageInfo;
import org.shiftadd.engine.spec.SpecException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The endpoints under {@code /api}. Handlers run on the event loop and hand everything that
 * blocks (spec validation over the event bus, file reads and writes) to request threads.
 */
final class ApiRoutes {
    private static final Logger LOG = LoggerFactory.getLogger(ApiRoutes.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String JSON_TYPE = "application/json; charset=utf-8";
    /** Maximum length of a rejected value that an error message repeats. */
    private static final int ECHO_LIMIT = 80;

    private final Vertx vertx;
    private final RunManager runs;
    private final StageDirectory stages;
    private final WorkerExecutor requestThreads;
    private final ServerOptions options;
    private final byte[] tokenHash;
    private final AtomicLong rejectedTokens = new AtomicLong();
    private final AtomicLong rejectedSubmissions = new AtomicLong();

    ApiRoutes(Vertx vertx, RunManager runs, StageDirectory stages, WorkerExecutor requestThreads,
            ServerOptions options) {
        this.vertx = vertx;
        this.runs = runs;
        this.stages = stages;
        this.requestThreads = requestThreads;
        this.options = options;
        this.tokenHash = options.token() == null ? null : sha256(options.token());
    }

    Router router() {
        Router router = Router.router(vertx);
        router.route().handler(this::rejectDotSegments);
        if (tokenHash != null) {
            router.route("/api/*").handler(this::authenticate);
        }
        router.post("/api/runs").handler(this::readSpecAsText);
        router.post("/api/runs")
                .handler(BodyHandler.create(false).setBodyLimit(options.maxBodyBytes()))
                .handler(this::submit);
        router.get("/api/runs").handler(this::list);
        router.get("/api/runs/:id").handler(this::get);
        router.get("/api/runs/:id/events").handler(this::events);
        router.delete("/api/runs/:id").handler(this::cancel);
        router.post("/api/runs/:id/cancel").handler(this::cancel);
        router.get("/api/stages").handler(this::stages);
        router.errorHandler(404, ctx -> error(ctx, 404, "no endpoint " + ctx.request().method()
                + " " + echo(ctx.request().path()) + "; see the API reference in docs/API.md"));
        router.errorHandler(405, this::methodNotAllowed);
        router.errorHandler(413, this::bodyTooLarge);
        router.errorHandler(500, this::internalError);
        return router;
    }

    /** Responds with 405, listing the methods that the path takes in an {@code Allow} header. */
    private void methodNotAllowed(RoutingContext ctx) {
        String path = ctx.request().path();
        String allowed = allowedMethods(path == null ? "" : path);
        if (allowed != null) {
            ctx.response().putHeader(HttpHeaders.ALLOW, allowed);
        }
        error(ctx, 405, "method " + ctx.request().method() + " is not allowed on "
                + echo(path) + (allowed == null ? "" : "; use " + allowed));
    }

    /** Returns the methods of the API endpoint at {@code path}, or null for another path. */
    static String allowedMethods(String path) {
        String trimmed = path.endsWith("/") && path.length() > 1
                ? path.substring(0, path.length() - 1) : path;
        if (trimmed.equals("/api/runs")) {
            return "GET, POST";
        }
        if (trimmed.equals("/api/stages") || trimmed.matches("/api/runs/[^/]+/events")) {
            return "GET";
        }
        if (trimmed.matches("/api/runs/[^/]+/cancel")) {
            return "POST";
        }
        if (trimmed.matches("/api/runs/[^/]+")) {
            return "GET, DELETE";
        }
        return null;
    }

    /**
     * Rejects a path with a {@code ..} segment, plain or percent-encoded, with 400. The
     * router would otherwise remove the segment with its parent before matching, so that
     * {@code /api/runs/..} would quietly become another request.
     */
    private void rejectDotSegments(RoutingContext ctx) {
        String path = ctx.request().path();
        String decoded = path == null ? "" : path.replaceAll("(?i)%2e", ".")
                .replaceAll("(?i)%2f", "/").replaceAll("(?i)%5c", "/").replace('\\', '/');
        if (Arrays.asList(decoded.split("/")).contains("..")) {
            error(ctx, 400, "invalid path '" + echo(path) + "': it contains a '..' segment;"
                    + " address a run by its id, as POST /api/runs returns it");
            return;
        }
        ctx.next();
    }

    /**
     * Returns whether the n-th rejection of a kind is logged: the 1st, 10th, 100th ..., so
     * that a client in a loop cannot flood the log.
     */
    private static boolean isLogged(long count) {
        return Long.toString(count).matches("10*");
    }

    private void authenticate(RoutingContext ctx) {
        String header = ctx.request().getHeader(HttpHeaders.AUTHORIZATION);
        String prefix = "Bearer ";
        if (header != null && header.regionMatches(true, 0, prefix, 0, prefix.length())
                && MessageDigest.isEqual(tokenHash,
                        sha256(header.substring(prefix.length()).trim()))) {
            ctx.next();
            return;
        }
        long rejected = rejectedTokens.incrementAndGet();
        if (isLogged(rejected)) {
            LOG.warn("requests rejected for a missing or invalid bearer token so far: {}, the"
                    + " last from {}", rejected, ctx.request().remoteAddress());
        }
        ctx.response().putHeader("WWW-Authenticate", "Bearer realm=\"shiftadd\"");
        error(ctx, 401, "missing or invalid bearer token; send the header 'Authorization:"
                + " Bearer TOKEN' with the token that the server was started with");
    }

    private void submit(RoutingContext ctx) {
        String text = ctx.body().asString(StandardCharsets.UTF_8.name());
        if (text == null || text.isBlank()) {
            error(ctx, 400, "the request body is empty; send the experiment spec as YAML or"
                    + " JSON, as 'shiftadd run' reads it");
            return;
        }
        String contentType = ctx.request().getHeader(HttpHeaders.CONTENT_TYPE);
        boolean json = contentType != null
                && contentType.toLowerCase(Locale.ROOT).startsWith("application/json");
        String source = json ? "request.json" : "request.yaml";
        blocking(ctx, () -> runs.submit(text, source).view()).onSuccess(view -> {
            String location = "/api/runs/" + view.id();
            ObjectNode body = JSON.createObjectNode().put("id", view.id())
                    .put("status", view.status()).put("location", location);
            ctx.response().putHeader(HttpHeaders.LOCATION, location);
            send(ctx, 202, body);
        });
    }

    private void list(RoutingContext ctx) {
        blocking(ctx, runs::list).onSuccess(views -> {
            ArrayNode array = JSON.createArrayNode();
            views.forEach(view -> array.add(RunJson.summary(view)));
            send(ctx, 200, JSON.createObjectNode().set("runs", array));
        });
    }

    private void get(RoutingContext ctx) {
        String id = runId(ctx);
        if (id == null) {
            return;
        }
        blocking(ctx, () -> runs.view(id).map(view -> {
            ObjectNode body = RunJson.summary(view);
            runs.result(id).ifPresent(result -> body.set("result", parse(result, id)));
            return body;
        }).orElse(null)).onSuccess(body -> {
            if (body == null) {
                notFound(ctx, id);
            } else {
                send(ctx, 200, body);
            }
        });
    }

    private void events(RoutingContext ctx) {
        String id = runId(ctx);
        if (id == null) {
            return;
        }
        EventStream stream = new EventStream(ctx.response(), vertx.getOrCreateContext(),
                EventStream.lastEventId(ctx.request().getHeader("Last-Event-ID")));
        ctx.response().closeHandler(closed -> runs.unsubscribe(id, stream));
        blocking(ctx, () -> runs.subscribe(id, stream)).onSuccess(found -> {
            if (!found) {
                notFound(ctx, id);
            }
        });
    }

    private void cancel(RoutingContext ctx) {
        String id = runId(ctx);
        if (id == null) {
            return;
        }
        blocking(ctx, () -> runs.cancel(id).orElse(null)).onSuccess(view -> {
            if (view == null) {
                notFound(ctx, id);
            } else {
                send(ctx, 202, RunJson.summary(view));
            }
        });
    }

    private void stages(RoutingContext ctx) {
        blocking(ctx, stages::stages).onSuccess(list -> {
            ArrayNode array = JSON.createArrayNode();
            for (StageInfo stage : list) {
                array.addObject().put("kind", stage.kind()).put("name", stage.name())
                        .put("address", stage.address()).put("bundle", stage.bundle())
                        .put("version", stage.version()).put("ranking", stage.ranking())
                        .put("serving", stage.serving());
            }
            send(ctx, 200, JSON.createObjectNode().set("stages", array));
        });
    }

    /**
     * Returns the run id of the request. When it is not a well-formed id, such as a path
     * that tries to leave the run store, this responds with 400 and returns {@code null}.
     */
    private String runId(RoutingContext ctx) {
        String id = ctx.pathParam("id");
        if (RunIds.isValid(id)) {
            return id;
        }
        error(ctx, 400, "invalid run id '" + echo(id) + "'; a run id is a run directory name"
                + " such as 20260101-120000-mnist-mlp, as POST /api/runs returns it");
        return null;
    }

    /**
     * Runs blocking work on a request thread. This method responds to a failure with the
     * matching status, so the returned future only needs a success handler.
     */
    private <T> Future<T> blocking(RoutingContext ctx, Callable<T> work) {
        return requestThreads.executeBlocking(work, false).onFailure(e -> fail(ctx, e));
    }

    private void fail(RoutingContext ctx, Throwable e) {
        if (e instanceof SpecException spec) {
            ObjectNode body = JSON.createObjectNode().put("error", "invalid spec "
                    + spec.source() + ": " + spec.problems().size()
                    + (spec.problems().size() == 1 ? " problem" : " problems"));
            ArrayNode problems = body.putArray("problems");
            spec.problems().forEach(problems::add);
            send(ctx, 400, body);
        } else if (e instanceof InputException) {
            error(ctx, 400, e.getMessage());
        } else if (e instanceof RunManager.QueueFullException) {
            long rejected = rejectedSubmissions.incrementAndGet();
            if (isLogged(rejected)) {
                LOG.warn("submissions rejected with 429 because the run queue was full, so"
                        + " far: {}, the last from {}; raise --queue or --workers if this is"
                        + " frequent", rejected, ctx.request().remoteAddress());
            }
            ctx.response().putHeader(HttpHeaders.RETRY_AFTER,
                    Integer.toString(RunManager.RETRY_AFTER_SECONDS));
            error(ctx, 429, e.getMessage());
        } else if (e instanceof RunManager.ConflictException) {
            error(ctx, 409, e.getMessage());
        } else {
            ctx.fail(500, e);
        }
    }

    /**
     * Drops a form content type from a spec submission, so that the body handler reads the
     * body as it is. {@code curl --data-binary} labels every body as a form, and decoding a
     * spec as form fields fails beyond Vert.x's form buffer of 1,024 bytes.
     */
    private void readSpecAsText(RoutingContext ctx) {
        String type = ctx.request().getHeader(HttpHeaders.CONTENT_TYPE);
        if (type != null && (type.startsWith("application/x-www-form-urlencoded")
                || type.startsWith("multipart/"))) {
            ctx.request().headers().remove(HttpHeaders.CONTENT_TYPE);
        }
        ctx.next();
    }

    /**
     * Responds with 413 and closes the connection, because the rest of the body is still
     * unread and the next request on the connection would wait behind it.
     */
    private void bodyTooLarge(RoutingContext ctx) {
        ctx.response().putHeader(HttpHeaders.CONNECTION, "close")
                .endHandler(ended -> ctx.request().connection().close());
        error(ctx, 413, "the request body is larger than the server's limit of "
                + options.maxBodyBytes() + " bytes; send a smaller spec or start the server"
                + " with a larger --max-body");
    }

    private void internalError(RoutingContext ctx) {
        LOG.error("{} {} failed", ctx.request().method(), ctx.request().path(), ctx.failure());
        error(ctx, 500, "internal error: " + (ctx.failure() == null ? "unknown"
                : ctx.failure().toString()) + "; the server log has the details");
    }

    private static void notFound(RoutingContext ctx, String id) {
        error(ctx, 404, "run " + id + " not found in the run store; GET /api/runs lists the"
                + " runs");
    }

    private static void error(RoutingContext ctx, int status, String message) {
        send(ctx, status, JSON.createObjectNode().put("error", message));
    }

    private static void send(RoutingContext ctx, int status, JsonNode body) {
        if (ctx.response().ended() || ctx.response().headWritten()) {
            return;
        }
        try {
            ctx.response().setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, JSON_TYPE)
                    .end(JSON.writeValueAsString(body));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode a response", e);
        }
    }

    private static JsonNode parse(String json, String id) {
        try {
            return JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("result.json of run " + id + " is not valid JSON",
                    e);
        }
    }

    private static String echo(String value) {
        if (value == null) {
            return "";
        }
        return value.length() <= ECHO_LIMIT ? value : value.substring(0, ECHO_LIMIT) + "...";
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this Java runtime", e);
        }
    }

}
