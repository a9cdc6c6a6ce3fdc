package org.shiftadd.it;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import io.vertx.core.Vertx;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import javax.inject.Inject;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.shiftadd.api.Matrix;
import org.shiftadd.api.PrecisionTarget;
import org.shiftadd.api.StageKind;
import org.shiftadd.engine.bus.StageClient;
import org.shiftadd.engine.bus.StageDirectory;
import org.shiftadd.engine.bus.StageReply;
import org.shiftadd.engine.bus.StageRequest;

/**
 * Replaces the {@code lcc-fs} stage with a higher-ranked newer version and back, several
 * times, while clients keep sending decomposition requests.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class HotSwapIT {
    private static final String NEWER = "0.1.1";
    private static final int ROUNDS = 10;

    @Inject
    BundleContext context;

    @Inject
    Vertx vertx;

    @Inject
    StageDirectory stages;

    @Configuration
    public Option[] config() {
        return new Option[] {PlatformOptions.platform()};
    }

    @Test
    public void swapsUnderLoadLoseNoRequest() throws Exception {
        Path newer = newerLccFs();
        String original = servingVersion();
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicInteger sent = new AtomicInteger();
        AtomicInteger succeeded = new AtomicInteger();
        Map<String, String> failures = new ConcurrentHashMap<>();
        Set<String> versions = ConcurrentHashMap.newKeySet();
        Thread[] clients = new Thread[3];
        for (int c = 0; c < clients.length; c++) {
            int seed = c;
            clients[c] = new Thread(() -> load(seed, running, sent, succeeded, failures,
                    versions));
            clients[c].start();
        }

        int before = 0;
        for (int round = 0; round < ROUNDS; round++) {
            Bundle bundle = context.installBundle(newer.toUri().toString());
            bundle.start();
            awaitServing(NEWER);
            before = awaitMoreReplies(succeeded, before);
            bundle.uninstall();
            awaitServing(original);
            before = awaitMoreReplies(succeeded, before);
        }
        running.set(false);
        for (Thread client : clients) {
            client.join(30_000);
        }

        System.out.printf("hot swap: %d rounds, %d requests sent, %d answered, versions %s%n",
                ROUNDS, sent.get(), succeeded.get(), versions);
        for (Thread client : clients) {
            assertTrue("a client is still waiting for a reply", !client.isAlive());
        }
        assertEquals("failed requests: " + failures, 0, failures.size());
        assertEquals("requests sent and answered", sent.get(), succeeded.get());
        assertTrue("versions seen: " + versions, versions.contains(NEWER));
        assertTrue("versions seen: " + versions, versions.contains(original));
        assertEquals("versions seen: " + versions, 2, versions.size());
        assertEquals("the original version serves again", original, servingVersion());
    }

    @Test
    public void runningRequestFinishesOnAcceptingVersion() throws Exception {
        String original = servingVersion();
        Bundle bundle = context.installBundle(newerLccFs().toUri().toString());
        bundle.start();
        awaitServing(NEWER);
        Random random = new Random(7);
        double[] values = new double[256 * 256];
        for (int k = 0; k < values.length; k++) {
            values[k] = random.nextGaussian();
        }
        StageClient client = new StageClient(vertx, Duration.ofSeconds(60));
        long start = System.nanoTime();
        var reply = client.request(StageKind.DECOMPOSER, "lcc-fs", new StageRequest.Decompose(
                Matrix.of(256, 256, values), PrecisionTarget.ofBits(8), Map.of()));

        // Uninstall the newer bundle while it works on the request.
        Thread.sleep(200);
        bundle.uninstall();
        awaitServing(original);
        StageReply done = reply.toCompletionStage().toCompletableFuture()
                .get(60, java.util.concurrent.TimeUnit.SECONDS);

        assertTrue("the request must still run at the uninstall, it took "
                + (System.nanoTime() - start) / 1e9 + " s", done.seconds() > 0.2);
        assertEquals(NEWER, done.provenance().version());
    }

    private void load(int seed, AtomicBoolean running, AtomicInteger sent,
            AtomicInteger succeeded, Map<String, String> failures, Set<String> versions) {
        Random random = new Random(seed);
        StageClient client = new StageClient(vertx, Duration.ofSeconds(30));
        for (int n = 0; running.get(); n++) {
            double[] values = new double[64 * 6];
            for (int k = 0; k < values.length; k++) {
                values[k] = random.nextGaussian();
            }
            sent.incrementAndGet();
            try {
                StageReply reply = client.await(StageKind.DECOMPOSER, "lcc-fs",
                        new StageRequest.Decompose(Matrix.of(64, 6, values),
                                PrecisionTarget.ofBits(8), Map.of()));
                versions.add(reply.provenance().version());
                succeeded.incrementAndGet();
            } catch (RuntimeException e) {
                failures.put(seed + "/" + n, String.valueOf(e.getMessage()));
            }
        }
    }

    /** Waits until the clients have received at least five more replies than {@code count}. */
    private static int awaitMoreReplies(AtomicInteger succeeded, int count)
            throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (succeeded.get() < count + 5 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertTrue("no replies for 30 s after " + count, succeeded.get() >= count + 5);
        return succeeded.get();
    }

    /** Waits until lcc-fs serves and returns the version of the bundle that serves it. */
    private String servingVersion() throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            for (var stage : stages.stages()) {
                if (stage.name().equals("lcc-fs") && stage.serving()) {
                    return stage.version();
                }
            }
            Thread.sleep(20);
        }
        throw new AssertionError("lcc-fs is not serving: " + stages.stages());
    }

    private void awaitServing(String version) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            boolean serving = stages.stages().stream().anyMatch(s -> s.name().equals("lcc-fs")
                    && s.serving() && s.version().equals(version));
            if (serving) {
                return;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("lcc-fs " + version + " is not serving: " + stages.stages());
    }

    /** Copies the installed lcc-fs bundle as version 0.1.1 with service ranking 10. */
    private static Path newerLccFs() throws IOException {
        File[] jars = new File(System.getProperty("shiftadd.itest.bundles")).listFiles(
                (dir, name) -> name.startsWith("lcc-fully-sequential"));
        assertEquals(1, jars.length);
        Path target = Files.createTempFile("lcc-fs-newer", ".jar");
        try (JarFile source = new JarFile(jars[0])) {
            Manifest manifest = new Manifest(source.getManifest());
            manifest.getMainAttributes().put(new Attributes.Name("Bundle-Version"), NEWER);
            try (OutputStream file = Files.newOutputStream(target);
                    JarOutputStream out = new JarOutputStream(file, manifest)) {
                for (JarEntry entry : java.util.Collections.list(source.entries())) {
                    if (entry.getName().equals(JarFile.MANIFEST_NAME)) {
                        continue;
                    }
                    out.putNextEntry(new JarEntry(entry.getName()));
                    out.write(content(source, entry));
                    out.closeEntry();
                }
            }
        }
        return target;
    }

    private static byte[] content(JarFile jar, JarEntry entry) throws IOException {
        try (InputStream in = jar.getInputStream(entry)) {
            byte[] bytes = in.readAllBytes();
            if (!entry.getName().startsWith("OSGI-INF/") || !entry.getName().endsWith(".xml")) {
                return bytes;
            }
            String xml = new String(bytes, StandardCharsets.UTF_8).replace(
                    "name=\"service.ranking\" type=\"Integer\" value=\"0\"",
                    "name=\"service.ranking\" type=\"Integer\" value=\"10\"");
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            out.write(xml.getBytes(StandardCharsets.UTF_8));
            return out.toByteArray();
        }
    }
}
