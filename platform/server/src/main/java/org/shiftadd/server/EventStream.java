package org.shiftadd.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.Context;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;

/**
 * Sends a run's progress to one client as server-sent events: an {@code progress} event per
 * line, with the line number as event id, and one {@code end} event with the run's final
 * state, after which the response ends. A client that reconnects with the standard
 * {@code Last-Event-ID} header gets only the lines after that id.
 *
 * <p>The run's thread calls the subscriber methods; each write is handed to the response's
 * event-loop context in call order.
 */
final class EventStream implements RunRecord.Subscriber {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServerResponse response;
    private final Context context;
    private final int after;
    private boolean started;

    /**
     * Creates the stream.
     *
     * @param response the response to write to
     * @param context the response's event-loop context
     * @param after the last line the client already has, 0 for none
     */
    EventStream(HttpServerResponse response, Context context, int after) {
        this.response = response;
        this.context = context;
        this.after = after;
    }

    /**
     * Returns the line id in a {@code Last-Event-ID} header, or 0 when the header is missing
     * or not a line number, so that the client gets every line.
     */
    static int lastEventId(String header) {
        if (header == null || !header.strip().matches("[0-9]{1,9}")) {
            return 0;
        }
        return Integer.parseInt(header.strip());
    }

    @Override
    public void line(int index, ProgressLine line) {
        if (index <= after) {
            return;
        }
        String data = encode(JSON.createObjectNode().put("line", index)
                .put("phase", line.phase()).put("message", line.message()));
        send("id: " + index + "\nevent: progress\ndata: " + data + "\n\n", false);
    }

    @Override
    public void end(RunView view) {
        send("event: end\ndata: " + encode(RunJson.summary(view)) + "\n\n", true);
    }

    private void send(String event, boolean last) {
        context.runOnContext(ignored -> {
            if (response.closed() || response.ended()) {
                return;
            }
            if (!started) {
                started = true;
                response.setChunked(true)
                        .putHeader(HttpHeaders.CONTENT_TYPE, "text/event-stream; charset=utf-8")
                        .putHeader(HttpHeaders.CACHE_CONTROL, "no-cache");
            }
            if (last) {
                response.end(event);
            } else {
                response.write(event);
            }
        });
    }

    private static String encode(Object node) {
        try {
            return JSON.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode a progress event", e);
        }
    }
}
