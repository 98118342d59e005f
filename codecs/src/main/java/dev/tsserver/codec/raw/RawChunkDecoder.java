package dev.tsserver.codec.raw;

import org.apache.mina.core.buffer.IoBuffer;
import org.apache.mina.core.session.IoSession;
import org.apache.mina.filter.codec.ProtocolDecoderAdapter;
import org.apache.mina.filter.codec.ProtocolDecoderOutput;

/**
 * Emits each chunk it is given as one {@code byte[]}: one read, one message. A chunk larger
 * than {@code maxFrame} (possible only with a read buffer larger than the limit) is emitted in
 * pieces of at most {@code maxFrame} bytes, so no message exceeds the limit. Stateless.
 */
public final class RawChunkDecoder extends ProtocolDecoderAdapter {

    private final int maxFrame;

    public RawChunkDecoder(int maxFrame) {
        if (maxFrame < 1) {
            throw new IllegalArgumentException("max frame must be at least 1 byte, was " + maxFrame);
        }
        this.maxFrame = maxFrame;
    }

    @Override
    public void decode(IoSession session, IoBuffer in, ProtocolDecoderOutput out) {
        while (in.hasRemaining()) {
            byte[] chunk = new byte[Math.min(in.remaining(), maxFrame)];
            in.get(chunk);
            out.write(chunk);
        }
    }
}
