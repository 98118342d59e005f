package dev.tsserver.codec.wire;

import java.nio.ByteBuffer;
import java.util.Optional;

/** {@code line}: the payload, then LF; a CR right before the LF is dropped by the receiver. */
public final class LineWireFraming implements WireFraming {

    public static final byte LF = '\n';
    public static final byte CR = '\r';

    private static final LineWireFraming INSTANCE = new LineWireFraming();

    private LineWireFraming() {
    }

    public static LineWireFraming instance() {
        return INSTANCE;
    }

    @Override
    public int frameSize(int payloadSize) {
        return payloadSize + 1;
    }

    @Override
    public long maxPayload() {
        return Integer.MAX_VALUE - 1;
    }

    @Override
    public boolean delimitsMessages() {
        return true;
    }

    @Override
    public Optional<String> whyUnframeable(byte[] payload) {
        for (byte b : payload) {
            if (b == LF) {
                return Optional.of("a line feed would split it into two messages under the line codec");
            }
        }
        return Optional.empty();
    }

    @Override
    public void writeHeader(ByteBuffer out, int payloadSize) {
        // nothing before a line
    }

    @Override
    public void writeTrailer(ByteBuffer out) {
        out.put(LF);
    }

    @Override
    public int nextFrame(ByteBuffer in, int maxPayload, FrameSlice frame) {
        int start = in.position();
        // maxPayload + 2: the payload, a CR that is not payload, the LF.
        long window = (long) maxPayload + 2;
        int end = (int) Math.min(in.limit(), start + window);
        for (int i = start; i < end; i++) {
            if (in.get(i) == LF) {
                int length = i - start;
                if (length > 0 && in.get(i - 1) == CR) {
                    length--;
                }
                if (length > maxPayload) {
                    return CORRUPT;
                }
                frame.set(start, length);
                return i + 1;
            }
        }
        return end - start >= window ? CORRUPT : NEED_MORE;
    }
}
