package org.shiftadd.numerics.prune;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Runs every proximal-step case ({@code prox-*.json}) of the test resources folder
 * {@code cases/prune-share}: one column, one step of block soft-thresholding.
 */
class GroupLassoCasesTest {
    private static final String CASES = "/cases/prune-share/";
    private static final ObjectMapper JSON = new ObjectMapper();

    static Stream<String> caseFiles() throws IOException, URISyntaxException {
        Path folder = Path.of(GroupLassoCasesTest.class.getResource(CASES).toURI());
        try (Stream<Path> files = Files.list(folder)) {
            List<String> names = files.map(p -> p.getFileName().toString())
                    .filter(name -> name.startsWith("prox-") && name.endsWith(".json"))
                    .sorted()
                    .toList();
            assertThat(names).as("proximal-step case files").hasSizeGreaterThanOrEqualTo(3);
            return names.stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("caseFiles")
    void proximalStepMatchesCase(String file) throws IOException {
        JsonNode spec = readCase(file);
        JsonNode input = spec.get("input");
        JsonNode expected = spec.get("expected");
        assertThat(input.get("groupSizeWeight").asText()).as("group size weight").isEqualTo("sqrt");
        double[] column = doubles(input.get("column"));

        GroupLasso.proximalStepInPlace(column, column.length, 1,
                input.get("learningRate").asDouble(), input.get("lambda").asDouble());

        double[] want = doubles(expected.get("column"));
        double tolerance = expected.path("tolerance").asDouble(0);
        assertThat(column).as("column after the step").hasSameSizeAs(want);
        for (int i = 0; i < want.length; i++) {
            assertThat(column[i]).as("entry %d", i).isCloseTo(want[i], within(tolerance));
            assertThat(Double.isFinite(column[i])).as("entry %d is finite", i).isTrue();
        }
        if (expected.path("exactZero").asBoolean(false)) {
            for (int i = 0; i < column.length; i++) {
                assertThat(Double.doubleToRawLongBits(column[i])).as("entry %d is +0.0", i)
                        .isZero();
            }
        }
    }

    private static JsonNode readCase(String file) throws IOException {
        try (InputStream in = GroupLassoCasesTest.class.getResourceAsStream(CASES + file)) {
            return JSON.readTree(in);
        }
    }

    private static double[] doubles(JsonNode array) {
        double[] values = new double[array.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = array.get(i).asDouble();
        }
        return values;
    }
}
