package org.shiftadd.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarInputStream;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs {@code bin/shiftadd} of the assembled distribution in a separate process. */
class CommandLineIT {
    private static final Path DISTRIBUTION = Path.of(System.getProperty(
            "shiftadd.distribution", "target/shiftadd/shiftadd"));
    /** The jar of examples/stage-kmeans, built by the invoker plugin before this test. */
    private static final Path STAGE_EXAMPLE = Path.of(System.getProperty(
            "shiftadd.stageExample", "target/examples/stage-kmeans/target/stage-kmeans-1.0.0.jar"));

    @TempDir
    Path work;

    @Test
    void stagesListsTheCsdBaseline() throws Exception {
        Result result = shiftadd("stages");

        assertThat(result.exitCode).isZero();
        assertThat(result.out).contains("shiftadd.decomposer.csd", "org.shiftadd.baseline-csd");
    }

    @Test
    void malformedSpecGivesOneErrorAndExitTwo() throws Exception {
        Path spec = write("bad.yaml", "name: x\nmodel: { type: mlp, layers: [784, 10\n");

        Result result = shiftadd("run", spec.toString());

        assertThat(result.exitCode).isEqualTo(2);
        assertThat(result.err).contains("error: invalid spec bad.yaml", "(syntax): line ");
        assertNoStackTrace(result);
    }

    @Test
    void invalidFieldsAreAllReported() throws Exception {
        Path spec = write("fields.yaml", "name: x\nmodel: { type: mlp, layers: [784, 10] }\n"
                + "train: { epochs: -1, speed: 3 }\nstages:\n  - decomposer: lcc-nope\n");

        Result result = shiftadd("run", spec.toString());

        assertThat(result.exitCode).isEqualTo(2);
        assertThat(result.err).contains("3 problems", "train.epochs", "train.speed",
                "stages[0].decomposer: no decomposer named 'lcc-nope'");
        assertNoStackTrace(result);
    }

    @Test
    void missingDataDirectoryGivesExitTwo() throws Exception {
        Path spec = write("nodata.yaml", "name: x\ndata: idx:" + work.resolve("absent")
                + "\nmodel: { type: mlp, layers: [784, 10] }\n");

        Result result = shiftadd("run", spec.toString(), "--out", work.resolve("run").toString());

        assertThat(result.exitCode).isEqualTo(2);
        assertThat(result.err).contains("data: directory", "absent", "not found",
                "give 'idx:DIR'");
        assertNoStackTrace(result);
        // The spec's validation finds it, so no run directory is created.
        assertThat(work.resolve("run")).doesNotExist();
    }

    @Test
    void truncatedIdxFileGivesExitTwo() throws Exception {
        Path data = Files.createDirectories(work.resolve("idx"));
        Path builtIn = DISTRIBUTION.resolve("data/mnist");
        for (String name : List.of("train-labels-idx1-ubyte.gz", "t10k-images-idx3-ubyte.gz",
                "t10k-labels-idx1-ubyte.gz")) {
            Files.copy(builtIn.resolve(name), data.resolve(name));
        }
        // A header for 8000 images of 28x28, followed by one image only.
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (int value : new int[] {0x803, 8000, 28, 28}) {
            bytes.write(new byte[] {(byte) (value >>> 24), (byte) (value >>> 16),
                (byte) (value >>> 8), (byte) value});
        }
        bytes.write(new byte[28 * 28]);
        try (OutputStream out = new GZIPOutputStream(
                Files.newOutputStream(data.resolve("train-images-idx3-ubyte.gz")))) {
            bytes.writeTo(out);
        }
        Path spec = write("trunc.yaml", "name: x\ndata: idx:" + data
                + "\nmodel: { type: mlp, layers: [784, 10] }\n");

        Result result = shiftadd("run", spec.toString(), "--out", work.resolve("run").toString());

        assertThat(result.exitCode).isEqualTo(2);
        assertThat(result.err).contains("error: ", "train-images-idx3-ubyte.gz", "truncated");
        assertNoStackTrace(result);
    }

