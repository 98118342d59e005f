package dev.tsserver.example.codec;

import org.apache.mina.core.buffer.IoBuffer;
import org.apache.mina.core.session.IoSession;
import org.apache.mina.filter.codec.ProtocolEncoderAdapter;
import org.apache.mina.filter.codec.ProtocolEncoderOutput;

/**
 * Writes the varint length, then the payload, in one buffer.
 *
 * <p>The message is always a {@code byte[]}: the server's codec factory copies a reply it
 * assembled from parts into one array for encoders that do not implement
 * {@code dev.tsserver.codec.spi.AcceptsEncodablePayload} (implementing it saves that copy;
 * docs/plugins.md shows how).
 */
final class VarintFrameEncoder extends ProtocolEncoderAdapter {

    @Override
    public void encode(IoSession session, Object message, ProtocolEncoderOutput out) {
        byte[] payload = (byte[]) message;
        IoBuffer frame = IoBuffer.allocate(varintSize(payload.length) + payload.length, false);
        for (int value = payload.length; ; value >>>= 7) {
            if ((value & ~0x7F) == 0) {
                frame.put((byte) value);
                break;
            }
            frame.put((byte) ((value & 0x7F) | 0x80));
        }
        frame.put(payload);
        out.write(frame.flip());
    }

    static int varintSize(int value) {
        int size = 1;
        while ((value >>>= 7) != 0) {
            size++;
        }
        return size;
    }
}
