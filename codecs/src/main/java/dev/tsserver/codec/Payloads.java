package dev.tsserver.codec;

import org.apache.mina.core.buffer.IoBuffer;
import org.apache.mina.filter.codec.ProtocolEncoderException;

/** The two payload types every encoder accepts: {@code byte[]} and {@link EncodablePayload}. */
public final class Payloads {

    private Payloads() {
    }

    public static int sizeOf(Object message) throws ProtocolEncoderException {
        if (message instanceof byte[] bytes) {
            return bytes.length;
        }
        if (message instanceof EncodablePayload payload) {
            return payload.size();
        }
        throw unsupported(message);
    }

    public static void write(Object message, IoBuffer out) throws ProtocolEncoderException {
        if (message instanceof byte[] bytes) {
            out.put(bytes);
        } else if (message instanceof EncodablePayload payload) {
            payload.writeTo(out);
        } else {
            throw unsupported(message);
        }
    }

    private static ProtocolEncoderException unsupported(Object message) {
        String type = message == null ? "null" : message.getClass().getName();
        return new ProtocolEncoderException(
                "cannot encode " + type + ": framing codecs take byte[] or EncodablePayload");
    }
}
