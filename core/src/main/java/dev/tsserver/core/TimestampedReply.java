package dev.tsserver.core;

import dev.tsserver.codec.EncodablePayload;
import org.apache.mina.core.buffer.IoBuffer;

/**
 * A reply {@code [TS] payload} kept as its two parts, so the codec copies both straight into
 * the framed buffer: the payload bytes are never joined, decoded or re-encoded on the way.
 */
public record TimestampedReply(byte[] prefix, byte[] payload) implements EncodablePayload {

    @Override
    public int size() {
        return prefix.length + payload.length;
    }

    @Override
    public void writeTo(IoBuffer out) {
        out.put(prefix).put(payload);
    }
}
