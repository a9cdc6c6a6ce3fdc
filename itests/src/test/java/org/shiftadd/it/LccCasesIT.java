package org.shiftadd.it;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.Vertx;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
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
import org.shiftadd.api.Decomposition;
import org.shiftadd.api.Matrix;
import org.shiftadd.api.PrecisionTarget;
import org.shiftadd.api.StageKind;
import org.shiftadd.engine.bus.StageClient;
import org.shiftadd.engine.bus.StageReply;
import org.shiftadd.engine.bus.StageRequest;

/**
 * Sends every LCC and CSD test case with a known result to the installed decomposer bundles
 * over the event bus, and checks the additions and the SQNR they reply with.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class LccCasesIT {
    @Inject
    Vertx vertx;

    @Configuration
    public Option[] config() {
        return new Option[] {PlatformOptions.platform()};
    }

    @Test
    public void everyCaseMatchesThroughTheBus() throws Exception {
        Path directory = Path.of(System.getProperty("shiftadd.itest.cases"));
        File[] files = directory.toFile().listFiles((dir, name) -> name.endsWith(".json"));
        assertTrue("cases in " + directory, files != null);
        assertTrue("cases in " + directory, files.length >= 15);
        List<String> checked = new ArrayList<>();
        for (File file : files) {
            checkCase(directory, new ObjectMapper().readTree(file), file.getName());
            checked.add(file.getName());
        }
        assertEquals(files.length, checked.size());
    }

    private void checkCase(Path directory, JsonNode testCase, String name) throws Exception {
        Matrix matrix = readCsv(directory.resolve(testCase.get("matrix").asText()));
        String method = testCase.get("method").asText();
        JsonNode expected = testCase.get("expected");
        Decomposition result = decompose(method, matrix, target(testCase, method),
                parameters(testCase));

        if (expected.has("additions")) {
            assertEquals(name + " additions", expected.get("additions").asLong(),
                    result.additions());
        }
        if (expected.has("sqnrDb")) {
            assertEquals(name + " SQNR", expected.get("sqnrDb").asDouble(), result.sqnrDb(),
                    testCase.get("tolerance").get("sqnrDb").asDouble());
        }
        if (expected.path("exact").asBoolean(false)) {
            assertTrue(name + " exact", Double.isInfinite(result.sqnrDb()));
        }
        if (expected.has("targetReached")) {
            assertEquals(name + " target reached", expected.get("targetReached").asBoolean(),
                    result.targetReached());
        }
        if (expected.has("sqnrDbBelow")) {
            assertTrue(name + " SQNR below", result.sqnrDb() < expected.get("sqnrDbBelow")
                    .asDouble());
        }
        if (expected.has("additionsAtMost")) {
            assertTrue(name + " additions at most", result.additions()
                    <= expected.get("additionsAtMost").asLong());
        }
        if (expected.has("slices")) {
            assertEquals(name + " slices", expected.get("slices").asInt(),
                    ((Number) result.details().getOrDefault("slices", 1)).intValue());
        }
        assertFalse(name + " method", result.method().isEmpty());
    }

    private static PrecisionTarget target(JsonNode testCase, String method) {
        if (method.equals("csd")) {
            return PrecisionTarget.ofBits(testCase.get("bits").asInt());
        }
        return PrecisionTarget.ofSqnrDb(testCase.get("targetSqnrDb").asDouble());
    }

    private static Map<String, Object> parameters(JsonNode testCase) {
        Map<String, Object> parameters = new HashMap<>();
        if (testCase.has("S")) {
            parameters.put("termsPerRow", testCase.get("S").asInt());
        }
        JsonNode options = testCase.path("options");
        if (options.has("signNormalised")) {
            parameters.put("signNormalised", options.get("signNormalised").asBoolean());
        }
        return parameters;
    }

    private Decomposition decompose(String method, Matrix matrix, PrecisionTarget target,
            Map<String, Object> parameters) {
        StageReply reply = new StageClient(vertx, Duration.ofMinutes(1)).await(
                StageKind.DECOMPOSER, method, new StageRequest.Decompose(matrix, target,
                        parameters));
        return (Decomposition) reply.result();
    }

    private static Matrix readCsv(Path file) throws Exception {
        List<double[]> rows = new ArrayList<>();
        for (String line : Files.readAllLines(file)) {
            if (!line.isBlank()) {
                rows.add(java.util.Arrays.stream(line.split(","))
                        .mapToDouble(v -> Double.parseDouble(v.strip())).toArray());
            }
        }
        return Matrix.fromRows(rows.toArray(double[][]::new));
    }
}
