package dev.tsserver.client.boundaries;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns the reply byte stream of one TCP connection back into the messages the server handled.
 * Each reply is {@code [TIMESTAMP] payload}; the payload is what the server took as one message,
 * so the list of payloads is the server's view of the message boundaries.
 *
 * <p>Fed from one reader thread; read by the caller after that thread has finished.
 */
abstract class ReplyParser {

    private final List<byte[]> payloads = new ArrayList<>();
    private int strayReplies;

    /** A parser for the replies of {@code codec}; {@code lengthPrefix} matters only to {@code length}. */
    static ReplyParser forCodec(String codec, int lengthPrefix) {
        return switch (codec) {
            case "raw" -> new Raw();
            case "line" -> new Line();
            case "length" -> new Length(lengthPrefix);
            default -> throw new IllegalArgumentException("no reply parser for codec '" + codec + "'");
        };
    }

    abstract void feed(byte[] data, int offset, int length);

    /** Whether every reply the workload should produce has arrived. */
    abstract boolean complete(Workload workload);

    /** Ends the stream: a reply still being assembled is kept if it can be. */
    void finish() {
    }

    /** The payloads of the replies, in arrival order: one per message the server handled. */
    List<byte[]> payloads() {
        return payloads;
    }

    /** Replies received: framed ones, plus replies that carried no timestamp (an error line). */
    int replies() {
        return payloads.size() + strayReplies;
    }

    /** Replies that were not {@code [TIMESTAMP] payload}, such as {@code ERROR line too long}. */
    int strayReplies() {
        return strayReplies;
    }

    /** Strips {@code [TIMESTAMP] } from a framed reply; a reply without it is counted as stray. */
    void onFramedReply(byte[] reply) {
        int start = payloadStart(reply);
        if (start < 0) {
            strayReplies++;
            return;
        }
        byte[] payload = new byte[reply.length - start];
        System.arraycopy(reply, start, payload, 0, payload.length);
        payloads.add(payload);
    }

    void onPayload(byte[] payload) {
        payloads.add(payload);
    }

    /** Index after the {@code "] "} that closes a leading {@code [TIMESTAMP]}, or -1. */
    static int payloadStart(byte[] reply) {
        if (reply.length < 3 || reply[0] != '[') {
            return -1;
        }
        for (int i = 1; i + 1 < reply.length; i++) {
            if (reply[i] == ']' && reply[i + 1] == ' ') {
                return i + 2;
            }
        }
        return -1;
    }

    /**
     * {@code raw}: replies carry no delimiter, so they run together on the wire. They are cut
     * where each {@code [} starts a timestamp; the workload's payloads never contain brackets.
     */
    static final class Raw extends ReplyParser {
        private enum State { PAYLOAD, STAMP, AFTER_STAMP }

        private State state = State.PAYLOAD;
        private final ByteArrayOutputStream chunk = new ByteArrayOutputStream();
        private boolean inChunk;
        private long payloadBytes;

        @Override
        void feed(byte[] data, int offset, int length) {
            int payloadFrom = -1;
            for (int i = offset; i < offset + length; i++) {
                byte b = data[i];
                switch (state) {
                    case PAYLOAD -> {
                        if (b == '[') {
                            if (payloadFrom >= 0) {
                                chunk.write(data, payloadFrom, i - payloadFrom);
                                payloadFrom = -1;
                            }
                            endChunk();
                            state = State.STAMP;
                        } else {
                            if (payloadFrom < 0) {
                                payloadFrom = i;
                            }
                            inChunk = true;
                            payloadBytes++;
                        }
                    }
                    case STAMP -> {
                        if (b == ']') {
                            state = State.AFTER_STAMP;
                        }
                    }
                    case AFTER_STAMP -> {
                        // "] " ends the stamp; a "]" without the space stays inside it.
                        state = b == ' ' ? State.PAYLOAD : State.STAMP;
                        inChunk = b == ' ';
                    }
                }
            }
            if (payloadFrom >= 0) {
                chunk.write(data, payloadFrom, offset + length - payloadFrom);
            }
        }

        private void endChunk() {
            if (inChunk) {
                onPayload(chunk.toByteArray());
                chunk.reset();
                inChunk = false;
            }
        }

        @Override
        boolean complete(Workload workload) {
            return payloadBytes >= workload.totalBytes();
        }

        @Override
        void finish() {
            endChunk();
        }
    }

    /** {@code line}: each reply ends with LF. */
    static final class Line extends ReplyParser {
        private final ByteArrayOutputStream line = new ByteArrayOutputStream();

        @Override
        void feed(byte[] data, int offset, int length) {
            int from = offset;
            for (int i = offset; i < offset + length; i++) {
                if (data[i] == '\n') {
                    line.write(data, from, i - from);
                    onFramedReply(line.toByteArray());
                    line.reset();
                    from = i + 1;
                }
            }
            line.write(data, from, offset + length - from);
        }

        @Override
        boolean complete(Workload workload) {
            return replies() >= workload.count();
        }
    }

    /** {@code length}: each reply is a big-endian length field and that many bytes. */
    static final class Length extends ReplyParser {
        private final int prefixLength;
        private final ByteArrayOutputStream pending = new ByteArrayOutputStream();

        Length(int prefixLength) {
            this.prefixLength = prefixLength;
        }

        @Override
        void feed(byte[] data, int offset, int length) {
            pending.write(data, offset, length);
            byte[] buffered = pending.toByteArray();
            int position = 0;
            while (buffered.length - position >= prefixLength) {
                long frameLength = 0;
                for (int i = 0; i < prefixLength; i++) {
                    frameLength = (frameLength << 8) | (buffered[position + i] & 0xff);
                }
                if (buffered.length - position - prefixLength < frameLength) {
                    break;
                }
                byte[] reply = new byte[(int) frameLength];
                System.arraycopy(buffered, position + prefixLength, reply, 0, reply.length);
                onFramedReply(reply);
                position += prefixLength + reply.length;
            }
            pending.reset();
            pending.write(buffered, position, buffered.length - position);
        }

        @Override
        boolean complete(Workload workload) {
            return replies() >= workload.count();
        }
    }
}
