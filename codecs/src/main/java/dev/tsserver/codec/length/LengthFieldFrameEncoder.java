package dev.tsserver.codec.length;

import dev.tsserver.codec.Payloads;
import dev.tsserver.codec.spi.AcceptsEncodablePayload;
import dev.tsserver.codec.wire.LengthFieldWireFraming;
import org.apache.mina.core.buffer.IoBuffer;
import org.apache.mina.core.session.IoSession;
import org.apache.mina.filter.codec.ProtocolEncoderAdapter;
import org.apache.mina.filter.codec.ProtocolEncoderException;
import org.apache.mina.filter.codec.ProtocolEncoderOutput;

/**
 * Writes a big-endian length field and the payload in one buffer. A payload the field cannot
 * express (over 255 bytes with a 1-byte field, 65,535 with 2) is refused with a
 * {@link ProtocolEncoderException} rather than written with a wrapped length.
 */
public final class LengthFieldFrameEncoder extends ProtocolEncoderAdapter implements AcceptsEncodablePayload {

    private final LengthFieldWireFraming wire;
    private final int prefixLength;
    private final long maxEncodable;

    public LengthFieldFrameEncoder(int prefixLength) {
        this.wire = LengthFieldWireFraming.of(prefixLength);
        this.prefixLength = prefixLength;
        this.maxEncodable = wire.maxPayload();
    }

    /** The largest payload this encoder can frame. */
    public long maxEncodable() {
        return maxEncodable;
    }

    @Override
    public void encode(IoSession session, Object message, ProtocolEncoderOutput out) throws Exception {
        int size = Payloads.sizeOf(message);
        if (size > maxEncodable) {
            throw new ProtocolEncoderException("frame of " + size + " bytes does not fit a " + prefixLength
                    + "-byte length field (max " + maxEncodable + ")");
        }
        IoBuffer frame = IoBuffer.allocate(wire.frameSize(size), false);
        wire.writeHeader(frame.buf(), size);
        Payloads.write(message, frame);
        out.write(frame.flip());
    }
}
