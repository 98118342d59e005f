package dev.tsserver.core.edge;

import java.net.InetSocketAddress;
import java.time.Duration;

import dev.tsserver.core.Addresses;
import dev.tsserver.core.logging.RateLimitedLog;
import org.apache.mina.core.filterchain.IoFilterAdapter;
import org.apache.mina.core.session.AttributeKey;
import org.apache.mina.core.session.IoSession;
import org.apache.mina.core.write.WriteRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Closes a TCP connection whose peer the {@link AccessPolicy} refuses, at once and without a
 * byte of reply. It decides on {@code sessionOpened}, which the PROXY protocol filter (placed
 * before it) holds back until the header has named the real client, so the decision is about
 * {@link PeerAddress#of}: the client behind a load balancer, not the balancer.
 */
public final class AccessControlFilter extends IoFilterAdapter {

    private static final Logger LOG = LoggerFactory.getLogger(AccessControlFilter.class);
    static final AttributeKey REFUSED = new AttributeKey(AccessControlFilter.class, "refused");

    private final AccessPolicy policy;
    private final EdgeStats stats;
    private final RateLimitedLog refusals = RateLimitedLog.onePer(LOG, Duration.ofSeconds(1));

    public AccessControlFilter(AccessPolicy policy, EdgeStats stats) {
        this.policy = policy;
        this.stats = stats;
    }

    @Override
    public void sessionOpened(NextFilter nextFilter, IoSession session) {
        InetSocketAddress peer = PeerAddress.inetOf(session);
        if (peer != null && peer.getAddress() != null && !policy.permits(peer.getAddress())) {
            session.setAttribute(REFUSED, Boolean.TRUE);
            session.suspendRead();
            session.closeNow();
            stats.connectionRefusedByAccessPolicy();
            refusals.warn("connection from {} refused by the access policy", Addresses.format(peer));
            return;
        }
        nextFilter.sessionOpened(session);
    }

    @Override
    public void messageReceived(NextFilter nextFilter, IoSession session, Object message) {
        if (!session.containsAttribute(REFUSED)) {
            nextFilter.messageReceived(session, message);
        }
    }

    @Override
    public void filterWrite(NextFilter nextFilter, IoSession session, WriteRequest writeRequest) {
        // Nothing reaches a refused peer, not even what a filter behind this one might write on close.
        if (!session.containsAttribute(REFUSED)) {
            nextFilter.filterWrite(session, writeRequest);
        }
    }
}