    @Test
    void verboseShowsTheStackTrace() throws Exception {
        Path spec = write("nodata.yaml", "name: x\ndata: idx:" + work.resolve("absent")
                + "\nmodel: { type: mlp, layers: [784, 10] }\n");

        Result result = shiftadd("--verbose", "run", spec.toString(), "--out",
                work.resolve("run").toString());

        assertThat(result.exitCode).isEqualTo(2);
        assertThat(result.err).contains("\tat org.shiftadd.");
    }

    @Test
    void smallRunWritesResultJson() throws Exception {
        Path spec = write("small.yaml", "name: small\nmodel: { type: mlp, layers: [784, 16, 10] }\n"
                + "train: { epochs: 1, seed: 7 }\nbaseline: { bits: 6 }\n");
        Path run = work.resolve("run");

        Result result = shiftadd("run", spec.toString(), "--out", run.toString());

        assertThat(result.exitCode).as(result.err).isZero();
        assertThat(result.out).contains("dense1", "dense2", "total", "csd adds", "test accuracy");
        assertThat(result.err).contains("[train] epoch 1/1", "[csd] dense1 16x784");
        String json = Files.readString(run.resolve("result.json"));
        assertThat(json).contains("\"rows\" : 16", "\"cols\" : 784", "\"bits\" : 6",
                "\"seed\" : 7", "\"symbolicName\" : \"org.shiftadd.baseline-csd\"",
                "\"float\" :", "\"total\" : {");
        assertThat(Files.readString(run.resolve("status.json"))).contains("finished");
        assertThat(run.resolve("report.txt")).exists();
        assertThat(run.resolve("spec.yaml")).hasContent(Files.readString(spec));
    }

    @Test
    void cnnRunCountsPerImage() throws Exception {
        Path spec = write("cnn.yaml", "name: cnn\nmodel: { type: cnn, channels: [4], forms:"
                + " { conv1: fk } }\ntrain: { epochs: 1, learningRate: 0.02, seed: 2 }\n"
                + "stages:\n  - decomposer: lcc-fs\n");
        Path run = work.resolve("cnn");

        Result result = shiftadd("run", spec.toString(), "--out", run.toString());

        assertThat(result.exitCode).as(result.err).isZero();
        // conv1 in full-kernel form: a 4x9 matrix at each of 28x28 output positions.
        assertThat(result.out).containsPattern("conv1 +4 +9 +8 +fk +784 ")
                .containsPattern("fc1 +10 +784 +8 +matrix +1 ")
                .contains("csd adds/image", "lcc-fs adds/image", "test accuracy");
        assertThat(result.err).contains("[eval] lcc-fs network: test accuracy");
        assertThat(run.resolve("networks/lcc-fs.json.gz")).exists();

        Result emitted = shiftadd("emit", run.toString(), "--method", "lcc-fs", "--out",
                work.resolve("cnn-emit").toString());
        assertThat(emitted.exitCode).isEqualTo(2);
        assertThat(emitted.err).contains("is a cnn run; back ends emit the layers of MLP runs");
        assertThat(work.resolve("cnn-emit")).doesNotExist();
    }

