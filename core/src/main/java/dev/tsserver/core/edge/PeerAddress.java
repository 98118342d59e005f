package dev.tsserver.core.edge;

import java.net.InetSocketAddress;
import java.net.SocketAddress;

import org.apache.mina.core.session.AttributeKey;
import org.apache.mina.core.session.IoSession;

/**
 * The one place that says who a session's peer is. Behind a load balancer the socket's remote
 * address is the balancer; the PROXY protocol header names the real client, and from then on
 * every log line, access decision, per-source limit and counter must use that. Nothing else in
 * the server should read {@code session.getRemoteAddress()} for a decision or a log line.
 */
public final class PeerAddress {

    private static final AttributeKey CARRIED = new AttributeKey(PeerAddress.class, "carried");

    private PeerAddress() {
    }

    /** The PROXY-carried source address when there is one, else the socket's remote address. */
    public static SocketAddress of(IoSession session) {
        Object carried = session.getAttribute(CARRIED);
        return carried != null ? (SocketAddress) carried : session.getRemoteAddress();
    }

    /** {@link #of} as an {@link InetSocketAddress}, or null for a transport without one. */
    public static InetSocketAddress inetOf(IoSession session) {
        return of(session) instanceof InetSocketAddress inet ? inet : null;
    }

    /** Whether a PROXY header replaced the socket's address. */
    public static boolean isCarried(IoSession session) {
        return session.containsAttribute(CARRIED);
    }

    /** Records the client address a PROXY header carried; called once, before anything else sees the session. */
    static void setCarried(IoSession session, InetSocketAddress source) {
        session.setAttribute(CARRIED, source);
    }
}
