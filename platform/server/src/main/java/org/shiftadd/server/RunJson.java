package org.shiftadd.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** The JSON form of a {@link RunView}, as the list, get, cancel and event responses use. */
final class RunJson {
    private static final ObjectMapper JSON = new ObjectMapper();

    private RunJson() {
    }

    /**
     * Returns the fields of a run without its result; absent values are left out.
     *
     * @param view the run's state
     * @return an object with {@code id}, {@code name}, {@code status}, {@code reason},
     *     {@code created}, {@code updated} and {@code progress}
     */
    static ObjectNode summary(RunView view) {
        ObjectNode node = JSON.createObjectNode().put("id", view.id());
        putIfPresent(node, "name", view.name());
        node.put("status", view.status());
        putIfPresent(node, "reason", view.reason());
        putIfPresent(node, "created", view.created() == null ? null : view.created().toString());
        putIfPresent(node, "updated", view.updated() == null ? null : view.updated().toString());
        ObjectNode progress = node.putObject("progress");
        if (view.lines() != null) {
            progress.put("lines", view.lines());
        }
        if (view.expectedLines() != null) {
            progress.put("expectedLines", view.expectedLines());
        }
        if (view.fraction() != null) {
            progress.put("fraction", view.fraction());
        } else {
            progress.putNull("fraction");
        }
        putIfPresent(progress, "phase", view.phase());
        putIfPresent(progress, "message", view.message());
        if (view.cancelRequested()) {
            node.put("cancelRequested", true);
        }
        return node;
    }

    private static void putIfPresent(ObjectNode node, String field, String value) {
        if (value != null) {
            node.put(field, value);
        }
    }
}
