package org.shiftadd.api;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The output of a hardware back end.
 *
 * @param artifacts files written, inside the output directory
 * @param figures resource figures such as additions, full adders, depth or LUTs, JSON types
 * @param notes remarks for the report, for example a tool that was not installed
 */
public record BackendResult(List<Path> artifacts, Map<String, Object> figures, List<String> notes) {
    /** Copies the lists and the map. */
    public BackendResult {
        artifacts = List.copyOf(artifacts);
        figures = Map.copyOf(figures);
        notes = List.copyOf(notes);
    }
}