    @Test
    void cnnPruningAndSharingCutAdditions() throws Exception {
        Path spec = write("cnn-compress.yaml", """
                name: cnn-compress
                data: mnist
                model: { type: cnn, channels: [4, 8] }
                train: { epochs: 1, batch: 32, learningRate: 0.02, momentum: 0.9, seed: 3 }
                stages:
                  - regularizer: group-lasso
                    lambda: 2.0e-2
                    epochs: 1
                    fineTuneEpochs: 1
                  - clusterer: affinity-propagation
                    retrainEpochs: 1
                  - decomposer: lcc-fs
                """);
        Path run = work.resolve("cnn-compress");

        Result result = shiftadd("run", spec.toString(), "--out", run.toString());

        assertThat(result.exitCode).as(result.err).isZero();
        assertThat(result.out).contains("pruning+csd adds/image", "pruning+lcc-fs adds/image",
                "pruning+sharing+csd adds/image", "pruning+sharing+lcc-fs adds/image",
                "pruning network before decomposition: test accuracy",
                "pruning+sharing network before decomposition: test accuracy");
        assertThat(result.err).containsPattern("\\[prune\\] lambda = 0.02: inputs kept conv1"
                + " 1/1, conv2 [0-9]/4, fc1 [0-9]+/392").contains("[share] fc1: ");
        // The classifier loses inputs to pruning, and sharing leaves fewer columns still.
        java.util.regex.Matcher pruned = java.util.regex.Pattern.compile(
                "\\[pruning\\+lcc-fs\\] fc1 matrix 10x([0-9]+):").matcher(result.err);
        java.util.regex.Matcher shared = java.util.regex.Pattern.compile(
                "\\[pruning\\+sharing\\+lcc-fs\\] fc1 matrix 10x([0-9]+):")
                .matcher(result.err);
        assertThat(pruned.find()).as(result.err).isTrue();
        assertThat(shared.find()).as(result.err).isTrue();
        int prunedColumns = Integer.parseInt(pruned.group(1));
        assertThat(prunedColumns).isLessThan(392);
        assertThat(Integer.parseInt(shared.group(1))).isLessThan(prunedColumns);

        String json = Files.readString(run.resolve("result.json"));
        String totals = json.substring(json.indexOf("\"total\" : {"));
        assertThat(additions(totals, "pruning+sharing+lcc-fs"))
                .isLessThan(additions(totals, "lcc-fs"));
        assertThat(additions(totals, "pruning+csd")).isLessThan(additions(totals, "csd"));
        assertThat(run.resolve("networks/pruning+sharing+lcc-fs.json.gz")).exists();
    }

    private static long additions(String totals, String method) {
        java.util.regex.Matcher value = java.util.regex.Pattern
                .compile("\"" + java.util.regex.Pattern.quote(method) + "\" : ([0-9]+)")
                .matcher(totals);
        assertThat(value.find()).as(method + " in " + totals).isTrue();
        return Long.parseLong(value.group(1));
    }

    @Test
    void resnet34WithoutDataReportsAdditionsOnly() throws Exception {
        Path spec = write("resnet.yaml", "name: resnet\ndata: none\n"
                + "model: { type: resnet34, classes: 10, inputSize: 8 }\n");
        Path run = work.resolve("resnet");

        Result result = shiftadd("run", spec.toString(), "--out", run.toString());

        assertThat(result.exitCode).as(result.err).isZero();
        // 36 convolutions (33 3x3 in PK form, three 1x1 shortcuts) and the classifier.
        assertThat(result.out).containsPattern("conv1 +576 +3 +8 +pk +64 ")
                .containsPattern("conv10 +128 +64 +8 +1x1 +16 ")
                .contains("conv36", "fc1", "accuracy not measured: the spec gives no data");
        assertThat(result.err).contains("[eval] no data: accuracy is not measured");
    }

    @Test
    void cnnExampleReachesNinetySevenPercent() throws Exception {
        Path run = work.resolve("cnn-example");

        Result result = shiftadd("run", Path.of("../examples/mnist-cnn.yaml").toAbsolutePath()
                .toString(), "--out", run.toString());

        assertThat(result.exitCode).as(result.err).isZero();
        String json = Files.readString(run.resolve("result.json"));
        String accuracy = json.substring(json.indexOf("\"accuracy\" : {"));
        accuracy = accuracy.substring(0, accuracy.indexOf('}'));
        for (String method : List.of("float", "csd", "lcc-fp", "lcc-fs")) {
            java.util.regex.Matcher value = java.util.regex.Pattern
                    .compile("\"" + method + "\" : ([0-9.]+)").matcher(accuracy);
            assertThat(value.find()).as(method + " in " + accuracy).isTrue();
            assertThat(Double.parseDouble(value.group(1))).as(method)
                    .isGreaterThanOrEqualTo(0.97);
        }
    }

