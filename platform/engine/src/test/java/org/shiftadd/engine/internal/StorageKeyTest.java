package org.shiftadd.engine.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class StorageKeyTest {
    @Test
    void comparisonRowsGetFileSafeKeys() {
        assertThat(CompressionProtocol.storageKey("pruning + sharing + lcc-fs"))
                .isEqualTo("compare-pruning+sharing+lcc-fs");
        assertThat(CompressionProtocol.storageKey("CSD at B = 8")).isEqualTo("compare-csd-at-b-8");
        assertThat(CompressionProtocol.storageKey("lcc-fs only")).isEqualTo("compare-lcc-fs-only");
    }
}
