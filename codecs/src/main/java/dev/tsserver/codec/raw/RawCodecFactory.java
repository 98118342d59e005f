package dev.tsserver.codec.raw;

import org.apache.mina.core.session.IoSession;
import org.apache.mina.filter.codec.ProtocolCodecFactory;
import org.apache.mina.filter.codec.ProtocolDecoder;
import org.apache.mina.filter.codec.ProtocolEncoder;

/**
 * No framing at all, to show what TCP does to message boundaries: a message is whatever one
 * read returned. Both halves are stateless and shared by all sessions.
 */
public final class RawCodecFactory implements ProtocolCodecFactory {

    private final RawChunkDecoder decoder;
    private final RawChunkEncoder encoder = new RawChunkEncoder();

    public RawCodecFactory(int maxFrame) {
        this.decoder = new RawChunkDecoder(maxFrame);
    }

    @Override
    public ProtocolEncoder getEncoder(IoSession session) {
        return encoder;
    }

    @Override
    public ProtocolDecoder getDecoder(IoSession session) {
        return decoder;
    }
}
