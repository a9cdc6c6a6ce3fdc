package org.shiftadd.engine.bus;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.MessageCodec;

/**
 * Passes immutable messages by reference within one JVM.
 *
 * <p>It has no wire format, so a message sent with it to another cluster node fails.
 */
public final class LocalCodec implements MessageCodec<Object, Object> {
    /** Name under which the codec is registered on the event bus. */
    public static final String NAME = "shiftadd-local";

    @Override
    public void encodeToWire(Buffer buffer, Object message) {
        throw new UnsupportedOperationException(NAME + " passes messages within one JVM only");
    }

    @Override
    public Object decodeFromWire(int position, Buffer buffer) {
        throw new UnsupportedOperationException(NAME + " passes messages within one JVM only");
    }

    @Override
    public Object transform(Object message) {
        return message;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public byte systemCodecID() {
        return -1;
    }
}
