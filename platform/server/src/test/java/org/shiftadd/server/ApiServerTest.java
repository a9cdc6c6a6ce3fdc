package org.shiftadd.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.shiftadd.engine.bus.StageInfo;
import org.shiftadd.engine.run.RunStatus;

/** Drives the HTTP API of a server on a real Vert.x, with an engine that runs in no time. */
class ApiServerTest {
    static final String SPEC = "name: small\nmodel: { type: mlp, layers: [784, 16, 10] }\n"
            + "train: { epochs: 1 }\n";
    private static final String TOKEN = "0123456789abcdef0123";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path runs;

    private final FakeEngine engine = new FakeEngine();
    private final HttpClient client = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10)).build();
    private Vertx vertx;
    private ApiServer server;

    @BeforeEach
    void startVertx() {
        vertx = Vertx.vertx();
    }

    @AfterEach
    void stop() throws Exception {
        CountDownLatch gate = engine.gate;
        if (gate != null) {
            gate.countDown();
        }
        if (server != null) {
            server.close();
        }
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private void start(String token, long maxBody, int queue, int workers) {
        server = ApiServer.start(vertx, engine, () -> List.of(new StageInfo("decomposer", "csd",
                "shiftadd.decomposer.csd", "org.shiftadd.baseline-csd", "0.1.0", 0, true)),
                new ServerOptions("127.0.0.1", 0, token, maxBody, queue, workers, runs));
    }

    private void start() {
        start(null, ServerOptions.DEFAULT_MAX_BODY_BYTES, 4, 2);
    }

    @Test
    void submittedRunFinishesWithResult() throws Exception {
        start();

        HttpResponse<String> submitted = send(post("/api/runs", SPEC));

        assertThat(submitted.statusCode()).as(submitted.body()).isEqualTo(202);
        String id = json(submitted).get("id").asText();
        assertThat(submitted.headers().firstValue("Location")).hasValue("/api/runs/" + id);
        JsonNode run = awaitStatus(id, RunStatus.FINISHED);
        assertThat(run.get("name").asText()).isEqualTo("small");
        assertThat(run.at("/result/total/additions/csd").asLong()).isEqualTo(12_664);
        assertThat(run.at("/progress/lines").asInt()).isEqualTo(2);
        assertThat(run.at("/progress/fraction").asDouble()).isEqualTo(1.0);
        assertThat(run.get("created").asText()).isNotEmpty();
        JsonNode listed = json(send(get("/api/runs"))).get("runs");
        assertThat(listed).hasSize(1);
        assertThat(listed.get(0).get("id").asText()).isEqualTo(id);
        assertThat(listed.get(0).get("status").asText()).isEqualTo(RunStatus.FINISHED);
        assertThat(runs.resolve(id).resolve(RunRecord.PROGRESS_LOG))
                .hasContent("[train] epoch 1/1\n[csd] dense1 16x784: 12,433 additions");
    }

    @Test
    void eventsReplayTheLinesAndEnd() throws Exception {
        start();
        String id = json(send(post("/api/runs", SPEC))).get("id").asText();
        awaitStatus(id, RunStatus.FINISHED);

        HttpResponse<String> events = send(get("/api/runs/" + id + "/events"));

        assertThat(events.statusCode()).isEqualTo(200);
        assertThat(events.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("text/event-stream"));
        assertThat(events.body()).contains("id: 1\nevent: progress\ndata: {\"line\":1,"
                + "\"phase\":\"train\",\"message\":\"epoch 1/1\"}\n\n");
        assertThat(events.body()).contains("id: 2\nevent: progress\n");
        assertThat(events.body()).containsOnlyOnce("event: end\n");
        String end = events.body().substring(events.body().indexOf("event: end\n"));
        assertThat(end).contains("\"status\":\"finished\"").endsWith("}\n\n");
    }

    @Test
    void eventsResumeAfterLastEventId() throws Exception {
        start();
        String id = json(send(post("/api/runs", SPEC))).get("id").asText();
        awaitStatus(id, RunStatus.FINISHED);

        HttpResponse<String> resumed = send(request("/api/runs/" + id + "/events")
                .header("Last-Event-ID", "1").GET().build());
        HttpResponse<String> invalid = send(request("/api/runs/" + id + "/events")
                .header("Last-Event-ID", "x").GET().build());

        assertThat(resumed.body()).doesNotContain("id: 1\n").contains("id: 2\n")
                .containsOnlyOnce("event: end\n");
        assertThat(invalid.body()).contains("id: 1\n", "id: 2\n");
    }

    @Test
    void liveEventsFollowARunningRun() throws Exception {
        engine.gate = new CountDownLatch(1);
        start();
        String id = json(send(post("/api/runs", SPEC))).get("id").asText();
        awaitStatus(id, RunStatus.RUNNING);

        // The headers come with the first event, so the stream is subscribed once they arrive.
        HttpResponse<Stream<String>> events = client.send(get("/api/runs/" + id + "/events"),
                HttpResponse.BodyHandlers.ofLines());
        engine.gate.countDown();
        String body = events.body().collect(Collectors.joining("\n"));

        assertThat(body).containsOnlyOnce("\"line\":1,").containsOnlyOnce("\"line\":2,")
                .containsOnlyOnce("event: end");
        assertThat(body.indexOf("\"line\":1,")).isLessThan(body.indexOf("\"line\":2,"));
        assertThat(body.indexOf("\"line\":2,")).isLessThan(body.indexOf("event: end"));
        assertThat(body.substring(body.indexOf("event: end"))).contains("\"status\":\"finished\"");
    }

    @Test
    void malformedSpecListsEveryProblem() throws Exception {
        start();

        HttpResponse<String> response = send(post("/api/runs", "name: x\ncolour: red\n"
                + "model: { type: mlp, layers: [784, 10] }\ntrain: { epochs: -1, speed: 3 }\n"));

        assertThat(response.statusCode()).isEqualTo(400);
        JsonNode body = json(response);
        assertThat(body.get("error").asText()).isEqualTo("invalid spec request.yaml: 3 problems");
        assertThat(body.get("problems")).hasSize(3);
        assertThat(body.get("problems").toString()).contains("colour", "train.epochs",
                "train.speed");
        assertThat(runs).isEmptyDirectory();
    }

    @Test
    void syntaxErrorGets400() throws Exception {
        start();

        HttpResponse<String> response = send(post("/api/runs",
                "name: x\nmodel: { type: mlp, layers: [784, 10\n"));

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(json(response).get("problems").get(0).asText()).startsWith("(syntax): line ");
    }

    @Test
    void formEncodedLargeSpecIsReadAsText() throws Exception {
        start();
        // Comments make the spec larger than Vert.x's form buffer of 1,024 bytes.
        String large = SPEC + ("# " + "c".repeat(70) + "\n").repeat(40);

        HttpResponse<String> response = send(request("/api/runs")
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(large)).build());
        HttpResponse<String> invalid = send(request("/api/runs")
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(large + "colour: red\n")).build());

        assertThat(large.length()).isGreaterThan(2048);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        assertThat(invalid.statusCode()).isEqualTo(400);
        assertThat(json(invalid).get("problems").toString()).contains("colour");
    }

    @Test
    void emptyBodyGets400() throws Exception {
        start();

        HttpResponse<String> response = send(post("/api/runs", ""));

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(json(response).get("error").asText()).contains("request body is empty");
    }

    @Test
    void bodyOverLimitGets413() throws Exception {
        start(null, 100, 4, 1);
        String large = SPEC + "#" + "x".repeat(200) + "\n";

        // The HttpClient of Java 17.0.15 hangs when a server responds to 'Expect:
        // 100-continue' with a final status, so this request goes over a plain socket.
        String response = rawRequest("POST /api/runs HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                + "Content-Length: " + large.length() + "\r\nExpect: 100-continue\r\n\r\n");
        HttpResponse<String> chunked = send(post("/api/runs", large));

        assertThat(response).startsWith("HTTP/1.1 413 ");
        assertThat(response).contains("limit of 100 bytes", "--max-body");
        assertThat(chunked.statusCode()).isEqualTo(413);
        assertThat(runs).isEmptyDirectory();
        HttpResponse<String> small = send(post("/api/runs", SPEC));
        assertThat(small.statusCode()).as(small.body()).isEqualTo(202);
    }

    @Test
    void unknownIdGets404() throws Exception {
        start();
        String id = "20200101-000000-absent";

        assertThat(send(get("/api/runs/" + id)).statusCode()).isEqualTo(404);
        assertThat(send(get("/api/runs/" + id + "/events")).statusCode()).isEqualTo(404);
        assertThat(send(request("/api/runs/" + id).DELETE().build())
                .statusCode()).isEqualTo(404);
        assertThat(send(post("/api/runs/" + id + "/cancel", "")).statusCode()).isEqualTo(404);
    }

    @Test
    void traversalIdsGet400() throws Exception {
        Files.writeString(runs.getParent().resolve("secret.json"), "{\"secret\":true}");
        start();

        for (String id : List.of("..%2F..%2Fetc%2Fpasswd", "..%2Fsecret.json", "..", "%2E%2E",
                "%2e%2e%2fsecret.json", "..%5C..%5Cwindows", "a%5Cb", "x",
                "20200101-000000-a..b", "20200101-000000-a%2F..%2F..")) {
            for (String path : List.of("/api/runs/" + id, "/api/runs/" + id + "/events")) {
                HttpResponse<String> response = send(get(path));
                assertThat(response.statusCode()).as(path).isEqualTo(400);
                assertThat(response.body()).as(path).doesNotContain("secret\":true");
            }
        }
        HttpResponse<String> delete = send(request("/api/runs/..%2F..")
                .DELETE().build());
        assertThat(delete.statusCode()).isEqualTo(400);
    }

    @Test
    void tokenIsRequiredWhenSet() throws Exception {
        start(TOKEN, ServerOptions.DEFAULT_MAX_BODY_BYTES, 4, 1);

        HttpResponse<String> missing = send(get("/api/runs"));
        HttpResponse<String> wrong = send(request("/api/runs")
                .header("Authorization", "Bearer " + TOKEN + "x").build());
        HttpResponse<String> right = send(request("/api/runs")
                .header("Authorization", "Bearer " + TOKEN).build());
        HttpResponse<String> submit = send(post("/api/runs", SPEC));

        assertThat(missing.statusCode()).isEqualTo(401);
        assertThat(missing.headers().firstValue("WWW-Authenticate")).hasValue(
                "Bearer realm=\"shiftadd\"");
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(right.statusCode()).isEqualTo(200);
        assertThat(submit.statusCode()).isEqualTo(401);
        assertThat(runs).isEmptyDirectory();
    }

    @Test
    void fullQueueGets429UntilARunLeaves() throws Exception {
        engine.gate = new CountDownLatch(1);
        start(null, ServerOptions.DEFAULT_MAX_BODY_BYTES, 1, 1);
        String running = json(send(post("/api/runs", SPEC))).get("id").asText();
        awaitStatus(running, RunStatus.RUNNING);
        HttpResponse<String> queued = send(post("/api/runs", SPEC));
        assertThat(queued.statusCode()).isEqualTo(202);
        assertThat(json(queued).get("status").asText()).isEqualTo(RunStatus.QUEUED);

        HttpResponse<String> rejected = send(post("/api/runs", SPEC));

        assertThat(rejected.statusCode()).isEqualTo(429);
        assertThat(rejected.headers().firstValue("Retry-After")).hasValue("30");
        assertThat(json(rejected).get("error").asText()).contains("--queue");
        String queuedId = json(queued).get("id").asText();
        HttpResponse<String> cancelled = send(request("/api/runs/" + queuedId)
                .DELETE().build());
        assertThat(cancelled.statusCode()).isEqualTo(202);
        assertThat(json(cancelled).get("status").asText()).isEqualTo(RunStatus.CANCELLED);
        assertThat(send(post("/api/runs", SPEC)).statusCode()).isEqualTo(202);
        engine.gate.countDown();
        awaitStatus(running, RunStatus.FINISHED);
        assertThat(RunStatus.read(runs.resolve(queuedId)).orElseThrow().status())
                .isEqualTo(RunStatus.CANCELLED);
    }

    @Test
    void runningRunCanBeCancelled() throws Exception {
        engine.gate = new CountDownLatch(1);
        start();
        String id = json(send(post("/api/runs", SPEC))).get("id").asText();
        awaitStatus(id, RunStatus.RUNNING);

        HttpResponse<String> cancel = send(post("/api/runs/" + id + "/cancel", ""));

        assertThat(cancel.statusCode()).isEqualTo(202);
        JsonNode run = awaitStatus(id, RunStatus.CANCELLED);
        assertThat(run.get("reason").asText()).contains("cancelled on request");
        assertThat(RunStatus.read(runs.resolve(id)).orElseThrow().status())
                .isEqualTo(RunStatus.CANCELLED);
        HttpResponse<String> again = send(request("/api/runs/" + id)
                .DELETE().build());
        assertThat(again.statusCode()).isEqualTo(409);
        assertThat(json(again).get("error").asText()).contains("nothing to cancel");
    }

    @Test
    void stagesListBundlesAndVersions() throws Exception {
        start();

        JsonNode stages = json(send(get("/api/stages"))).get("stages");

        assertThat(stages).hasSize(1);
        assertThat(stages.get(0).get("bundle").asText()).isEqualTo("org.shiftadd.baseline-csd");
        assertThat(stages.get(0).get("version").asText()).isEqualTo("0.1.0");
        assertThat(stages.get(0).get("name").asText()).isEqualTo("csd");
    }

    @Test
    void webPageNeedsNoToken() throws Exception {
        start(TOKEN, ServerOptions.DEFAULT_MAX_BODY_BYTES, 4, 1);

        HttpResponse<String> page = send(get("/"));
        HttpResponse<String> script = send(get("/app.js"));
        HttpResponse<String> style = send(get("/style.css"));
        HttpResponse<String> api = send(get("/api/runs"));

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
        assertThat(page.headers().firstValue("Content-Security-Policy")).get().asString()
                .startsWith("default-src 'self';");
        assertThat(page.body()).contains("<script src=\"app.js\" defer></script>",
                "id=\"spec-input\"", "id=\"runs-body\"");
        assertThat(script.statusCode()).isEqualTo(200);
        assertThat(script.headers().firstValue("Content-Type"))
                .hasValue("text/javascript; charset=utf-8");
        assertThat(script.body()).contains("'/api/runs'");
        assertThat(style.statusCode()).isEqualTo(200);
        assertThat(style.headers().firstValue("Content-Type")).hasValue("text/css; charset=utf-8");
        assertThat(api.statusCode()).isEqualTo(401);
    }

    @Test
    void exampleSpecComesFromHome(@TempDir Path home) throws Exception {
        engine.home = home;
        start();

        HttpResponse<String> missing = send(get(WebPage.EXAMPLE_PATH));
        Files.createDirectories(home.resolve("examples"));
        Files.writeString(home.resolve("examples/mnist-mlp.yaml"), SPEC);
        HttpResponse<String> present = send(get(WebPage.EXAMPLE_PATH));

        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(missing.body()).contains("examples/mnist-mlp.yaml is missing");
        assertThat(present.statusCode()).isEqualTo(200);
        assertThat(present.body()).isEqualTo(SPEC);
        assertThat(present.headers().firstValue("Content-Type"))
                .hasValue("application/yaml; charset=utf-8");
    }

    @Test
    void unknownEndpointGets404AndWrongMethod405() throws Exception {
        start();

        HttpResponse<String> unknown = send(get("/api/nothing"));
        HttpResponse<String> method = send(request("/api/stages")
                .DELETE().build());

        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(json(unknown).get("error").asText()).contains("/api/nothing");
        assertThat(method.statusCode()).isEqualTo(405);
        assertThat(method.headers().firstValue("Allow")).hasValue("GET");
        assertThat(json(method).get("error").asText())
                .isEqualTo("method DELETE is not allowed on /api/stages; use GET");
        HttpResponse<String> runs = send(request("/api/runs").PUT(
                HttpRequest.BodyPublishers.ofString("x")).build());
        assertThat(runs.statusCode()).isEqualTo(405);
        assertThat(runs.headers().firstValue("Allow")).hasValue("GET, POST");
    }

    @Test
    void allowedMethodsFollowTheEndpoints() {
        assertThat(ApiRoutes.allowedMethods("/api/runs/")).isEqualTo("GET, POST");
        assertThat(ApiRoutes.allowedMethods("/api/runs/abc")).isEqualTo("GET, DELETE");
        assertThat(ApiRoutes.allowedMethods("/api/runs/abc/events")).isEqualTo("GET");
        assertThat(ApiRoutes.allowedMethods("/api/runs/abc/cancel")).isEqualTo("POST");
        assertThat(ApiRoutes.allowedMethods("/api/stages")).isEqualTo("GET");
        assertThat(ApiRoutes.allowedMethods("/index.html")).isNull();
    }

    private JsonNode awaitStatus(String id, String status) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        JsonNode run = null;
        while (System.nanoTime() < deadline) {
            run = json(send(get("/api/runs/" + id)));
            if (status.equals(run.path("status").asText())) {
                return run;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("run " + id + " did not reach " + status + ": " + run);
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(30));
    }

    private URI uri(String path) {
        return URI.create(server.url() + path);
    }

    private HttpRequest get(String path) {
        return request(path).build();
    }

    private HttpRequest post(String path, String body) {
        return request(path).POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
    }

    private HttpResponse<String> send(HttpRequest request)
            throws IOException, InterruptedException {
        return client.send(request, HttpResponse.BodyHandlers.ofString());
    }

    /** Sends a request as it is and returns everything the server sends until it closes. */
    private String rawRequest(String request) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            socket.setSoTimeout(30_000);
            socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static JsonNode json(HttpResponse<String> response) throws IOException {
        return JSON.readTree(response.body());
    }
}
