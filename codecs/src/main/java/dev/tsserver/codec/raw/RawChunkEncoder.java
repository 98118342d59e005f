package dev.tsserver.codec.raw;

import dev.tsserver.codec.Payloads;
import dev.tsserver.codec.spi.AcceptsEncodablePayload;
import org.apache.mina.core.buffer.IoBuffer;
import org.apache.mina.core.session.IoSession;
import org.apache.mina.filter.codec.ProtocolEncoderAdapter;
import org.apache.mina.filter.codec.ProtocolEncoderOutput;

/** Writes the payload bytes as they are, with no delimiter or header. Stateless. */
public final class RawChunkEncoder extends ProtocolEncoderAdapter implements AcceptsEncodablePayload {

    @Override
    public void encode(IoSession session, Object message, ProtocolEncoderOutput out) throws Exception {
        IoBuffer chunk = IoBuffer.allocate(Payloads.sizeOf(message), false);
        Payloads.write(message, chunk);
        out.write(chunk.flip());
    }
}
