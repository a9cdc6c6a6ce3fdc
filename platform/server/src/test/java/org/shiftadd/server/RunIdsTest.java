package org.shiftadd.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class RunIdsTest {
    private static final Path ROOT = Path.of("/srv/runs").toAbsolutePath();

    @Test
    void storeDirectoryNamesAreValid() {
        for (String id : List.of("20260101-120000-mnist-mlp", "20260101-120000-mnist-mlp-2",
                "20261231-235959-a", "20260101-120000-v1.2_x")) {
            assertThat(RunIds.isValid(id)).as(id).isTrue();
            assertThat(RunIds.resolve(ROOT, id).getParent()).as(id).isEqualTo(ROOT);
        }
    }

    @Test
    void traversalAttemptsAreInvalid() {
        List<String> ids = Arrays.asList(null, "", "..", ".", "../etc", "../../etc/passwd",
                "..\\..\\windows", "a/b", "a\\b", "/etc", "20260101-120000-a/../../etc",
                "20260101-120000-a..b", "20260101-120000-..", "20260101-120000-.hidden",
                "20260101-120000-", "2026-01-01-mnist", "20260101-120000-a b",
                "20260101-120000-a%2F..", "20260101-120000-a\u0000b");
        for (String id : ids) {
            assertThat(RunIds.isValid(id)).as(String.valueOf(id)).isFalse();
            assertThatThrownBy(() -> RunIds.resolve(ROOT, id)).as(String.valueOf(id))
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void createdComesFromTheStamp() {
        assertThat(RunIds.created("20260102-030405-x")).isPresent();
        assertThat(RunIds.created("20261340-990000-x")).isEmpty();
    }
}