    @Test
    void onnxModelFromPyTorchRunsThePipeline() throws Exception {
        Path script = Path.of("../platform/nn/src/test/python/export_resnet34.py")
                .toAbsolutePath();
        Process export = new ProcessBuilder("/usr/bin/python3", script.toString(),
                work.toString()).redirectErrorStream(true).start();
        String log = new String(export.getInputStream().readAllBytes());
        assertThat(export.waitFor()).as("the export needs PyTorch (Debian: apt-get install"
                + " python3-torch python3-torchvision): " + log).isZero();
        Path spec = write("onnx.yaml", "name: onnx\ndata: none\nmodel: { onnx: "
                + work.resolve("resnet34.onnx") + ", forms: { conv2: fk } }\n");

        Result result = shiftadd("run", spec.toString(), "--out", work.resolve("onnx-run")
                .toString());

        assertThat(result.exitCode).as(result.err).isZero();
        assertThat(result.err).contains("[model] imported");
        assertThat(result.out).containsPattern("conv2 +64 +576 +8 +fk +4,096 ")
                .containsPattern("conv36 +4608 +512 +8 +pk +64 ")
                .containsPattern("fc1 +200 +512 +8 +matrix +1 ")
                .contains("csd dB", "accuracy not measured");
    }

    @Test
    void emitWritesVerilogFromAStoredNetwork() throws Exception {
        Path spec = write("emit.yaml", "name: emit\nmodel: { type: mlp, layers: [784, 6, 10] }\n"
                + "train: { epochs: 1, seed: 3 }\nstages:\n  - decomposer: lcc-fs\n");
        Path run = work.resolve("run");
        assertThat(shiftadd("run", spec.toString(), "--out", run.toString()).exitCode).isZero();
        assertThat(run.resolve("networks/csd.json.gz")).exists();
        assertThat(run.resolve("networks/lcc-fs.json.gz")).exists();
        Path out = work.resolve("hardware");

        Result result = shiftadd("emit", run.toString(), "--out", out.toString(),
                "-P", "vectors=50");

        assertThat(result.exitCode).as(result.err).isZero();
        assertThat(result.out).contains("emitted lcc-fs");
        assertThat(out.resolve("dense1.v")).exists();
        String report = Files.readString(out.resolve("verilog-report.txt"));
        assertThat(report).contains("method: lcc-fs", "rederivedSqnrDb: Infinity",
                "referenceMismatches: 0", "status: pass");

        Result again = shiftadd("emit", run.toString(), "--out", out.toString());
        assertThat(again.exitCode).isEqualTo(2);
        assertThat(again.err).contains("is not empty");
        Result unknown = shiftadd("emit", run.toString(), "--method", "lcc-fp");
        assertThat(unknown.exitCode).isEqualTo(2);
        assertThat(unknown.err).contains("[csd, lcc-fs]");
        assertNoStackTrace(unknown);
        Path unused = work.resolve("unused");
        Result noBackend = shiftadd("emit", run.toString(), "--backend", "nope", "--out",
                unused.toString());
        assertThat(noBackend.exitCode).isEqualTo(2);
        assertThat(noBackend.err).contains("installed backends: verilog");
        Result badParameter = shiftadd("emit", run.toString(), "-P", "vectors=abc", "--out",
                unused.toString());
        assertThat(badParameter.exitCode).isEqualTo(2);
        assertThat(badParameter.err).contains("vectors must be an integer");
        assertThat(unused).doesNotExist();

        Path status = run.resolve("status.json");
        Files.writeString(status, Files.readString(status).replace("\"finished\"",
                "\"failed\""));
        Result failedRun = shiftadd("emit", run.toString(), "--method", "csd", "--out",
                work.resolve("from-failed").toString(), "-P", "vectors=20");
        assertThat(failedRun.exitCode).as(failedRun.err).isZero();
        assertThat(failedRun.err).contains("warning: the run did not finish (status failed)");
    }

