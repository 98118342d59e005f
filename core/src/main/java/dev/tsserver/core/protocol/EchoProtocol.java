package dev.tsserver.core.protocol;

import org.apache.mina.core.service.IoHandler;
import org.apache.mina.core.session.IoSession;

/**
 * {@code echo} (RFC 862): every message comes back unchanged, framed by the listener's codec on
 * TCP ({@code raw}: each chunk as read); on UDP each datagram comes back as it was.
 */
public final class EchoProtocol implements ProtocolProvider {

    @Override
    public String name() {
        return "echo";
    }

    @Override
    public String description() {
        return "RFC 862: every message back unchanged";
    }

    @Override
    public IoHandler newHandler(ProtocolContext context) {
        return new Handler(context);
    }

    private static final class Handler extends ProtocolHandlerAdapter {
        private final ProtocolContext context;

        Handler(ProtocolContext context) {
            this.context = context;
        }

        @Override
        public void messageReceived(IoSession session, Object message) {
            session.write(message); // the decoded byte[] itself: no copy
            context.stats().messageAnswered();
        }
    }
}
