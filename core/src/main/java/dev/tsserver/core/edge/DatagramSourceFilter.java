package dev.tsserver.core.edge;

import java.net.InetSocketAddress;
import java.time.Duration;

import dev.tsserver.core.Addresses;
import dev.tsserver.core.logging.RateLimitedLog;
import org.apache.mina.core.filterchain.IoFilterAdapter;
import org.apache.mina.core.session.IoSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The UDP side of who may connect: a datagram from a source the {@link AccessPolicy} refuses is
 * dropped, and so is one past the source's reply rate ({@code --udp-rate-per-source}), before
 * the handler sees it, so it gets no reply. A UDP server answers whoever the source address
 * claims to be; the rate bound keeps it from being used to flood a spoofed address. Checking on
 * the way in rather than on the reply also spares the handler the work; every built-in UDP
 * protocol sends at most one reply per datagram, so the two bounds are the same.
 */
public final class DatagramSourceFilter extends IoFilterAdapter {

    private static final Logger LOG = LoggerFactory.getLogger(DatagramSourceFilter.class);

    private final AccessPolicy policy;
    private final SourceRateLimiter rate;
    private final EdgeStats stats;
    private final RateLimitedLog refusals = RateLimitedLog.onePer(LOG, Duration.ofSeconds(1));
    private final RateLimitedLog overRate = RateLimitedLog.onePer(LOG, Duration.ofSeconds(10));

    /** @param rate null for no rate limit */
    public DatagramSourceFilter(AccessPolicy policy, SourceRateLimiter rate, EdgeStats stats) {
        this.policy = policy;
        this.rate = rate;
        this.stats = stats;
    }

    @Override
    public void messageReceived(NextFilter nextFilter, IoSession session, Object message) {
        InetSocketAddress peer = PeerAddress.inetOf(session);
        if (peer != null && peer.getAddress() != null) {
            if (!policy.permits(peer.getAddress())) {
                stats.datagramRefusedByAccessPolicy();
                refusals.warn("datagram from {} dropped by the access policy", Addresses.format(peer));
                DatagramPeerBoundFilter.closeIfTransient(session);
                return;
            }
            if (rate != null && !rate.tryAcquire(peer.getAddress())) {
                stats.datagramOverSourceRate();
                overRate.warn("datagrams from {} over the per-source rate: dropped", Addresses.format(peer));
                DatagramPeerBoundFilter.closeIfTransient(session);
                return;
            }
        }
        nextFilter.messageReceived(session, message);
    }
}
