package dev.tsserver.client.bench;

import java.nio.ByteBuffer;

import dev.tsserver.client.connection.ReplyProtocol;
import dev.tsserver.codec.wire.FrameSlice;
import dev.tsserver.codec.wire.RawWireFraming;
import dev.tsserver.codec.wire.ReplyPrefix;
import dev.tsserver.codec.wire.WireFraming;

/**
 * The load generator's view of the wire: requests framed by the codec's {@link WireFraming},
 * replies cut out of the received stream by the same rules. Without delimiters ({@code raw}) a
 * reply is what the protocol puts before the payload ({@link ReplyProtocol}) and then exactly
 * the request's payload size. UDP needs no framing: a datagram is a message.
 *
 * <p>{@link #nextReply} works on absolute indices between a buffer's position and limit and
 * never allocates.
 */
final class ReplyFramer {

    /** {@link #nextReply}: the buffer does not hold a whole reply yet. */
    static final int NEED_MORE = WireFraming.NEED_MORE;
    /** {@link #nextReply}: the stream cannot be parsed any further (the connection is lost). */
    static final int CORRUPT = WireFraming.CORRUPT;

    private final WireFraming wire;
    /** {@link WireFraming#delimitsMessages()}, read once: it is asked for every reply. */
    private final boolean delimited;
    private final ReplyProtocol protocol;
    private final int payloadSize;
    /** Longest acceptable reply content: the payload and what the protocol adds. */
    private final int maxReplyContent;

    ReplyFramer(WireFraming wire, ReplyProtocol protocol, int payloadSize) {
        this.wire = wire;
        this.delimited = wire.delimitsMessages();
        this.protocol = protocol;
        this.payloadSize = payloadSize;
        this.maxReplyContent = payloadSize + protocol.maxOverhead();
        if (maxReplyContent > wire.maxPayload()) {
            throw new IllegalArgumentException("a reply to a " + payloadSize + "-byte payload (with up to "
                    + protocol.maxOverhead() + " bytes of timestamp) does not fit the codec's frames (max "
                    + wire.maxPayload() + " bytes)");
        }
    }

    /** One datagram per message. */
    static ReplyFramer datagrams(ReplyProtocol protocol, int payloadSize) {
        return new ReplyFramer(RawWireFraming.instance(), protocol, payloadSize);
    }

    /** Bytes one request takes on the wire. */
    int requestSize() {
        return wire.frameSize(payloadSize);
    }

    /** Bytes the longest acceptable reply takes on the wire. */
    int maxReplySize() {
        return wire.frameSize(maxReplyContent);
    }

    void writeRequest(ByteBuffer out, PayloadPattern payload, long seq) {
        wire.writeHeader(out, payloadSize);
        payload.write(out, seq);
        wire.writeTrailer(out);
    }

    /**
     * Finds the reply that starts at {@code in.position()}. On success stores where its content
     * (what the protocol adds, then the payload) lies in {@code frame} and returns the index just
     * past the reply; otherwise {@link #NEED_MORE} or {@link #CORRUPT}.
     */
    int nextReply(ByteBuffer in, FrameSlice frame) {
        if (delimited) {
            return wire.nextFrame(in, maxReplyContent, frame);
        }
        int start = in.position();
        if (in.limit() == start) {
            return NEED_MORE;
        }
        int prefix = protocol.prefixLength(in, start, in.limit());
        if (prefix == ReplyPrefix.NEED_MORE) {
            return NEED_MORE;
        }
        if (prefix < 0) {
            return CORRUPT;
        }
        int end = start + prefix + payloadSize;
        if (end > in.limit()) {
            return NEED_MORE;
        }
        frame.set(start, end - start);
        return end;
    }

    /** Whether a reply, once its content was found invalid, can be skipped to the next one. */
    boolean resynchronises() {
        return delimited;
    }
}
