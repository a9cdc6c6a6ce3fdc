package org.shiftadd.numerics.lcc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.shiftadd.api.Decomposition;
import org.shiftadd.api.Matrix;
import org.shiftadd.numerics.Csd;
import org.shiftadd.numerics.Sqnr;

/**
 * Runs every case in the test resources folder {@code cases/lcc}: CSD through
 * {@link Csd#quantize}, FP and FS through the decomposers. The expected values come from an
 * independent implementation of the same definitions, which agrees with the LCC authors'
 * published code. Additions must match exactly, and SQNR within the case's tolerance.
 */
class LccCasesTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    static Stream<String> caseFiles() throws IOException, URISyntaxException {
        Path folder = Path.of(LccCasesTest.class.getResource(TestMatrices.CASES).toURI());
        try (Stream<Path> files = Files.list(folder)) {
            List<String> names = files.map(p -> p.getFileName().toString())
                    .filter(name -> name.endsWith(".json"))
                    .sorted()
                    .toList();
            assertThat(names).as("case files").hasSizeGreaterThanOrEqualTo(15);
            return names.stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("caseFiles")
    void caseMatchesExpected(String file) throws IOException {
        JsonNode spec = readCase(file);
        Matrix matrix = TestMatrices.readCsv(spec.get("matrix").asText());
        String method = spec.get("method").asText();
        if (method.equals("csd")) {
            checkCsd(spec, matrix);
        } else {
            checkLcc(spec, matrix, decompose(spec, matrix, method));
        }
    }

    private static JsonNode readCase(String file) throws IOException {
        try (InputStream in = LccCasesTest.class.getResourceAsStream(TestMatrices.CASES + file)) {
            return JSON.readTree(in);
        }
    }

    private static LccDecomposition decompose(JsonNode spec, Matrix matrix, String method) {
        double target = targetOf(spec, matrix);
        JsonNode options = spec.path("options");
        if (method.equals(FullyParallelLcc.METHOD)) {
            FpOptions fp = FpOptions.defaults().withTermsPerRow(spec.path("S").asInt(2));
            return FullyParallelLcc.decompose(matrix, target, fp);
        }
        assertThat(method).isEqualTo(FullySequentialLcc.METHOD);
        FsOptions fs = FsOptions.defaults()
                .withSignNormalised(options.path("signNormalised").asBoolean(false));
        return FullySequentialLcc.decompose(matrix, target, fs);
    }

    /** Returns the case's target; where it also gives bits, checks that both agree. */
    private static double targetOf(JsonNode spec, Matrix matrix) {
        double target = spec.get("targetSqnrDb").asDouble();
        if (spec.has("bits")) {
            double fromBits = Csd.targetSqnrDb(matrix, spec.get("bits").asInt());
            assertThat(fromBits).as("target from bits").isCloseTo(target, within(1e-9));
        }
        return target;
    }

    private static void checkCsd(JsonNode spec, Matrix matrix) {
        JsonNode expected = spec.get("expected");
        Csd.Quantized quantized = Csd.quantize(matrix, spec.get("bits").asInt());
        assertThat(quantized.additions()).as("additions")
                .isEqualTo(expected.get("additions").asLong());
        assertThat(quantized.shift()).as("shift").isEqualTo(expected.get("shift").asInt());
        checkSqnr(spec, Sqnr.db(matrix, quantized.approximation()));
    }

    private static void checkLcc(JsonNode spec, Matrix matrix, LccDecomposition result) {
        JsonNode expected = spec.get("expected");
        checkAdditions(spec, result);
        checkSqnr(spec, result.sqnrDb());
        checkStructure(expected, result);
        checkProperties(expected, result);

        // The networks alone, without the stored approximation, give the reported SQNR.
        double rebuilt = Sqnr.db(matrix, result.reconstruct());
        if (Double.isInfinite(result.sqnrDb())) {
            assertThat(rebuilt).as("SQNR of the reconstruction").isEqualTo(result.sqnrDb());
        } else {
            assertThat(rebuilt).as("SQNR of the reconstruction")
                    .isCloseTo(result.sqnrDb(), within(1e-9));
        }

        Decomposition converted = result.toDecomposition();
        assertThat(converted.method()).as("method").isEqualTo(spec.get("method").asText());
        assertThat(converted.additions()).as("converted additions")
                .isEqualTo(result.additions());
        assertThat(converted.details()).as("details")
                .containsEntry("slices", result.slices().size())
                .containsEntry("K", result.sliceWidth());
    }

    private static void checkAdditions(JsonNode spec, LccDecomposition result) {
        JsonNode expected = spec.get("expected");
        if (expected.has("additions")) {
            long additions = expected.get("additions").asLong();
            double tolerance = spec.path("tolerance").path("additions").asDouble(0);
            assertThat((double) result.additions()).as("additions")
                    .isCloseTo(additions, within(tolerance * additions));
        }
        if (expected.has("additionsWithoutSliceSum")) {
            assertThat(result.additionsWithoutSliceSum()).as("additions without slice sum")
                    .isEqualTo(expected.get("additionsWithoutSliceSum").asLong());
        }
        if (expected.has("additionsPerSlice")) {
            assertThat(result.additionsPerSlice()).as("additions per slice")
                    .isEqualTo(longs(expected.get("additionsPerSlice")));
        }
        if (expected.has("additionsAtMost")) {
            assertThat(result.additions()).as("additions")
                    .isLessThanOrEqualTo(expected.get("additionsAtMost").asLong());
        }
    }

    private static void checkSqnr(JsonNode spec, double sqnrDb) {
        JsonNode expected = spec.get("expected");
        if (expected.path("exact").asBoolean(false)) {
            assertThat(sqnrDb).as("SQNR of an exact result").isEqualTo(Double.POSITIVE_INFINITY);
        }
        if (expected.has("sqnrDb")) {
            double tolerance = spec.get("tolerance").get("sqnrDb").asDouble();
            assertThat(sqnrDb).as("SQNR in dB")
                    .isCloseTo(expected.get("sqnrDb").asDouble(), within(tolerance));
        }
    }

    private static void checkStructure(JsonNode expected, LccDecomposition result) {
        if (expected.has("slices")) {
            assertThat(result.slices()).as("slices").hasSize(expected.get("slices").asInt());
        }
        if (expected.has("K")) {
            assertThat(result.sliceWidth()).as("K").isEqualTo(expected.get("K").asInt());
        }
        if (expected.has("factors")) {
            assertThat(result.factorsPerSlice()).as("factors")
                    .containsExactly(expected.get("factors").asInt());
        }
        if (expected.has("factorsPerSlice")) {
            List<Integer> factors = new ArrayList<>();
            expected.get("factorsPerSlice").forEach(n -> factors.add(n.asInt()));
            assertThat(result.factorsPerSlice()).as("factors per slice").isEqualTo(factors);
        }
    }

    /** Checks the property cases: target reached or not, and SQNR bounds. */
    private static void checkProperties(JsonNode expected, LccDecomposition result) {
        if (expected.has("targetReached")) {
            assertThat(result.targetReached()).as("target reached")
                    .isEqualTo(expected.get("targetReached").asBoolean());
        }
        if (expected.has("sqnrDbBelow")) {
            assertThat(result.sqnrDb()).as("SQNR in dB")
                    .isLessThan(expected.get("sqnrDbBelow").asDouble());
        }
        if (expected.has("sqnrDbAtLeast")) {
            assertThat(result.sqnrDb()).as("SQNR in dB")
                    .isGreaterThanOrEqualTo(expected.get("sqnrDbAtLeast").asDouble());
        }
    }

    private static List<Long> longs(JsonNode array) {
        List<Long> values = new ArrayList<>();
        array.forEach(n -> values.add(n.asLong()));
        return values;
    }
}
