package dev.tsserver.client;

import org.apache.mina.core.service.IoHandlerAdapter;
import org.apache.mina.core.session.IoSession;

/** RFC 862 in a test: each decoded message back unchanged, for {@code --protocol echo}. */
final class EchoHandler extends IoHandlerAdapter {

    @Override
    public void messageReceived(IoSession session, Object message) {
        session.write(message);
    }
}
