package dev.tsserver.codec.wire;

import java.nio.ByteBuffer;
import java.util.Optional;

/**
 * {@code raw}: no framing at all, as the Twisted original. Whatever one read returns is one
 * message, so a receiver cannot keep pipelined messages apart, and an empty message has no
 * bytes to send.
 */
public final class RawWireFraming implements WireFraming {

    private static final RawWireFraming INSTANCE = new RawWireFraming();

    private RawWireFraming() {
    }

    public static RawWireFraming instance() {
        return INSTANCE;
    }

    @Override
    public int frameSize(int payloadSize) {
        return payloadSize;
    }

    @Override
    public long maxPayload() {
        return Integer.MAX_VALUE;
    }

    @Override
    public boolean delimitsMessages() {
        return false;
    }

    @Override
    public Optional<String> whyUnframeable(byte[] payload) {
        return payload.length == 0 ? Optional.of("an empty message cannot be sent without framing") : Optional.empty();
    }

    @Override
    public void writeHeader(ByteBuffer out, int payloadSize) {
        // nothing around a raw chunk
    }

    @Override
    public void writeTrailer(ByteBuffer out) {
        // nothing around a raw chunk
    }

    /** Everything buffered, up to {@code maxPayload} bytes, is one message. */
    @Override
    public int nextFrame(ByteBuffer in, int maxPayload, FrameSlice frame) {
        int start = in.position();
        if (in.limit() == start) {
            return NEED_MORE;
        }
        int length = Math.min(in.limit() - start, maxPayload);
        frame.set(start, length);
        return start + length;
    }
}
