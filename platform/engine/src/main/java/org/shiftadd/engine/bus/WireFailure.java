package org.shiftadd.engine.bus;

import java.io.Serializable;
import java.util.Objects;

/**
 * A stage message that could not cross from one cluster node to another, in its place.
 *
 * <p>{@link StageCodec} sends it when a message cannot be serialized, and returns it when a
 * received message cannot be read, so that the receiver fails the request at once instead of
 * waiting for a reply that Vert.x dropped.
 *
 * @param reason what went wrong, naming the class involved
 */
public record WireFailure(String reason) implements Serializable {
    /** Checks for null. */
    public WireFailure {
        Objects.requireNonNull(reason, "reason");
    }
}
