package dev.tsserver.codec;

import java.util.function.Supplier;

import org.apache.mina.core.session.AttributeKey;
import org.apache.mina.core.session.IoSession;
import org.apache.mina.filter.codec.ProtocolDecoder;

/**
 * One decoder per session, kept in a session attribute. {@code ProtocolCodecFilter} asks the
 * factory for a decoder on every read, so the factory, not the filter, must hold per-session
 * state.
 */
public final class SessionDecoders {

    private final AttributeKey key;
    private final Supplier<? extends ProtocolDecoder> newDecoder;

    public SessionDecoders(Class<?> owner, Supplier<? extends ProtocolDecoder> newDecoder) {
        this.key = new AttributeKey(owner, "decoder");
        this.newDecoder = newDecoder;
    }

    public ProtocolDecoder get(IoSession session) {
        ProtocolDecoder decoder = (ProtocolDecoder) session.getAttribute(key);
        if (decoder == null) {
            decoder = newDecoder.get();
            ProtocolDecoder raced = (ProtocolDecoder) session.setAttributeIfAbsent(key, decoder);
            if (raced != null) {
                decoder = raced;
            }
        }
        return decoder;
    }
}
