package org.shiftadd.api;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.osgi.annotation.versioning.ConsumerType;

/** Emits hardware for a compressed network. Service kind {@code backend}. */
@ConsumerType
public interface HardwareBackend extends Stage {
    /**
     * Writes the hardware description of {@code layers} into {@code outputDirectory}.
     *
     * @param layers the compressed layers, input layer first
     * @param outputDirectory an existing directory that the back end may write into
     * @param parameters step parameters from the spec; not modified
     * @return the artifacts and resource figures
     * @throws java.io.IOException if writing fails
     */
    BackendResult emit(List<CompressedLayer> layers, Path outputDirectory,
            Map<String, Object> parameters) throws java.io.IOException;
}
