package dev.tsserver.codec.length;

import dev.tsserver.codec.Payloads;
import dev.tsserver.codec.spi.AcceptsEncodablePayload;
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

    private final int prefixLength;
    private final long maxEncodable;

    public LengthFieldFrameEncoder(int prefixLength) {
        if (prefixLength != 1 && prefixLength != 2 && prefixLength != 4) {
            throw new IllegalArgumentException("length prefix must be 1, 2 or 4 bytes, was " + prefixLength);
        }
        this.prefixLength = prefixLength;
        this.maxEncodable = (1L << (8 * prefixLength)) - 1;
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
        IoBuffer frame = IoBuffer.allocate(prefixLength + size, false);
        switch (prefixLength) {
            case 1 -> frame.put((byte) size);
            case 2 -> frame.putShort((short) size);
            default -> frame.putInt(size);
        }
        Payloads.write(message, frame);
        out.write(frame.flip());
    }
}
