package dev.tsserver.codec.line;

import dev.tsserver.codec.SessionDecoders;
import org.apache.mina.core.session.IoSession;
import org.apache.mina.filter.codec.ProtocolCodecFactory;
import org.apache.mina.filter.codec.ProtocolDecoder;
import org.apache.mina.filter.codec.ProtocolEncoder;

/**
 * Line framing on bytes, not on text.
 *
 * <p>Why not MINA's {@code TextLineCodecFactory}: it decodes every line with a charset into a
 * {@code String} and encodes the reply back. A GBK, Latin-1 or binary payload does not survive
 * that round trip (invalid sequences become U+FFFD), and the two conversions cost a copy and a
 * scan each. These codecs hand the handler the exact bytes between delimiters.
 */
public final class LineCodecFactory implements ProtocolCodecFactory {

    private final int maxFrame;
    private final SessionDecoders decoders;
    private final LineFrameEncoder encoder = new LineFrameEncoder();

    public LineCodecFactory(int maxFrame) {
        if (maxFrame < 1) {
            throw new IllegalArgumentException("max frame must be at least 1 byte, was " + maxFrame);
        }
        this.maxFrame = maxFrame;
        this.decoders = new SessionDecoders(LineCodecFactory.class, () -> new LineFrameDecoder(this.maxFrame));
    }

    @Override
    public ProtocolEncoder getEncoder(IoSession session) {
        return encoder;
    }

    @Override
    public ProtocolDecoder getDecoder(IoSession session) {
        return decoders.get(session);
    }
}
