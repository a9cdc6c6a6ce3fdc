package org.shiftadd.it;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import io.vertx.core.Vertx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
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
import org.shiftadd.api.Decomposition;
import org.shiftadd.api.Matrix;
import org.shiftadd.api.PrecisionTarget;
import org.shiftadd.api.StageKind;
import org.shiftadd.engine.Engine;
import org.shiftadd.engine.RunResult;
import org.shiftadd.engine.bus.StageClient;
import org.shiftadd.engine.bus.StageDirectory;
import org.shiftadd.engine.bus.StageException;
import org.shiftadd.engine.bus.StageFailure;
import org.shiftadd.engine.bus.StageInfo;
import org.shiftadd.engine.bus.StageReply;
import org.shiftadd.engine.bus.StageRequest;
import org.shiftadd.engine.run.RunDirectory;
import org.shiftadd.engine.spec.ExperimentSpec;
import org.shiftadd.engine.spec.SpecException;

/** Boots the runtime bundle set in Felix and drives the platform through its services. */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class PlatformIT {
    @Inject
    BundleContext context;

    @Inject
    Vertx vertx;

    @Inject
    StageDirectory stages;

    @Inject
    Engine engine;

    @Configuration
    public Option[] config() {
        return new Option[] {PlatformOptions.platform()};
    }

    @Test
    public void everyBundleIsActive() {
        for (Bundle bundle : context.getBundles()) {
            boolean fragment = bundle.getHeaders().get("Fragment-Host") != null;
            if (!fragment) {
                assertEquals(bundle.getSymbolicName() + " state", Bundle.ACTIVE,
                        bundle.getState());
            }
        }
    }

    @Test
    public void stagesListsCsdWithItsBundle() {
        StageInfo csd = stages.stages().stream()
                .filter(s -> s.kind().equals("decomposer") && s.name().equals("csd"))
                .findFirst().orElse(null);
        assertNotNull("csd decomposer listed in " + stages.stages(), csd);
        assertEquals("shiftadd.decomposer.csd", csd.address());
        assertEquals("org.shiftadd.baseline-csd", csd.bundle());
        assertTrue(csd.serving());
    }

    @Test
    public void csdRequestRepliesWithProvenance() {
        Matrix matrix = Matrix.fromRows(new double[][] {{1, 3}, {0.5, -7}});
        StageReply reply = client().await(StageKind.DECOMPOSER, "csd",
                new StageRequest.Decompose(matrix, PrecisionTarget.ofBits(8), Map.of()));
        Decomposition decomposition = (Decomposition) reply.result();
        // B = 8 and max |w| = 7 give shift 4. Row 0 is 16 and 48 = 64 - 16: three CSD digits,
        // two additions. Row 1 is 8 and -112 = -128 + 16: three digits, two additions.
        assertEquals(4, decomposition.additions());
        assertEquals("org.shiftadd.baseline-csd", reply.provenance().bundle());
        assertFalse(reply.provenance().version().isEmpty());
    }

    @Test
    public void missingStageFailsWithNoHandler() {
        long start = System.nanoTime();
        try {
            client().await(StageKind.DECOMPOSER, "no-such-stage",
                    new StageRequest.Decompose(Matrix.zeros(2, 2), PrecisionTarget.ofBits(8),
                            Map.of()));
            fail("a request to a missing stage must fail");
        } catch (StageException e) {
            assertEquals(StageFailure.NO_HANDLER, e.failure());
            assertEquals("shiftadd.decomposer.no-such-stage", e.address());
        }
        assertTrue("failed fast", System.nanoTime() - start < Duration.ofSeconds(10).toNanos());
    }

    @Test
    public void nonFiniteMatrixFailsWithInvalidInput() {
        Matrix matrix = Matrix.fromRows(new double[][] {{1, Double.NaN}});
        try {
            client().await(StageKind.DECOMPOSER, "csd",
                    new StageRequest.Decompose(matrix, PrecisionTarget.ofBits(8), Map.of()));
            fail("a NaN entry must be rejected");
        } catch (StageException e) {
            assertEquals(StageFailure.INVALID_INPUT, e.failure());
            assertTrue(e.getMessage(), e.getMessage().contains("(0, 1)"));
        }
    }

    @Test
    public void invalidSpecReportsEveryProblem() {
        String text = "name: bad\nmodel: { type: vgg, layers: [784, 0, 10] }\n"
                + "train: { epochs: 0 }\nstages:\n  - decomposer: nope\n";
        try {
            engine.validate(text, "bad.yaml");
            fail("the spec is invalid");
        } catch (SpecException e) {
            List<String> problems = e.problems();
            assertEquals(problems.toString(), 4, problems.size());
            assertTrue(problems.toString(), problems.get(0).startsWith("model.type"));
            assertTrue(problems.toString(), problems.get(1).startsWith("model.layers[1]"));
            assertTrue(problems.toString(), problems.get(2).startsWith("train.epochs"));
            assertTrue(problems.toString(), problems.get(3).contains("installed decomposers: csd"));
        }
    }

    @Test
    public void smallExperimentRunsThroughTheEventBus() throws Exception {
        String text = "name: small\ndata: mnist\nmodel: { type: mlp, layers: [784, 32, 10] }\n"
                + "train: { epochs: 1, batch: 64, seed: 3 }\nbaseline: { bits: 6 }\n"
                + "stages:\n  - decomposer: csd\n    bits: 4\n";
        ExperimentSpec spec = engine.validate(text, "small.yaml");
        Path directory = Files.createTempDirectory("shiftadd-it-run");
        RunResult result = engine.run(spec, new RunDirectory(directory), (phase, line) -> { });

        assertEquals(2, result.layers().size());
        assertEquals(32, result.layers().get(0).rows());
        assertEquals(784, result.layers().get(0).cols());
        assertEquals(2, result.methods().size());
        assertEquals("csd", result.methods().get(0).method());
        assertEquals("csd-2", result.methods().get(1).method());
        assertTrue(result.methods().get(0).additions() > result.methods().get(1).additions());
        assertTrue(result.accuracy().get("float") > 0.5);
        assertEquals("org.shiftadd.baseline-csd", result.bundles().get(0).symbolicName());
        assertTrue(Files.readString(directory.resolve(RunDirectory.STATUS)).contains("finished"));
        assertTrue(Files.isRegularFile(directory.resolve(RunDirectory.RESULT)));
        assertTrue(Files.isRegularFile(directory.resolve(RunDirectory.REPORT)));
    }

    @Test
    public void comparisonRunsEveryStageAndRepeatsExactly() throws Exception {
        String text = "name: compare\nmodel: { type: mlp, layers: [784, 32, 10] }\n"
                + "train: { epochs: 2, batch: 64, learningRate: 0.1, momentum: 0.8, seed: 5 }\n"
                + "stages:\n"
                + "  - { regularizer: group-lasso, lambda: [1.0e-4, 3.0e-4], epochs: 2,"
                + " fineTuneEpochs: 1 }\n"
                + "  - { clusterer: affinity-propagation, preference: [median], retrainEpochs: 1 }\n"
                + "  - { decomposer: lcc-fs, maxAccuracyDrop: 5 }\n";
        ExperimentSpec spec = engine.validate(text, "compare.yaml");
        Path first = Files.createTempDirectory("shiftadd-it-compare");
        Path second = Files.createTempDirectory("shiftadd-it-compare");

        RunResult.Comparison one = engine.run(spec, new RunDirectory(first), (p, l) -> { })
                .comparison();
        RunResult.Comparison two = engine.run(spec, new RunDirectory(second), (p, l) -> { })
                .comparison();

        assertNotNull(one);
        List<String> methods = one.rows().stream().map(RunResult.ComparisonRow::method).toList();
        assertEquals(List.of("CSD", "CSD at B = 8", "lcc-fs only", "pruning + CSD",
                "pruning + lcc-fs", "pruning + sharing + CSD", "pruning + sharing + lcc-fs"),
                methods);
        assertTrue(one.trials().stream().anyMatch(t -> t.stage().equals("group-lasso")));
        assertTrue(one.trials().stream().anyMatch(t -> t.stage().equals("affinity-propagation")));
        assertTrue(one.rows().get(2).additions() < one.csdAdditions());
        assertEquals("same spec and seed, same comparison", one, two);
        assertTrue(Files.readString(first.resolve("additions-vs-accuracy.svg"))
                .startsWith("<svg"));
        assertTrue(Files.readString(first.resolve(RunDirectory.REPORT))
                .contains("Configurations tried:"));
    }

    @Test
    public void sweepValuesAreValidatedOneByOne() {
        String text = "name: bad\nmodel: { type: mlp, layers: [784, 10] }\nstages:\n"
                + "  - { regularizer: group-lasso, lambda: [1.0e-4, -1], epochs: 0 }\n"
                + "  - { clusterer: affinity-propagation, preference: [median, q7] }\n";
        try {
            engine.validate(text, "bad.yaml");
            fail("negative lambda, zero epochs and quantile 7 are invalid");
        } catch (SpecException e) {
            String problems = String.join("\n", e.problems());
            assertTrue(problems, problems.contains("stages[0].epochs"));
            assertTrue(problems, problems.contains("-1"));
            assertTrue(problems, problems.contains("q7"));
        }
    }

    private StageClient client() {
        return new StageClient(vertx, Duration.ofSeconds(30));
    }
}
