package dev.tsserver.core.chain;

import dev.tsserver.core.Addresses;
import dev.tsserver.core.edge.PeerAddress;
import org.apache.mina.core.filterchain.IoFilterAdapter;
import org.apache.mina.core.session.IoSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs each connection's arrival at INFO ({@code ...connected from: IP:PORT}, as the Twisted
 * original printed) and its end at DEBUG. Nothing per message: MINA's {@code LoggingFilter}
 * logs every message at INFO by default, which costs more than the reply itself.
 */
public final class ConnectionLogFilter extends IoFilterAdapter {

    private static final Logger LOG = LoggerFactory.getLogger("dev.tsserver.connections");

    @Override
    public void sessionOpened(NextFilter nextFilter, IoSession session) {
        logOpened(session);
        nextFilter.sessionOpened(session);
    }

    @Override
    public void sessionClosed(NextFilter nextFilter, IoSession session) {
        logClosed(session);
        nextFilter.sessionClosed(session);
    }

    void logOpened(IoSession session) {
        LOG.info("...connected from: {}", Addresses.format(PeerAddress.of(session)));
    }

    void logClosed(IoSession session) {
        if (LOG.isDebugEnabled()) {
            LOG.debug("closed: {} ({} bytes in, {} bytes out)", Addresses.format(PeerAddress.of(session)),
                    session.getReadBytes(), session.getWrittenBytes());
        }
    }
}
