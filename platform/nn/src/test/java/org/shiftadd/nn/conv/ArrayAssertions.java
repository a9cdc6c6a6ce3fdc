package org.shiftadd.nn.conv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Element-wise comparison of long arrays. AssertJ's {@code containsExactly} with an offset
 * took about a minute on arrays of half a million values.
 */
final class ArrayAssertions {
    private ArrayAssertions() {
    }

    /** Asserts equal lengths and that every element differs by at most {@code tolerance}. */
    static void assertAllClose(double[] actual, double[] expected, double tolerance,
            String description) {
        assertThat(actual).as("%s: length", description).hasSameSizeAs(expected);
        int worst = 0;
        for (int i = 0; i < actual.length; i++) {
            if (!(Math.abs(actual[i] - expected[i]) <= Math.abs(actual[worst] - expected[worst]))) {
                worst = i;
            }
        }
        if (actual.length > 0) {
            assertThat(actual[worst]).as("%s: element %d, the largest difference", description,
                    worst).isCloseTo(expected[worst], within(tolerance));
        }
    }
}
