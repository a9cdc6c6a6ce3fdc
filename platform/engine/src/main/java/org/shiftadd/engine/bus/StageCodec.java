package org.shiftadd.engine.bus;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.MessageCodec;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InvalidClassException;
import java.io.ObjectInputFilter;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.ObjectStreamClass;
import java.io.UncheckedIOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Carries stage requests and replies on the event bus. Within one JVM a message passes by
 * reference. To another cluster node it travels in Java serialization, and the receiving side
 * accepts only shiftadd's own types, strings, numbers, collections and arrays of primitives.
 */
public final class StageCodec implements MessageCodec<Object, Object> {
    private static final Logger LOG = LoggerFactory.getLogger(StageCodec.class);

    /** Name under which the codec is registered on the event bus. */
    public static final String NAME = "shiftadd-stage";

    /**
     * Rejects every class that a stage message cannot contain, before it is created. The
     * counts are not limited, because an LCC network of a large layer has millions of
     * integers.
     */
    private static final ObjectInputFilter ALLOWED = ObjectInputFilter.Config.createFilter(
            "maxdepth=32;maxrefs=2000000000;maxarray=2000000000;"
                    + "org.shiftadd.api.*;org.shiftadd.engine.bus.*;"
                    + "java.lang.String;java.lang.Number;java.lang.Integer;java.lang.Long;"
                    + "java.lang.Double;java.lang.Float;java.lang.Short;java.lang.Byte;"
                    + "java.lang.Boolean;java.lang.Enum;java.lang.Object;"
                    + "java.util.ArrayList;java.util.LinkedHashMap;java.util.HashMap;"
                    + "java.util.TreeMap;java.util.ImmutableCollections$*;java.util.CollSer;"
                    + "java.util.Collections$*;java.math.BigInteger;java.math.BigDecimal;"
                    + "java.util.Map$Entry;!*");

    /**
     * Serializes a message for another node. A message that cannot be serialized is replaced
     * by a {@link WireFailure}, so that the receiver fails the request at once.
     */
    @Override
    public void encodeToWire(Buffer buffer, Object message) {
        byte[] bytes;
        try {
            bytes = serialize(message);
        } catch (IOException e) {
            String reason = "cannot send a " + message.getClass().getSimpleName()
                    + " to another cluster node: " + e + "; stage results may contain only the"
                    + " API's types, strings, numbers, lists and maps";
            LOG.warn(reason);
            try {
                bytes = serialize(new WireFailure(reason));
            } catch (IOException impossible) {
                throw new UncheckedIOException(impossible);
            }
        }
        buffer.appendInt(bytes.length).appendBytes(bytes);
    }

    private static byte[] serialize(Object message) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(message);
        }
        return bytes.toByteArray();
    }

    /**
     * Reads a message from another node, or returns a {@link WireFailure} with the reason
     * when it contains a class that stage messages may not contain or cannot be read.
     */
    @Override
    public Object decodeFromWire(int position, Buffer buffer) {
        int length = buffer.getInt(position);
        byte[] bytes = buffer.getBytes(position + 4, position + 4 + length);
        String[] rejected = new String[1];
        try (ObjectInputStream in = new BundleObjectInputStream(bytes)) {
            in.setObjectInputFilter(info -> {
                ObjectInputFilter.Status status = ALLOWED.checkInput(info);
                if (status == ObjectInputFilter.Status.REJECTED && info.serialClass() != null) {
                    rejected[0] = info.serialClass().getName();
                }
                return status;
            });
            return in.readObject();
        } catch (IOException | ClassNotFoundException | RuntimeException e) {
            String reason = rejected[0] != null
                    ? "class " + rejected[0] + " is not allowed in stage messages"
                    : e.toString();
            LOG.warn("cannot read a stage message from another cluster node: {}", reason);
            return new WireFailure("cannot read a stage message from another cluster node: "
                    + reason);
        }
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

    /**
     * Resolves classes through this bundle, which imports the API, because the thread that
     * decodes belongs to Netty and its context class loader cannot see OSGi bundles.
     */
    private static final class BundleObjectInputStream extends ObjectInputStream {
        BundleObjectInputStream(byte[] bytes) throws IOException {
            super(new ByteArrayInputStream(bytes));
        }

        @Override
        protected Class<?> resolveClass(ObjectStreamClass description)
                throws IOException, ClassNotFoundException {
            try {
                return Class.forName(description.getName(), false,
                        StageCodec.class.getClassLoader());
            } catch (ClassNotFoundException e) {
                try {
                    return super.resolveClass(description);
                } catch (ClassNotFoundException notFound) {
                    throw new InvalidClassException(description.getName(),
                            "not a class that stage messages contain");
                }
            }
        }
    }
}
