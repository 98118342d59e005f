package dev.tsserver.core.chain;

import dev.tsserver.core.Addresses;
import dev.tsserver.core.ServerStats;
import dev.tsserver.core.edge.PeerAddress;
import dev.tsserver.core.logging.RateLimitedLog;
import org.apache.mina.core.filterchain.IoFilterAdapter;
import org.apache.mina.core.session.AttributeKey;
import org.apache.mina.core.session.IoSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Closes each connection past {@code maxConnections} as soon as it is created, before any
 * other filter or the handler sees it. MINA has no such filter ({@code ConnectionThrottleFilter}
 * limits the rate per IP, leaks its map, and still forwards the session). Refusals are logged at
 * most 10 per 10 s, with the number left out.
 */
public final class ConnectionLimitFilter extends IoFilterAdapter {

    private static final Logger LOG = LoggerFactory.getLogger(ConnectionLimitFilter.class);
    private static final AttributeKey REJECTED = new AttributeKey(ConnectionLimitFilter.class, "rejected");

    private final int maxConnections;
    private final ServerStats stats;
    private final RateLimitedLog refusals = new RateLimitedLog(LOG);

    public ConnectionLimitFilter(int maxConnections, ServerStats stats) {
        this.maxConnections = maxConnections;
        this.stats = stats;
    }

    @Override
    public void sessionCreated(NextFilter nextFilter, IoSession session) {
        if (admit(session)) {
            nextFilter.sessionCreated(session);
        }
    }

    @Override
    public void sessionOpened(NextFilter nextFilter, IoSession session) {
        if (!refused(session)) {
            nextFilter.sessionOpened(session);
        }
    }

    @Override
    public void sessionClosed(NextFilter nextFilter, IoSession session) {
        if (closed(session)) {
            nextFilter.sessionClosed(session);
        }
    }

    /** Counts a new connection; false (and the connection closing) when it is one too many. */
    boolean admit(IoSession session) {
        int open = stats.connectionOpened();
        if (open > maxConnections) {
            stats.connectionClosed();
            stats.connectionRejected();
            session.setAttribute(REJECTED, Boolean.TRUE);
            session.suspendRead();
            session.closeNow();
            refusals.warn("connection from {} refused: {} connections open (max {})",
                    Addresses.format(PeerAddress.of(session)), open - 1, maxConnections);
            return false;
        }
        return true;
    }

    /** True for a connection {@link #admit} refused: no later event of it goes further. */
    boolean refused(IoSession session) {
        return session.containsAttribute(REJECTED);
    }

    /** Frees an admitted connection's place; false for a refused one (already uncounted). */
    boolean closed(IoSession session) {
        if (refused(session)) {
            return false;
        }
        stats.connectionClosed();
        return true;
    }
}
