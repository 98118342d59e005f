package dev.tsserver.core.protocol;

import dev.tsserver.core.Addresses;
import dev.tsserver.core.edge.PeerAddress;
import org.apache.mina.core.service.IoHandlerAdapter;
import org.apache.mina.core.session.IoSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A base for protocol handlers with the server's defaults: end of input is left to the
 * server's orderly close, and an error nothing else handled is logged once and closes the
 * connection.
 */
public abstract class ProtocolHandlerAdapter extends IoHandlerAdapter {

    private static final Logger LOG = LoggerFactory.getLogger(ProtocolHandlerAdapter.class);

    @Override
    public void exceptionCaught(IoSession session, Throwable cause) {
        if (ProtocolSessions.isDatagram(session)) {
            LOG.debug("UDP error for {}: {}", Addresses.format(PeerAddress.of(session)), cause.toString());
            return;
        }
        LOG.warn("closing {} after an unexpected error", Addresses.format(PeerAddress.of(session)), cause);
        session.closeNow();
    }

    /** End of input is handled by the server's drain filters; never close early here. */
    @Override
    public void inputClosed(IoSession session) {
        // the orderly close is already under way
    }
}
