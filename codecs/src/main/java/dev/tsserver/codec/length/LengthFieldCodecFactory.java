package dev.tsserver.codec.length;

import dev.tsserver.codec.SessionDecoders;
import org.apache.mina.core.session.IoSession;
import org.apache.mina.filter.codec.ProtocolCodecFactory;
import org.apache.mina.filter.codec.ProtocolDecoder;
import org.apache.mina.filter.codec.ProtocolEncoder;

/**
 * Length-prefixed framing on bytes. MINA's {@code PrefixedStringCodecFactory} decodes to a
 * {@code String} (not byte-transparent) and, on an over-long frame, throws without skipping
 * the body, so the body is then read as headers; this codec fails the stream cleanly instead.
 */
public final class LengthFieldCodecFactory implements ProtocolCodecFactory {

    private final int prefixLength;
    private final int maxFrame;
    private final SessionDecoders decoders;
    private final LengthFieldFrameEncoder encoder;

    public LengthFieldCodecFactory(int prefixLength, int maxFrame) {
        this.encoder = new LengthFieldFrameEncoder(prefixLength);
        if (maxFrame < 1) {
            throw new IllegalArgumentException("max frame must be at least 1 byte, was " + maxFrame);
        }
        this.prefixLength = prefixLength;
        this.maxFrame = maxFrame;
        this.decoders = new SessionDecoders(LengthFieldCodecFactory.class,
                () -> new LengthFieldFrameDecoder(this.prefixLength, this.maxFrame));
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
