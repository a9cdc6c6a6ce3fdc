package org.shiftadd.cli;

import io.vertx.core.Vertx;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.shiftadd.engine.Engine;
import org.shiftadd.engine.bus.StageDirectory;
import org.shiftadd.server.ApiServer;
import org.shiftadd.server.ServerOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code shiftadd serve}: runs the compression server until the process is stopped. */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = {"Runs the compression server: an HTTP API that accepts experiment specs,"
                + " runs them on worker threads and reports their progress and results."
                + " docs/API.md describes the endpoints.",
            "Runs go to the run store (--runs) as with 'shiftadd run'. Stop the server with"
                + " Ctrl-C or SIGTERM; queued and running runs are then marked failed."})
final class ServeCommand implements Callable<Integer> {
    private final Vertx vertx;
    private final Engine engine;
    private final StageDirectory stages;

    @Spec
    CommandSpec command;

    @Option(names = "--host", paramLabel = "ADDRESS", defaultValue = ServerOptions.DEFAULT_HOST,
            description = "Address to listen on (default: ${DEFAULT-VALUE}). An address other"
                    + " than loopback requires --token.")
    String host;

    @Option(names = "--port", paramLabel = "PORT", defaultValue = "" + ServerOptions.DEFAULT_PORT,
            description = "TCP port to listen on, 0 for any free port (default:"
                    + " ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--token", paramLabel = "TOKEN", defaultValue = "${env:SHIFTADD_TOKEN}",
            description = "Secret that every /api request must send as 'Authorization: Bearer"
                    + " TOKEN', at least 16 printable ASCII characters (default: the"
                    + " SHIFTADD_TOKEN environment variable, else none).")
    String token;

    @Option(names = "--max-body", paramLabel = "BYTES",
            defaultValue = "" + ServerOptions.DEFAULT_MAX_BODY_BYTES,
            description = "Largest request body in bytes; larger ones get 413 (default:"
                    + " ${DEFAULT-VALUE}, 1 MiB).")
    long maxBody;

    @Option(names = "--queue", paramLabel = "N",
            defaultValue = "" + ServerOptions.DEFAULT_QUEUE_CAPACITY,
            description = "Runs that may wait for a worker; further submissions get 429"
                    + " (default: ${DEFAULT-VALUE}).")
    int queue;

    @Option(names = "--workers", paramLabel = "N",
            description = "Runs that execute at the same time (default: half the processors,"
                    + " at least 1).")
    Integer workers;

    @Option(names = "--runs", paramLabel = "DIR", defaultValue = "runs",
            description = "Run store: the directory that contains one directory per run"
                    + " (default: ${DEFAULT-VALUE}).")
    Path runs;

    @Mixin
    ClusterOptions cluster;

    ServeCommand(Vertx vertx, Engine engine, StageDirectory stages) {
        this.vertx = vertx;
        this.engine = engine;
        this.stages = stages;
    }

    @Override
    public Integer call() throws InterruptedException {
        ServerOptions options = options();
        ApiServer server = ApiServer.start(vertx, engine, stages, options);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            stopped.countDown();
        }, "shiftadd-serve-stop"));
        PrintWriter out = command.commandLine().getOut();
        out.println("shiftadd server listening on " + server.url() + " (run store "
                + options.runs().toAbsolutePath().normalize() + "); stop it with Ctrl-C");
        out.flush();
        stopped.await();
        return 0;
    }

    ServerOptions options() {
        // An empty SHIFTADD_TOKEN means no token, but an empty --token is an error (often an
        // unset variable in --token "$TOKEN"), which validation reports.
        boolean tokenOptionGiven = command != null
                && command.commandLine().getParseResult() != null
                && command.commandLine().getParseResult().hasMatchedOption("--token");
        String secret = token == null || (token.isEmpty() && !tokenOptionGiven) ? null : token;
        return new ServerOptions(host, port, secret, maxBody, queue,
                workers == null ? ServerOptions.defaultWorkers() : workers, runs);
    }
}
