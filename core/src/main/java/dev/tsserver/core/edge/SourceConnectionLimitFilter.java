package dev.tsserver.core.edge;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import dev.tsserver.core.Addresses;
import dev.tsserver.core.logging.RateLimitedLog;
import org.apache.mina.core.filterchain.IoFilterAdapter;
import org.apache.mina.core.session.AttributeKey;
import org.apache.mina.core.session.IoSession;
import org.apache.mina.core.write.WriteRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * At most {@code maxPerSource} open TCP connections per source address ({@link PeerAddress#of}:
 * the PROXY-carried client when there is one); the next one is closed at once and counted.
 * The table holds one entry per address with an open connection and drops it when the last
 * one closes, so it is bounded by the connection limit.
 */
public final class SourceConnectionLimitFilter extends IoFilterAdapter {

    private static final Logger LOG = LoggerFactory.getLogger(SourceConnectionLimitFilter.class);
    private static final AttributeKey COUNTED_AS = new AttributeKey(SourceConnectionLimitFilter.class, "source");
    private static final AttributeKey REFUSED = new AttributeKey(SourceConnectionLimitFilter.class, "refused");

    private final int maxPerSource;
    private final EdgeStats stats;
    private final ConcurrentHashMap<InetAddress, AtomicInteger> open = new ConcurrentHashMap<>();
    private final RateLimitedLog refusals = RateLimitedLog.onePer(LOG, Duration.ofSeconds(1));

    public SourceConnectionLimitFilter(int maxPerSource, EdgeStats stats) {
        if (maxPerSource < 1) {
            throw new IllegalArgumentException("max connections per source must be at least 1, was " + maxPerSource);
        }
        this.maxPerSource = maxPerSource;
        this.stats = stats;
    }

    @Override
    public void sessionOpened(NextFilter nextFilter, IoSession session) {
        InetSocketAddress peer = PeerAddress.inetOf(session);
        if (peer == null || peer.getAddress() == null) {
            nextFilter.sessionOpened(session);
            return;
        }
        InetAddress source = peer.getAddress();
        AtomicInteger count = open.compute(source, (k, v) -> {
            AtomicInteger c = v == null ? new AtomicInteger() : v;
            c.incrementAndGet();
            return c;
        });
        session.setAttribute(COUNTED_AS, source);
        int now = count.get();
        if (now > maxPerSource) {
            session.setAttribute(REFUSED, Boolean.TRUE);
            session.suspendRead();
            session.closeNow();
            stats.connectionRefusedPerSourceLimit();
            refusals.warn("connection from {} refused: {} connections open from that address (max {})",
                    Addresses.format(peer), now - 1, maxPerSource);
            return;
        }
        nextFilter.sessionOpened(session);
    }

    @Override
    public void sessionClosed(NextFilter nextFilter, IoSession session) {
        InetAddress source = (InetAddress) session.removeAttribute(COUNTED_AS);
        if (source != null) {
            open.computeIfPresent(source, (k, c) -> c.decrementAndGet() <= 0 ? null : c);
        }
        nextFilter.sessionClosed(session);
    }

    @Override
    public void messageReceived(NextFilter nextFilter, IoSession session, Object message) {
        if (!session.containsAttribute(REFUSED)) {
            nextFilter.messageReceived(session, message);
        }
    }

    @Override
    public void filterWrite(NextFilter nextFilter, IoSession session, WriteRequest writeRequest) {
        if (!session.containsAttribute(REFUSED)) {
            nextFilter.filterWrite(session, writeRequest);
        }
    }

    /** Source addresses with at least one open connection (for tests and metrics). */
    public int trackedSources() {
        return open.size();
    }
}
