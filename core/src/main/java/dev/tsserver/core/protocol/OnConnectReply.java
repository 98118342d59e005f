package dev.tsserver.core.protocol;

import java.util.function.Supplier;

import org.apache.mina.core.session.IoSession;

/**
 * The shape RFC 867 and RFC 868 share: on TCP, one reply as soon as the connection opens, then
 * an orderly close, input ignored; on UDP, the same reply to any datagram.
 */
final class OnConnectReply extends ProtocolHandlerAdapter {

    private final Supplier<byte[]> reply;
    private final ProtocolContext context;

    OnConnectReply(Supplier<byte[]> reply, ProtocolContext context) {
        this.reply = reply;
        this.context = context;
    }

    @Override
    public void sessionOpened(IoSession session) {
        if (ProtocolSessions.isDatagram(session)) {
            return; // a UDP "session" opens on a peer's first datagram: answered in messageReceived
        }
        session.write(reply.get());
        context.stats().messageAnswered();
        ProtocolSessions.closeAfterReplies(session);
    }

    @Override
    public void messageReceived(IoSession session, Object message) {
        if (ProtocolSessions.isDatagram(session)) {
            session.write(reply.get());
            context.stats().messageAnswered();
        }
        // TCP input is ignored (the connection is already closing)
    }
}
