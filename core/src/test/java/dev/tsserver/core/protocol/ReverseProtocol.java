package dev.tsserver.core.protocol;

import org.apache.mina.core.service.IoHandler;
import org.apache.mina.core.session.IoSession;

/**
 * A plug-in protocol as a third party would write one: registered in this module's test
 * {@code META-INF/services}, so {@link ProtocolRegistry#discover()} finds it on the class path.
 * Answers every message with its bytes reversed.
 */
public final class ReverseProtocol implements ProtocolProvider {

    @Override
    public String name() {
        return "reverse";
    }

    @Override
    public String description() {
        return "every message back reversed (test plug-in)";
    }

    @Override
    public IoHandler newHandler(ProtocolContext context) {
        return new ProtocolHandlerAdapter() {
            @Override
            public void messageReceived(IoSession session, Object message) {
                byte[] in = (byte[]) message;
                byte[] out = new byte[in.length];
                for (int i = 0; i < in.length; i++) {
                    out[i] = in[in.length - 1 - i];
                }
                session.write(out);
                context.stats().messageAnswered();
            }
        };
    }
}