    @Test
    void backendStepMethodAndLayersCheckedBeforeTraining() throws Exception {
        Path spec = write("backend.yaml", "name: b\nmodel: { type: mlp, layers: [784, 6, 10] }\n"
                + "train: { epochs: 1 }\nstages:\n  - decomposer: lcc-fs\n"
                + "  - backend: verilog\n    method: lcc-fp\n    layers: dense3\n");

        Result result = shiftadd("run", spec.toString(), "--out", work.resolve("r").toString());

        assertThat(result.exitCode).isEqualTo(2);
        assertThat(result.err).contains("'lcc-fp' is not a method of this spec",
                "the model has no layer 'dense3'");
        assertThat(result.err).doesNotContain("[train]");
    }

    @Test
    void decomposePrintsJson() throws Exception {
        Path matrix = write("pow2.csv", "1,0,0\n0,-0.5,0\n1,2,0\n-2,-4,0\n0,4,-1\n0.25,0,-8\n"
                + "0,0,0\n0.5,0,0.5\n");

        Result fs = shiftadd("decompose", matrix.toString(), "--method", "lcc-fs", "--sqnr",
                "200", "--json");
        Result csd = shiftadd("decompose", matrix.toString(), "--method", "csd", "--bits", "8",
                "--json");

        assertThat(fs.exitCode).as(fs.err).isZero();
        assertThat(fs.out).contains("\"method\" : \"lcc-fs\"", "\"additions\" : 4",
                "\"rows\" : 8", "\"cols\" : 3", "\"exact\" : true",
                "\"targetReached\" : true");
        assertThat(csd.exitCode).as(csd.err).isZero();
        assertThat(csd.out).contains("\"additions\" : 5", "\"bits\" : 8");
    }

    @Test
    void decomposeRejectsUnknownMethod() throws Exception {
        Path matrix = write("m.csv", "1,2\n3,4\n");

        Result result = shiftadd("decompose", matrix.toString(), "--method", "lcc-xx",
                "--bits", "8");

        assertThat(result.exitCode).isEqualTo(2);
        assertThat(result.err).contains("lcc-xx", "installed decomposers: csd, lcc-fp, lcc-fs");
        assertNoStackTrace(result);
    }

    @Test
    void decomposeRejectsNanWithPosition() throws Exception {
        Path matrix = write("nan.csv", "1,2\n3,NaN\n");

        Result result = shiftadd("decompose", matrix.toString(), "--method", "lcc-fp",
                "--bits", "8");

        assertThat(result.exitCode).isEqualTo(2);
        assertThat(result.err).contains("(1, 1)", "NaN");
        assertNoStackTrace(result);
    }

    @Test
    void deployedStageIsListed() throws Exception {
        Path home = distributionWithStageExample();

        Result result = shiftaddIn(home, "stages");

        assertThat(result.exitCode).as(result.err).isZero();
        assertThat(result.out).containsPattern("\\* clusterer +k-means +shiftadd\\.clusterer"
                + "\\.k-means +com\\.example\\.shiftadd\\.stage-kmeans +1\\.0\\.0 \\(0\\)");
        assertThat(result.err).doesNotContain("warning");
    }

