package dev.tsserver.client.boundaries;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import dev.tsserver.codec.wire.FrameSlice;
import dev.tsserver.codec.wire.ReplyPrefix;
import dev.tsserver.codec.wire.WireFraming;

/**
 * Turns the reply byte stream of one TCP connection back into the messages the server handled.
 * Each reply is {@code [TIMESTAMP] payload}; the payload is what the server took as one message,
 * so the list of payloads is the server's view of the message boundaries. Frames are found by
 * the codec's {@link WireFraming} and timestamps by {@link ReplyPrefix}, the rules the server's
 * own codecs use.
 *
 * <p>Fed from one reader thread; read by the caller after that thread has finished.
 */
abstract class ReplyParser {

    private final List<byte[]> payloads = new ArrayList<>();
    private int strayReplies;

    /** A parser for replies framed by {@code wire}. */
    static ReplyParser forFraming(WireFraming wire) {
        return wire.delimitsMessages() ? new Framed(wire) : new Raw();
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
        payloads.add(Arrays.copyOfRange(reply, start, reply.length));
    }

    void onPayload(byte[] payload) {
        payloads.add(payload);
    }

    /** Index after the {@code [TIMESTAMP] } that starts a reply, or -1. */
    static int payloadStart(byte[] reply) {
        int length = ReplyPrefix.length(reply);
        return length < 0 ? -1 : length;
    }

    /**
     * {@code raw}: replies carry no delimiter, so they run together on the wire. They are cut
     * where a timestamp starts; the workload's payloads never contain brackets, and a {@code [}
     * that does not start a timestamp stays payload.
     */
    static final class Raw extends ReplyParser {
        private final ByteArrayOutputStream chunk = new ByteArrayOutputStream();
        /** A {@code [} and what followed it, until it is known to be a timestamp or not. */
        private final byte[] candidate = new byte[ReplyPrefix.MAX_LENGTH];
        private int candidateLength;
        private boolean inChunk;
        private long payloadBytes;

        @Override
        void feed(byte[] data, int offset, int length) {
            for (int i = offset; i < offset + length; i++) {
                byte b = data[i];
                if (candidateLength == 0 && b != '[') {
                    payloadByte(b);
                    continue;
                }
                candidate[candidateLength++] = b;
                int prefix = ReplyPrefix.length(ByteBuffer.wrap(candidate, 0, candidateLength), 0, candidateLength);
                if (prefix >= 0) {
                    endChunk();
                    inChunk = true; // a timestamp starts a reply, even one with an empty chunk
                    candidateLength = 0;
                } else if (prefix == ReplyPrefix.NOT_A_PREFIX) {
                    int kept = candidateLength;
                    candidateLength = 0;
                    for (int k = 0; k < kept; k++) {
                        payloadByte(candidate[k]);
                    }
                }
            }
        }

        private void payloadByte(byte b) {
            chunk.write(b);
            inChunk = true;
            payloadBytes++;
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

    /** {@code line}, {@code length}: the codec's frames, each a reply. */
    static final class Framed extends ReplyParser {
        /** Longest reply accepted: far beyond any message of the experiment. */
        private static final int MAX_REPLY = 16 * 1024 * 1024;

        private final WireFraming wire;
        private final FrameSlice frame = new FrameSlice();
        private ByteBuffer pending = ByteBuffer.allocate(64 * 1024);

        Framed(WireFraming wire) {
            this.wire = wire;
        }

        @Override
        void feed(byte[] data, int offset, int length) {
            if (pending.remaining() < length) {
                ByteBuffer larger = ByteBuffer.allocate(Math.max(2 * pending.capacity(), pending.position() + length));
                pending.flip();
                larger.put(pending);
                pending = larger;
            }
            pending.put(data, offset, length);
            pending.flip();
            while (true) {
                int end = wire.nextFrame(pending, MAX_REPLY, frame);
                if (end < 0) {
                    break; // NEED_MORE; CORRUPT cannot happen below the limit the experiment sets
                }
                onFramedReply(Arrays.copyOfRange(pending.array(), frame.start(), frame.start() + frame.length()));
                pending.position(end);
            }
            pending.compact();
        }

        @Override
        boolean complete(Workload workload) {
            return replies() >= workload.count();
        }
    }
}
