package dev.tsserver.example.codec;

import dev.tsserver.codec.CorruptFrameException;
import org.apache.mina.core.buffer.IoBuffer;
import org.apache.mina.core.session.IoSession;
import org.apache.mina.filter.codec.CumulativeProtocolDecoder;
import org.apache.mina.filter.codec.ProtocolDecoderOutput;

/**
 * Decodes varint-length frames with MINA's {@link CumulativeProtocolDecoder}, the usual way to
 * write a MINA decoder: {@link #doDecode} returns {@code false} to wait for more bytes, and the
 * base class keeps the partial frame in a session attribute (on a TCP session, whose transport
 * fragments), so this class holds no state and one instance serves all sessions.
 *
 * <p>The contract of a framing decoder (docs/plugins.md): each payload comes out as a
 * {@code byte[]}; a declared length over max frame is refused as soon as the varint passes it,
 * before a body byte is buffered, so what a session holds stays within about max frame; a frame
 * the stream cannot recover from is a {@link CorruptFrameException}, after which the server
 * closes the connection.
 */
final class VarintFrameDecoder extends CumulativeProtocolDecoder {

    /** A varint of a 32-bit length takes at most 5 bytes. */
    private static final int MAX_VARINT_BYTES = 5;

    private final int maxFrame;

    VarintFrameDecoder(int maxFrame) {
        if (maxFrame < 1) {
            throw new IllegalArgumentException("max frame must be at least 1 byte, was " + maxFrame);
        }
        this.maxFrame = maxFrame;
    }

    @Override
    protected boolean doDecode(IoSession session, IoBuffer in, ProtocolDecoderOutput out) throws CorruptFrameException {
        int start = in.position();
        long length = 0;
        for (int i = 0; ; i++) {
            if (!in.hasRemaining()) {
                in.position(start);
                return false;
            }
            if (i == MAX_VARINT_BYTES) {
                throw new CorruptFrameException("varint length longer than " + MAX_VARINT_BYTES + " bytes");
            }
            int b = in.get() & 0xFF;
            length |= (long) (b & 0x7F) << (7 * i);
            if (length > maxFrame) {
                throw new CorruptFrameException("declared frame length " + length + " exceeds max frame " + maxFrame
                        + " bytes; the stream cannot be resynchronised");
            }
            if ((b & 0x80) == 0) {
                break;
            }
        }
        if (in.remaining() < length) {
            in.position(start);
            return false;
        }
        byte[] payload = new byte[(int) length];
        in.get(payload);
        out.write(payload);
        return true;
    }
}