    @Test
    void deployedClustererSharesWeights() throws Exception {
        Path home = distributionWithStageExample();
        Path spec = write("kmeans.yaml", "name: kmeans\nmodel: { type: mlp, layers: [784, 16,"
                + " 10] }\ntrain: { epochs: 1, seed: 3 }\nstages:\n"
                + "  - { regularizer: group-lasso, lambda: 1.0e-4, epochs: 1, fineTuneEpochs: 1 }\n"
                + "  - { clusterer: k-means, fraction: 0.5, retrainEpochs: 1 }\n"
                + "  - { decomposer: lcc-fs, maxAccuracyDrop: 5 }\n");
        Path run = work.resolve("run");

        Result result = shiftaddIn(home, "run", spec.toString(), "--out", run.toString());

        assertThat(result.exitCode).as(result.err).isZero();
        assertThat(result.err).contains("[k-means] fraction = 0.5, dense1 ");
        assertThat(Files.readString(run.resolve("status.json"))).contains("finished");
        String report = Files.readString(run.resolve("report.txt"));
        assertThat(report).contains("other stage bundles: com.example.shiftadd.stage-kmeans 1.0.0");
        assertThat(report).containsPattern("pruning \\+ sharing \\+ lcc-fs .* fraction = 0\\.5,"
                + " dense1 \\d+ clusters, dense2 \\d+ clusters");
        assertThat(Files.readString(run.resolve("result.json")))
                .contains("\"symbolicName\" : \"com.example.shiftadd.stage-kmeans\"");
    }

    @Test
    void higherRankingTakesOverWhileRunning() throws Exception {
        Path home = distributionWithStageExample();
        Path ranked = home.resolve("deploy/stage-kmeans-ranked.jar");
        String original = "* clusterer k-means com.example.shiftadd.stage-kmeans 1.0.0 (ranking 0)";
        String takeover = "* clusterer k-means com.example.shiftadd.stage-kmeans-ranked 1.0.0"
                + " (ranking 10)";

        try (ShellSession shell = new ShellSession(home, work)) {
            assertThat(shell.stagesUntil(s -> s.contains(original))).contains(original);

            rankedCopy(STAGE_EXAMPLE, work.resolve("ranked.jar"));
            Files.move(work.resolve("ranked.jar"), ranked);
            String replaced = shell.stagesUntil(s -> s.contains(takeover));
            assertThat(replaced).contains(takeover);
            assertThat(replaced).contains("  clusterer k-means com.example.shiftadd.stage-kmeans"
                    + " 1.0.0 (ranking 0)");

            Files.delete(ranked);
            String restored = shell.stagesUntil(s -> !s.contains("stage-kmeans-ranked"));
            assertThat(restored).contains(original).doesNotContain("stage-kmeans-ranked");
        }
    }

