package dev.tsserver.codec.line;

import dev.tsserver.codec.Payloads;
import dev.tsserver.codec.spi.AcceptsEncodablePayload;
import dev.tsserver.codec.wire.LineWireFraming;
import org.apache.mina.core.buffer.IoBuffer;
import org.apache.mina.core.session.IoSession;
import org.apache.mina.filter.codec.ProtocolEncoderAdapter;
import org.apache.mina.filter.codec.ProtocolEncoderOutput;

/** Writes the payload followed by LF, in one buffer. Stateless; shared by all sessions. */
public final class LineFrameEncoder extends ProtocolEncoderAdapter implements AcceptsEncodablePayload {

    private static final LineWireFraming WIRE = LineWireFraming.instance();

    @Override
    public void encode(IoSession session, Object message, ProtocolEncoderOutput out) throws Exception {
        int size = Payloads.sizeOf(message);
        IoBuffer frame = IoBuffer.allocate(WIRE.frameSize(size), false);
        Payloads.write(message, frame);
        WIRE.writeTrailer(frame.buf());
        out.write(frame.flip());
    }
}
