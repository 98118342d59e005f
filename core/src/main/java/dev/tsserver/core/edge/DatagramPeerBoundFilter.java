package dev.tsserver.core.edge;

import org.apache.mina.core.filterchain.IoFilterAdapter;
import org.apache.mina.core.session.AttributeKey;
import org.apache.mina.core.session.IoSession;

/**
 * Bounds the UDP peer state MINA keeps. {@code NioDatagramAcceptor} makes a session per remote
 * address and its recycler keeps it for the TTL (60 s here): a flood from spoofed sources would
 * otherwise leave one session per forged address. Past {@code maxPeers} sessions, a new peer's
 * session is closed right after its datagram is handled; the reply, already queued, goes out
 * first (a close request is ordered behind queued writes). Placed right in front of the handler,
 * behind any executor, so the handler has run, and written, when this filter closes.
 */
public final class DatagramPeerBoundFilter extends IoFilterAdapter {

    /** Peers remembered between datagrams; each costs a session (about a kilobyte). */
    public static final int DEFAULT_MAX_PEERS = 4096;

    private static final AttributeKey TRANSIENT = new AttributeKey(DatagramPeerBoundFilter.class, "transient");

    private final int maxPeers;

    public DatagramPeerBoundFilter(int maxPeers) {
        if (maxPeers < 1) {
            throw new IllegalArgumentException("max peers must be at least 1, was " + maxPeers);
        }
        this.maxPeers = maxPeers;
    }

    @Override
    public void sessionCreated(NextFilter nextFilter, IoSession session) {
        if (session.getService().getManagedSessionCount() > maxPeers) {
            session.setAttribute(TRANSIENT, Boolean.TRUE);
        }
        nextFilter.sessionCreated(session);
    }

    @Override
    public void messageReceived(NextFilter nextFilter, IoSession session, Object message) {
        try {
            nextFilter.messageReceived(session, message);
        } finally {
            closeIfTransient(session);
        }
    }

    /** Ends a transient peer's session; for filters that drop its datagram before it gets here. */
    static void closeIfTransient(IoSession session) {
        if (session.containsAttribute(TRANSIENT)) {
            session.closeOnFlush();
        }
    }
}