    /**
     * Writes a copy of a stage jar with the symbolic name suffixed by {@code -ranked} and a
     * service ranking of 10 in its component descriptor.
     */
    private static void rankedCopy(Path jar, Path target) throws IOException {
        try (JarInputStream in = new JarInputStream(Files.newInputStream(jar))) {
            Manifest manifest = in.getManifest();
            Attributes main = manifest.getMainAttributes();
            main.putValue("Bundle-SymbolicName", main.getValue("Bundle-SymbolicName") + "-ranked");
            try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(target),
                    manifest)) {
                for (JarEntry entry = in.getNextJarEntry(); entry != null;
                        entry = in.getNextJarEntry()) {
                    byte[] bytes = in.readAllBytes();
                    if (entry.getName().startsWith("OSGI-INF/")
                            && entry.getName().endsWith(".xml")) {
                        String xml = new String(bytes, StandardCharsets.UTF_8);
                        String replaced = xml.replace("name=\"service.ranking\" type=\"Integer\""
                                + " value=\"0\"", "name=\"service.ranking\" type=\"Integer\""
                                + " value=\"10\"");
                        assertThat(replaced).as("ranking in " + entry.getName()).isNotEqualTo(xml);
                        bytes = replaced.getBytes(StandardCharsets.UTF_8);
                    }
                    out.putNextEntry(new JarEntry(entry.getName()));
                    out.write(bytes);
                    out.closeEntry();
                }
            }
        }
    }

    /**
     * Copies the distribution into the test's directory, so that the built one stays clean,
     * and puts the stage example's jar into its deploy/ folder.
     */
    private Path distributionWithStageExample() throws IOException {
        assertThat(STAGE_EXAMPLE).as("the stage example's jar; build it with ./mvnw verify,"
                + " which runs the invoker plugin before this test").isRegularFile();
        Path home = work.resolve("shiftadd");
        try (Stream<Path> paths = Files.walk(DISTRIBUTION)) {
            for (Path source : paths.toList()) {
                Path target = home.resolve(DISTRIBUTION.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(source, target, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
        Files.copy(STAGE_EXAMPLE, home.resolve("deploy").resolve(STAGE_EXAMPLE.getFileName()));
        return home;
    }

    private static void assertNoStackTrace(Result result) {
        assertThat(result.err).doesNotContain("\tat ").doesNotContain("Exception");
    }

    private Path write(String name, String content) throws IOException {
        return Files.writeString(work.resolve(name), content);
    }

    private Result shiftadd(String... args) throws Exception {
        return shiftaddIn(DISTRIBUTION, args);
    }

    private Result shiftaddIn(Path distribution, String... args) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(distribution.resolve("bin/shiftadd").toString());
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).directory(work.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .start();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Thread errReader = new Thread(() -> {
            try {
                process.getErrorStream().transferTo(err);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        errReader.start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).as("finished in time").isTrue();
        errReader.join();
        return new Result(process.exitValue(), out, err.toString(StandardCharsets.UTF_8));
    }

    private record Result(int exitCode, String out, String err) {
    }

    /**
     * A running {@code shiftadd shell} that takes Gogo commands on its standard input. Closing
     * the session closes that input, which stops the shell and the platform.
     */
    private static final class ShellSession implements AutoCloseable {
        private static final long DEADLINE_SECONDS = 60;

        private final Process process;
        private final Writer input;
        private final StringBuffer output = new StringBuffer();
        private final Thread reader;
        private int requests;

        ShellSession(Path distribution, Path directory) throws IOException {
            process = new ProcessBuilder(distribution.resolve("bin/shiftadd").toString(), "shell")
                    .directory(directory.toFile()).redirectErrorStream(true).start();
            input = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
            reader = new Thread(() -> {
                try (Reader in = new InputStreamReader(process.getInputStream(),
                        StandardCharsets.UTF_8)) {
                    char[] buffer = new char[4096];
                    for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                        output.append(buffer, 0, n);
                    }
                } catch (IOException e) {
                    output.append("reading the shell's output failed: ").append(e);
                }
            });
            reader.start();
        }

        /**
         * Runs {@code shiftadd:stages} until its output meets the condition, and returns the
         * last output. File Install applies changes to deploy/ at its next scan, so the first
         * listings after a change may still show the old state.
         */
        String stagesUntil(Predicate<String> condition) throws Exception {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(DEADLINE_SECONDS);
            String stages;
            do {
                stages = stages();
            } while (!condition.test(stages) && System.nanoTime() - deadline < 0);
            return stages;
        }

        private String stages() throws Exception {
            int request = ++requests;
            String begin = "begin-" + request;
            String end = "end-" + request;
            input.write("echo " + begin + "\nshiftadd:stages\necho " + end + "\n");
            input.flush();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(DEADLINE_SECONDS);
            while (output.indexOf(end + "\n") < 0) {
                assertThat(process.isAlive()).as("shell running; output:%n%s", output).isTrue();
                assertThat(System.nanoTime() - deadline).as("shell answered; output:%n%s", output)
                        .isNegative();
                Thread.sleep(100);
            }
            int from = output.indexOf(begin + "\n") + begin.length() + 1;
            return output.substring(from, output.indexOf(end + "\n"));
        }

        @Override
        public void close() throws Exception {
            input.close();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
            reader.join();
        }
    }
}
