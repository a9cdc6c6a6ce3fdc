package org.shiftadd.server;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The web page of the server: {@code index.html}, {@code app.js} and {@code style.css} from
 * this bundle's {@code webroot/} folder, and the example spec from the shiftadd home that the
 * page offers in its form. These need no token, because the page contains no data: it calls the
 * API from the browser, and the API keeps its authentication.
 *
 * <p>The files are read once through this bundle's class loader, because Vert.x resolves no
 * class-path files inside OSGi (the platform turns that off), so Vert.x Web's
 * {@code StaticHandler} would not find them.
 */
final class WebPage {
    /** Path of the example spec that the page loads into its form. */
    static final String EXAMPLE_PATH = "/examples/mnist-mlp.yaml";
    private static final Logger LOG = LoggerFactory.getLogger(WebPage.class);
    private static final String ROOT = "webroot/";
    /** Same-origin scripts, styles and requests only, so injected markup cannot run code. */
    private static final String CONTENT_SECURITY_POLICY = "default-src 'self'; img-src 'self'"
            + " data:; object-src 'none'; base-uri 'none'; form-action 'none';"
            + " frame-ancestors 'none'";
    private static final Map<String, String> FILES = Map.of(
            "/", "index.html",
            "/index.html", "index.html",
            "/app.js", "app.js",
            "/style.css", "style.css");
    private static final Map<String, String> TYPES = Map.of(
            "html", "text/html; charset=utf-8",
            "js", "text/javascript; charset=utf-8",
            "css", "text/css; charset=utf-8");

    private final Vertx vertx;
    private final Path example;
    private final Map<String, Buffer> contents;

    /**
     * Reads the page's files.
     *
     * @param vertx reads the example spec
     * @param home the shiftadd home, whose {@code examples/mnist-mlp.yaml} the page offers
     * @throws IllegalStateException if a file of the page is missing from the bundle
     */
    WebPage(Vertx vertx, Path home) {
        this.vertx = vertx;
        this.example = home.resolve("examples").resolve("mnist-mlp.yaml");
        this.contents = Map.of(
                "index.html", read("index.html"),
                "app.js", read("app.js"),
                "style.css", read("style.css"));
    }

    /** Adds the GET routes of the page to the router. */
    void mount(Router router) {
        FILES.forEach((path, file) -> router.get(path).handler(ctx -> send(ctx, file)));
        router.get(EXAMPLE_PATH).handler(this::sendExample);
    }

    private void send(RoutingContext ctx, String file) {
        String extension = file.substring(file.lastIndexOf('.') + 1);
        headers(ctx.response(), TYPES.get(extension)).end(contents.get(file));
    }

    /**
     * Sends the example spec, or 404 when the home has none, such as in a server that runs
     * outside the distribution. The page then keeps its own small spec.
     */
    private void sendExample(RoutingContext ctx) {
        vertx.fileSystem().readFile(example.toString()).onComplete(read -> {
            if (read.succeeded()) {
                headers(ctx.response(), "application/yaml; charset=utf-8").end(read.result());
            } else {
                LOG.debug("no example spec at {}: {}", example, read.cause().toString());
                ctx.response().setStatusCode(404)
                        .putHeader(HttpHeaders.CONTENT_TYPE, "text/plain; charset=utf-8")
                        .end("no example spec in this installation: " + example + " is missing");
            }
        });
    }

    private static HttpServerResponse headers(HttpServerResponse response, String type) {
        return response.putHeader(HttpHeaders.CONTENT_TYPE, type)
                .putHeader(HttpHeaders.CACHE_CONTROL, "no-cache")
                .putHeader("X-Content-Type-Options", "nosniff")
                .putHeader("Referrer-Policy", "no-referrer")
                .putHeader("Content-Security-Policy", CONTENT_SECURITY_POLICY);
    }

    private static Buffer read(String file) {
        try (InputStream in = WebPage.class.getClassLoader().getResourceAsStream(ROOT + file)) {
            if (in == null) {
                throw new IllegalStateException(ROOT + file + " is missing from the server"
                        + " bundle; rebuild platform/server");
            }
            return Buffer.buffer(in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + ROOT + file + " of the server bundle",
                    e);
        }
    }
}
