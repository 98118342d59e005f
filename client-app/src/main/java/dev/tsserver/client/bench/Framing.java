package dev.tsserver.client.bench;

import java.nio.ByteBuffer;

/**
 * How requests are framed and replies cut out of the byte stream, per codec of the SPEC:
 * {@code line} (LF-terminated), {@code length} (big-endian length field) and {@code raw} (no
 * framing: a reply is {@code [TS] } and then exactly the request's payload size). UDP needs no
 * framing: a datagram is a message.
 *
 * <p>{@link #nextReply} works on absolute indices of a buffer between its position and limit
 * and never allocates.
 */
abstract class Framing {

    /** {@link #nextReply}: the buffer does not hold a whole reply yet. */
    static final int NEED_MORE = -1;
    /** {@link #nextReply}: the stream cannot be parsed any further (the connection is lost). */
    static final int CORRUPT = -2;

    /** Longest timestamp (between {@code [} and {@code ]}) accepted in a reply. */
    static final int MAX_TIMESTAMP = 64;
    /** Bytes around the payload of a reply: {@code [}, timestamp, {@code ] }. */
    static final int MAX_REPLY_OVERHEAD = MAX_TIMESTAMP + 3;
    /** Bytes of the shortest usual prefix, {@code [Tue Nov 24 14:03:39 2026] }. */
    static final int CTIME_PREFIX = 27;

    final int payloadSize;

    Framing(int payloadSize) {
        this.payloadSize = payloadSize;
    }

    static Framing forCodec(String codec, int payloadSize, int lengthPrefix) {
        return switch (codec) {
            case "line" -> new Line(payloadSize);
            case "length" -> new Length(payloadSize, lengthPrefix);
            case "raw" -> new Raw(payloadSize);
            default -> throw new IllegalArgumentException("bench knows the codecs line, length and raw, not '"
                    + codec + "'");
        };
    }

    /** Bytes one request takes on the wire. */
    abstract int requestSize();

    /** Bytes the longest acceptable reply takes on the wire. */
    abstract int maxReplySize();

    abstract void writeRequest(ByteBuffer out, PayloadPattern payload, long seq);

    /**
     * Finds the reply that starts at {@code in.position()}. On success stores where its content
     * ({@code [TS] payload}) lies in {@code frame} and returns the index just past the reply.
     */
    abstract int nextReply(ByteBuffer in, ReplyFrame frame);

    /** Whether a reply, once its content was found invalid, can be skipped to the next one. */
    boolean resynchronises() {
        return true;
    }

    /** Where the content of the last reply found lies. */
    static final class ReplyFrame {
        int start;
        int length;

        void set(int start, int length) {
            this.start = start;
            this.length = length;
        }
    }

    static final class Line extends Framing {
        Line(int payloadSize) {
            super(payloadSize);
        }

        @Override
        int requestSize() {
            return payloadSize + 1;
        }

        @Override
        int maxReplySize() {
            return MAX_REPLY_OVERHEAD + payloadSize + 1;
        }

        @Override
        void writeRequest(ByteBuffer out, PayloadPattern payload, long seq) {
            payload.write(out, seq);
            out.put((byte) '\n');
        }

        @Override
        int nextReply(ByteBuffer in, ReplyFrame frame) {
            int start = in.position();
            int end = Math.min(in.limit(), start + maxReplySize());
            for (int i = start; i < end; i++) {
                if (in.get(i) == '\n') {
                    frame.set(start, i - start);
                    return i + 1;
                }
            }
            // No LF within the longest valid reply: the line can only be wrong, and is skipped
            // up to its LF by the caller's next reads.
            return end - start >= maxReplySize() ? CORRUPT : NEED_MORE;
        }
    }

    static final class Length extends Framing {
        private final int prefixLength;

        Length(int payloadSize, int prefixLength) {
            super(payloadSize);
            if (prefixLength != 1 && prefixLength != 2 && prefixLength != 4) {
                throw new IllegalArgumentException("length prefix must be 1, 2 or 4 bytes, was " + prefixLength);
            }
            long maxLength = (1L << (8 * prefixLength)) - 1;
            if (payloadSize + CTIME_PREFIX > maxLength) {
                throw new IllegalArgumentException("a reply to a " + payloadSize + "-byte payload does not fit a "
                        + prefixLength + "-byte length field");
            }
            this.prefixLength = prefixLength;
        }

        @Override
        int requestSize() {
            return prefixLength + payloadSize;
        }

        @Override
        int maxReplySize() {
            return prefixLength + MAX_REPLY_OVERHEAD + payloadSize;
        }

        @Override
        void writeRequest(ByteBuffer out, PayloadPattern payload, long seq) {
            switch (prefixLength) {
                case 1 -> out.put((byte) payloadSize);
                case 2 -> out.putShort((short) payloadSize);
                default -> out.putInt(payloadSize);
            }
            payload.write(out, seq);
        }

        @Override
        int nextReply(ByteBuffer in, ReplyFrame frame) {
            int start = in.position();
            if (in.limit() - start < prefixLength) {
                return NEED_MORE;
            }
            long length = switch (prefixLength) {
                case 1 -> in.get(start) & 0xffL;
                case 2 -> in.getShort(start) & 0xffffL;
                default -> in.getInt(start) & 0xffffffffL;
            };
            if (length > MAX_REPLY_OVERHEAD + payloadSize) {
                return CORRUPT;
            }
            int end = start + prefixLength + (int) length;
            if (end > in.limit()) {
                return NEED_MORE;
            }
            frame.set(start + prefixLength, (int) length);
            return end;
        }
    }

    static final class Raw extends Framing {
        Raw(int payloadSize) {
            super(payloadSize);
        }

        @Override
        int requestSize() {
            return payloadSize;
        }

        @Override
        int maxReplySize() {
            return MAX_REPLY_OVERHEAD + payloadSize;
        }

        @Override
        void writeRequest(ByteBuffer out, PayloadPattern payload, long seq) {
            payload.write(out, seq);
        }

        /** {@code [} TIMESTAMP {@code ] } and then exactly the payload size, as loadgen reads it. */
        @Override
        int nextReply(ByteBuffer in, ReplyFrame frame) {
            int start = in.position();
            if (in.limit() == start) {
                return NEED_MORE;
            }
            if (in.get(start) != '[') {
                return CORRUPT;
            }
            int end = Math.min(in.limit(), start + MAX_TIMESTAMP + 2);
            for (int i = start + 1; i < end; i++) {
                if (in.get(i) == ']') {
                    int replyEnd = i + 2 + payloadSize;
                    if (replyEnd > in.limit()) {
                        return NEED_MORE;
                    }
                    frame.set(start, replyEnd - start);
                    return replyEnd;
                }
            }
            return end - start >= MAX_TIMESTAMP + 2 ? CORRUPT : NEED_MORE;
        }

        /** Without a delimiter, a reply of the wrong length leaves no place to start again. */
        @Override
        boolean resynchronises() {
            return false;
        }
    }
}
