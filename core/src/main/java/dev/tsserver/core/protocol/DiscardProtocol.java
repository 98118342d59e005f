package dev.tsserver.core.protocol;

import org.apache.mina.core.service.IoHandler;
import org.apache.mina.core.session.IoSession;

/** {@code discard} (RFC 863): reads and drops everything; never replies. */
public final class DiscardProtocol implements ProtocolProvider {

    @Override
    public String name() {
        return "discard";
    }

    @Override
    public String description() {
        return "RFC 863: reads and drops everything, never replies";
    }

    /** Nothing to frame: input is dropped as read. */
    @Override
    public boolean usesCodec() {
        return false;
    }

    @Override
    public IoHandler newHandler(ProtocolContext context) {
        return new ProtocolHandlerAdapter() {
            @Override
            public void messageReceived(IoSession session, Object message) {
                // dropped, as RFC 863 says; the server already counted it as received
            }
        };
    }
}
