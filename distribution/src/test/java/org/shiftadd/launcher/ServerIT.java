package org.shiftadd.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs {@code bin/shiftadd serve} of the assembled distribution as a separate process. */
class ServerIT {
    private static final Path DISTRIBUTION = Path.of(System.getProperty(
            "shiftadd.distribution", "target/shiftadd/shiftadd"));
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SMALL = "name: small\nmodel: { type: mlp, layers: [784, 16, 10] }"
            + "\ntrain: { epochs: 1, seed: 7 }\nbaseline: { bits: 6 }\nstages:\n"
            + "  - decomposer: lcc-fs\n";
    /** Trains long enough that the server is still running it when the test kills it. */
    private static final String SLOW = "name: slow\nmodel: { type: mlp, layers: [784, 300, 10] }"
            + "\ntrain: { epochs: 200 }\n";

    @TempDir
    Path work;

    private final HttpClient client = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10)).build();
    private final List<Process> servers = new java.util.ArrayList<>();
    private Process server;
    private String url;

    @AfterEach
    void stopServers() throws InterruptedException {
        for (Process process : servers) {
            if (process.isAlive()) {
                process.destroyForcibly();
                process.waitFor(30, TimeUnit.SECONDS);
            }
        }
    }

    @Test
    void finishedRunsSurviveAKilledServer() throws Exception {
        Path runs = work.resolve("runs");
        startServer(runs, "first");

        String small = submit(SMALL);
        JsonNode finished = awaitRun(small, run -> run.path("status").asText().equals("finished"));
        assertThat(finished.at("/result/total/additions/csd").asLong()).isPositive();
        assertThat(finished.at("/result/total/additions/lcc-fs").asLong()).isPositive();
        assertThat(finished.at("/result/layers/0/rows").asInt()).isEqualTo(16);
        assertThat(finished.at("/progress/lines").asInt())
                .isEqualTo(finished.at("/progress/expectedLines").asInt());
        assertThat(finished.at("/progress/fraction").asDouble()).isEqualTo(1.0);
        String events = get("/api/runs/" + small + "/events").body();
        assertThat(events).contains("\"message\":\"epoch 1/1", "event: end");
        byte[] result = Files.readAllBytes(runs.resolve(small).resolve("result.json"));
        byte[] status = Files.readAllBytes(runs.resolve(small).resolve("status.json"));

        String slow = submit(SLOW);
        awaitRun(slow, run -> run.path("status").asText().equals("running")
                && run.at("/progress/lines").asInt() >= 2);
        server.destroyForcibly();
        assertThat(server.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(Files.readString(runs.resolve(slow).resolve("status.json")))
                .contains("\"running\"");

        startServer(runs, "second");

        JsonNode listed = JSON.readTree(get("/api/runs").body()).get("runs");
        assertThat(listed).hasSize(2);
        JsonNode interrupted = JSON.readTree(get("/api/runs/" + slow).body());
        assertThat(interrupted.get("status").asText()).isEqualTo("failed");
        assertThat(interrupted.get("reason").asText()).contains("stopped during the run",
                "killed or crashed", "submit the run again");
        JsonNode kept = JSON.readTree(get("/api/runs/" + small).body());
        assertThat(kept.get("status").asText()).isEqualTo("finished");
        assertThat(kept.get("result")).isEqualTo(finished.get("result"));
        assertThat(runs.resolve(small).resolve("result.json")).hasBinaryContent(result);
        assertThat(runs.resolve(small).resolve("status.json")).hasBinaryContent(status);
        assertThat(get("/api/runs/" + small + "/events").body())
                .contains("\"message\":\"epoch 1/1", "event: end");
    }

    @Test
    void clusteredServersShareTheLayers() throws Exception {
        String spec = clusterSpec("shared");
        Process member = startTwoMembers();
        assertThat(member.isAlive()).isTrue();

        String id = submit(spec);
        JsonNode run = awaitRun(id, r -> r.path("status").asText().equals("finished"));

        java.util.Set<String> nodes = new java.util.TreeSet<>();
        for (JsonNode layer : run.at("/result/layers")) {
            layer.get("nodes").forEach(node -> nodes.addAll(List.of(node.asText().split(", "))));
        }
        assertThat(nodes).as(run.at("/result/layers").toString()).hasSize(2);
        // The 196 slices of the first layer are spread: both members decomposed some of them.
        for (String method : List.of("lcc-fp", "lcc-fs")) {
            assertThat(run.at("/result/layers/0/nodes/" + method).asText().split(", "))
                    .as(method).containsExactlyInAnyOrderElementsOf(nodes);
        }
        assertThat(Files.readString(work.resolve("runs-a").resolve(id).resolve("report.txt")))
                .contains("layers decomposed on 2 cluster nodes");

        // The same spec in one process, without a cluster, gives the same result.
        Path single = work.resolve("single");
        Files.writeString(work.resolve("shared.yaml"), spec);
        Process alone = new ProcessBuilder(DISTRIBUTION.resolve("bin/shiftadd").toString(),
                "run", work.resolve("shared.yaml").toString(), "--out", single.toString())
                .directory(work.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .redirectErrorStream(true).redirectOutput(work.resolve("single.log").toFile())
                .start();
        assertThat(alone.waitFor(300, TimeUnit.SECONDS)).isTrue();
        assertThat(alone.exitValue()).as(Files.readString(work.resolve("single.log"))).isZero();
        JsonNode expected = JSON.readTree(single.resolve("result.json").toFile());
        assertThat(run.at("/result/total")).isEqualTo(expected.get("total"));
        for (int i = 0; i < 2; i++) {
            assertThat(run.at("/result/layers/" + i + "/additions"))
                    .isEqualTo(expected.at("/layers/" + i + "/additions"));
            assertThat(run.at("/result/layers/" + i + "/sqnrDb"))
                    .isEqualTo(expected.at("/layers/" + i + "/sqnrDb"));
        }
        // The stored networks, slice networks and approximations included, are the same.
        for (String method : List.of("csd", "lcc-fp", "lcc-fs")) {
            assertThat(storedNetworks(work.resolve("runs-a").resolve(id), method)).as(method)
                    .isEqualTo(storedNetworks(single, method));
        }
    }

    @Test
    void clusterRunSurvivesAKilledMember() throws Exception {
        String spec = clusterSpec("survivor");
        Process member = startTwoMembers();
        // A first run shows that the members have formed one cluster and share requests.
        JsonNode warmUp = awaitRun(submit(clusterSpec("warm-up")),
                r -> r.path("status").asText().equals("finished"));
        assertThat(warmUp.at("/result/layers/0/nodes/lcc-fs").asText()).as(warmUp.toString())
                .contains(", ");
        String id = submit(spec);

        // A stopped member stays in the cluster and takes requests without replying, as a
        // member that crashes during a request does. Then it is killed for good.
        signal(member, "STOP");
        awaitRun(id, run -> run.path("status").asText().equals("running"));
        Path progress = work.resolve("runs-a").resolve(id).resolve("progress.log");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (!Files.exists(progress) || !Files.readString(progress).contains("[eval] float")) {
            assertThat(System.nanoTime()).as("training did not finish").isLessThan(deadline);
            Thread.sleep(100);
        }
        Thread.sleep(3_000);
        // Decompositions take well under a second here, so a run that is still going is
        // waiting for requests on the stopped member.
        assertThat(JSON.readTree(get("/api/runs/" + id).body()).path("status").asText())
                .isEqualTo("running");
        member.destroyForcibly();
        assertThat(member.waitFor(30, TimeUnit.SECONDS)).isTrue();

        JsonNode run = awaitRun(id, r -> r.path("status").asText().equals("finished"));
        assertThat(Files.readString(work.resolve("member-a.log")))
                .contains("left; requests in flight to it, if any, are sent again")
                .contains("had a request in flight; sending it again");

        // The same spec on the member left alone gives the same result.
        String again = submit(spec);
        JsonNode alone = awaitRun(again, r -> r.path("status").asText().equals("finished"));
        assertThat(run.at("/result/total")).isEqualTo(alone.at("/result/total"));
        for (String method : List.of("csd", "lcc-fp", "lcc-fs")) {
            assertThat(storedNetworks(work.resolve("runs-a").resolve(id), method)).as(method)
                    .isEqualTo(storedNetworks(work.resolve("runs-a").resolve(again), method));
        }
    }

    /** Returns a small MLP spec with both LCC decomposers. */
    private static String clusterSpec(String name) {
        return "name: " + name + "\nmodel: { type: mlp, layers: [784, 16, 10] }\n"
                + "train: { epochs: 1, seed: 5 }\nstages:\n  - decomposer: lcc-fp\n"
                + "  - decomposer: lcc-fs\n";
    }

    /**
     * Starts two cluster members, member-b and then member-a, which becomes the current
     * server.
     *
     * @return member-b's process
     */
    private Process startTwoMembers() throws Exception {
        startServer(work.resolve("runs-b"), "member-b", "--cluster");
        Process member = server;
        startServer(work.resolve("runs-a"), "member-a", "--cluster");
        return member;
    }

    private static void signal(Process process, String signal) throws Exception {
        Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid()))
                .inheritIO().start();
        assertThat(kill.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(kill.exitValue()).isZero();
    }

    private static JsonNode storedNetworks(Path run, String method) throws IOException {
        Path file = run.resolve("networks").resolve(method + ".json.gz");
        try (InputStream in = new GZIPInputStream(Files.newInputStream(file))) {
            return JSON.readTree(in);
        }
    }

    @Test
    void nonLoopbackHostWithoutTokenIsRejected() throws Exception {
        Process process = new ProcessBuilder(DISTRIBUTION.resolve("bin/shiftadd").toString(),
                "serve", "--host", "0.0.0.0", "--port", "0").directory(work.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(),
                StandardCharsets.UTF_8);

        assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(output).isEqualTo(2);
        assertThat(output).contains("error: --host 0.0.0.0 is not a loopback address",
                "--token", "or bind 127.0.0.1");
        assertThat(output).doesNotContain("\tat ").doesNotContain("listening on");
    }

    /** Starts a server on a free port with one worker and makes it the current one. */
    private void startServer(Path runs, String log, String... options) throws Exception {
        List<String> arguments = new java.util.ArrayList<>(List.of("--runs", runs.toString(),
                "--workers", "1"));
        arguments.addAll(List.of(options));
        ServerProcess started = ServerProcess.start(DISTRIBUTION, work, log, Map.of(),
                arguments);
        server = started.process();
        servers.add(server);
        url = started.url();
    }

    private String submit(String spec) throws Exception {
        HttpResponse<String> response = client.send(HttpRequest.newBuilder(
                URI.create(url + "/api/runs")).timeout(Duration.ofSeconds(60))
                .POST(HttpRequest.BodyPublishers.ofString(spec)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        return JSON.readTree(response.body()).get("id").asText();
    }

    private HttpResponse<String> get(String path) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create(url + path))
                .timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private JsonNode awaitRun(String id, Predicate<JsonNode> condition) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        JsonNode run = null;
        while (System.nanoTime() < deadline) {
            run = JSON.readTree(get("/api/runs/" + id).body());
            if (condition.test(run)) {
                return run;
            }
            assertThat(run.path("status").asText()).as(run.toString())
                    .isNotIn(List.of("failed", "cancelled"));
            Thread.sleep(100);
        }
        throw new AssertionError("run " + id + " did not reach the expected state: " + run);
    }
}
