package org.shiftadd.server;

import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import java.net.BindException;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.shiftadd.engine.Engine;
import org.shiftadd.engine.InputException;
import org.shiftadd.engine.bus.StageDirectory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The compression server: an HTTP API on Vert.x Web that accepts experiment specs, runs them
 * on worker threads through the {@link Engine} and reports their progress and results, and a
 * web page at {@code /} that drives the API from a browser. {@code docs/API.md} describes
 * every endpoint.
 */
public final class ApiServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ApiServer.class);
    /** Threads for the blocking part of requests: validation, file reads and writes. */
    private static final int REQUEST_THREADS = 4;

    private final HttpServer http;
    private final WorkerExecutor requestThreads;
    private final RunManager runs;
    private final ServerOptions options;

    private ApiServer(HttpServer http, WorkerExecutor requestThreads, RunManager runs,
            ServerOptions options) {
        this.http = http;
        this.requestThreads = requestThreads;
        this.runs = runs;
        this.options = options;
    }

    /**
     * Checks the options, marks the runs that a stopped process left behind as failed, and
     * starts listening. Returns once the port is bound.
     *
     * @param vertx the platform's Vert.x instance
     * @param engine validates and runs the specs
     * @param stages lists the installed stages
     * @param options the server settings
     * @return the running server
     * @throws InputException if an option is invalid or the address cannot be bound
     */
    public static ApiServer start(Vertx vertx, Engine engine, StageDirectory stages,
            ServerOptions options) {
        options.validate();
        WebPage page = new WebPage(vertx, engine.home());
        RunManager runs = new RunManager(engine, options.runs(), options.workers(),
                options.queueCapacity());
        List<String> marked = runs.recover();
        if (!marked.isEmpty()) {
            LOG.warn("runs of a stopped process marked failed ({}): {}", marked.size(), marked);
        }
        WorkerExecutor requestThreads = vertx.createSharedWorkerExecutor("shiftadd-api",
                REQUEST_THREADS);
        Router router = new ApiRoutes(vertx, runs, stages, requestThreads, options).router();
        page.mount(router);
        HttpServer http = vertx.createHttpServer(new HttpServerOptions()
                .setHost(options.host()).setPort(options.port()))
                .requestHandler(router);
        try {
            http.listen().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            requestThreads.close();
            runs.close();
            Throwable cause = e.getCause() == null ? e : e.getCause();
            if (cause instanceof BindException) {
                throw new InputException("cannot listen on " + options.host() + ":"
                        + options.port() + ": " + cause.getMessage() + "; choose another --port"
                        + " or stop the process that uses it");
            }
            throw new IllegalStateException("the HTTP server did not start on "
                    + options.host() + ":" + options.port(), cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            requestThreads.close();
            runs.close();
            throw new IllegalStateException("interrupted while the HTTP server started", e);
        }
        ApiServer server = new ApiServer(http, requestThreads, runs, options);
        LOG.info("listening on {}: workers {}, queue capacity {}, run store {}",
                server.url(), options.workers(), options.queueCapacity(), runs.root());
        return server;
    }

    /** Returns the bound port, the real one when the options asked for port 0. */
    public int port() {
        return http.actualPort();
    }

    /** Returns the base URL, such as {@code http://127.0.0.1:8080}. */
    public String url() {
        String host = options.host().contains(":") ? "[" + options.host() + "]" : options.host();
        return "http://" + host + ":" + port();
    }

    /**
     * Stops listening, marks queued runs failed and interrupts the running ones. Waits up
     * to 10 seconds for the HTTP server to close.
     */
    @Override
    public void close() {
        try {
            http.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            LOG.warn("the HTTP server did not close cleanly", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            requestThreads.close();
            runs.close();
            LOG.info("server on port {} stopped", port());
        }
    }
}
