package dev.tsserver.client.bench;

import java.nio.ByteBuffer;

/**
 * Checks one reply's content against the request it answers: {@code [}, a timestamp of 1 to
 * {@value Framing#MAX_TIMESTAMP} printable ASCII characters without {@code ]}, {@code ] }, then
 * exactly the request's payload. Works in place, without allocating.
 */
final class ReplyCheck {

    private ReplyCheck() {
    }

    /**
     * Returns the offset of the payload in {@code in}, or -1 if the bytes before it do not have
     * the shape {@code [TIMESTAMP] } or the length left is not {@code payloadSize}.
     */
    static int payloadOffset(ByteBuffer in, int start, int length, int payloadSize) {
        if (length < payloadSize + 4 || in.get(start) != '[') {
            return -1;
        }
        int end = start + Math.min(length, Framing.MAX_TIMESTAMP + 2);
        for (int i = start + 1; i < end; i++) {
            byte b = in.get(i);
            if (b == ']') {
                int payload = i + 2;
                boolean shaped = i > start + 1 && i + 1 < start + length && in.get(i + 1) == ' ';
                return shaped && start + length - payload == payloadSize ? payload : -1;
            }
            if (b < 0x20 || b > 0x7e) {
                return -1;
            }
        }
        return -1;
    }

    /**
     * Whether {@code in[start, start + length)} is a valid reply to request {@code seq}.
     * {@code scratch} must be a view of the same memory as {@code in}, private to the caller:
     * its position and limit are moved.
     */
    static boolean answers(ByteBuffer in, ByteBuffer scratch, int start, int length, PayloadPattern payload,
                           long seq) {
        int offset = payloadOffset(in, start, length, payload.size());
        return offset >= 0 && payload.matches(scratch, offset, seq);
    }
}
