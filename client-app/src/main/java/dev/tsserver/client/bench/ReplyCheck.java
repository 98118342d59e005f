package dev.tsserver.client.bench;

import java.nio.ByteBuffer;

import dev.tsserver.client.connection.ReplyProtocol;

/**
 * Checks one reply's content against the request it answers: what the protocol puts before
 * the payload ({@code [TIMESTAMP] } in any time format for {@code ts}, nothing for
 * {@code echo}), then exactly the request's payload. Works in place, without allocating.
 */
final class ReplyCheck {

    private ReplyCheck() {
    }

    /**
     * Returns the offset of the payload in {@code in}, or -1 if the bytes before it are not what
     * the protocol puts there or the length left is not {@code payloadSize}.
     */
    static int payloadOffset(ReplyProtocol protocol, ByteBuffer in, int start, int length, int payloadSize) {
        int prefix = protocol.prefixLength(in, start, start + length);
        return prefix >= 0 && length - prefix == payloadSize ? start + prefix : -1;
    }

    /** As {@link #payloadOffset}, checking the prefix against the last one seen first. */
    static int payloadOffset(ReplyProtocol protocol, KnownPrefix known, ByteBuffer in, ByteBuffer scratch, int start,
                             int length, int payloadSize) {
        if (length < payloadSize) {
            return -1;
        }
        int prefix = known.prefixLength(protocol, in, scratch, start, start + length);
        return prefix >= 0 && length - prefix == payloadSize ? start + prefix : -1;
    }

    /**
     * Whether {@code in[start, start + length)} is a valid reply to request {@code seq}.
     * {@code scratch} must be a view of the same memory as {@code in}, private to the caller:
     * its position and limit are moved.
     */
    static boolean answers(ReplyProtocol protocol, ByteBuffer in, ByteBuffer scratch, int start, int length,
                           PayloadPattern payload, long seq) {
        int offset = payloadOffset(protocol, in, start, length, payload.size());
        return offset >= 0 && payload.matches(scratch, offset, seq);
    }

    /** As {@link #answers(ReplyProtocol, ByteBuffer, ByteBuffer, int, int, PayloadPattern, long)}, for the hot path. */
    static boolean answers(ReplyProtocol protocol, KnownPrefix known, ByteBuffer in, ByteBuffer scratch, int start,
                           int length, PayloadPattern payload, long seq) {
        int offset = payloadOffset(protocol, known, in, scratch, start, length, payload.size());
        return offset >= 0 && payload.matches(scratch, offset, seq);
    }
}
