package dev.tsserver.core.edge;

import java.net.InetAddress;

import dev.tsserver.core.chain.SocketReadMarkFilter;
import org.apache.mina.core.filterchain.DefaultIoFilterChainBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts the edge filters in front of a listener's chain. Stream order, socket side first:
 *
 * <pre>
 *   [socket-read-mark] -> proxy-protocol -> access -> per-source-limit -> [tls-handshake-flush -> tls -> tls-guard]
 *         -> (the rest of the chain)
 * </pre>
 *
 * With TLS, {@code socket-read-mark} ({@link SocketReadMarkFilter}) goes first, where MINA hands
 * over each socket read: it tells the stop's drain whether a read emptied the socket, which the
 * decrypted records behind TLS cannot.
 * The PROXY filter must see the raw bytes first (the header comes before TLS bytes) and holds
 * {@code sessionOpened} back until the header is read; access control and the per-source limit
 * decide on {@code sessionOpened}, so on the real client's address, before TLS or a codec
 * spends anything on the connection. The TLS guard ({@link TlsSessionGuard}) sits right behind
 * MINA's TLS filter to bound its write queue, time the handshake and count its failures. Datagram order: {@code source-filter} first, and the
 * peer-table bound last, right in front of the handler. The whole chain, edge and core
 * together, is documented in {@code dev.tsserver.core.FilterChains}; every listener gets its
 * own edge filters from its own {@link EdgeSettings}.
 */
public final class EdgeChains {

    public static final String PROXY_PROTOCOL = "proxy-protocol";
    public static final String ACCESS = "access";
    public static final String PER_SOURCE_LIMIT = "per-source-limit";
    public static final String TLS_HANDSHAKE_FLUSH = "tls-handshake-flush";
    public static final String TLS = "tls";
    public static final String TLS_GUARD = "tls-guard";
    public static final String SOCKET_READ_MARK = "socket-read-mark";
    public static final String DATAGRAM_SOURCE = "datagram-source";
    public static final String DATAGRAM_PEER_BOUND = "datagram-peer-bound";

    private static final Logger LOG = LoggerFactory.getLogger(EdgeChains.class);
    /**
     * Switch for comparison: {@code -Dtsserver.tls.mergeWrites=false} sends each reply batch to
     * TLS as it comes, one TLS write per decrypted record (docs/perf/tuning/tls-batching.md).
     */
    static final boolean MERGE_TLS_WRITES = Boolean.parseBoolean(System.getProperty("tsserver.tls.mergeWrites", "true"));

    private EdgeChains() {
    }

    /**
     * Adds the stream edge filters first in {@code chain} (call after every other filter is in).
     *
     * @param tls the listener's certificates when {@code edge.tls()} is set, else null
     */
    public static DefaultIoFilterChainBuilder stream(DefaultIoFilterChainBuilder chain, EdgeSettings edge,
                                                     EdgeStats stats, TlsContextSource tls) {
        // addFirst in reverse order of the final chain.
        if (tls != null) {
            TlsFilter tlsFilter = new TlsFilter(tls);
            TlsSessionGuard guard = new TlsSessionGuard(tlsFilter, tls.settings(), stats);
            chain.addFirst(TLS_GUARD, guard);
            chain.addFirst(TLS, tlsFilter);
            chain.addFirst(TLS_HANDSHAKE_FLUSH, new TlsHandshakeFlush(MERGE_TLS_WRITES ? guard : null));
        }
        if (edge.maxConnectionsPerSource() > 0) {
            chain.addFirst(PER_SOURCE_LIMIT, new SourceConnectionLimitFilter(edge.maxConnectionsPerSource(), stats));
        }
        if (!edge.access().isOpen()) {
            chain.addFirst(ACCESS, new AccessControlFilter(edge.access(), stats));
        }
        if (edge.proxyProtocol().enabled()) {
            chain.addFirst(PROXY_PROTOCOL, new ProxyProtocolFilter(edge.proxyProtocol(), stats));
        }
        if (tls != null) {
            chain.addFirst(SOCKET_READ_MARK, new SocketReadMarkFilter());
        }
        return chain;
    }

    /** Adds the datagram edge filters (call after every other filter is in). */
    public static DefaultIoFilterChainBuilder datagram(DefaultIoFilterChainBuilder chain, EdgeSettings edge,
                                                       EdgeStats stats) {
        chain.addLast(DATAGRAM_PEER_BOUND, new DatagramPeerBoundFilter(DatagramPeerBoundFilter.DEFAULT_MAX_PEERS));
        if (!edge.access().isOpen() || edge.udpRatePerSource() > 0) {
            SourceRateLimiter rate = edge.udpRatePerSource() > 0 ? new SourceRateLimiter(edge.udpRatePerSource()) : null;
            chain.addFirst(DATAGRAM_SOURCE, new DatagramSourceFilter(edge.access(), rate, stats));
        }
        return chain;
    }

    /**
     * The SPEC's one WARN line: a UDP listener any host can reach, answering any number of
     * datagrams to whatever address a datagram claims to come from, is a flood amplifier.
     */
    public static void warnIfOpenUdp(InetAddress bound, EdgeSettings edge) {
        if (edge.udpRatePerSource() == 0 && !bound.isLoopbackAddress()) {
            LOG.warn("UDP listener on {} has no --udp-rate-per-source limit: it will answer any number of "
                    + "datagrams to any (possibly spoofed) source address", dev.tsserver.core.Addresses.hostLiteral(bound));
        }
    }
}
