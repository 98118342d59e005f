package dev.tsserver.core.edge;

import java.util.Objects;

/**
 * The edge options of a listener: who may connect, per-source limits, the PROXY protocol.
 * One value so that, once the server has several listeners, each can carry its own.
 *
 * @param access                  allow/deny lists
 * @param maxConnectionsPerSource open TCP connections per source address; 0 for no limit
 * @param udpRatePerSource        UDP datagrams answered per second per source address; 0 for no limit
 * @param proxyProtocol           whether and from whom a PROXY header is expected
 * @param tls                     TLS on the TCP listener, or null for plain TCP
 */
public record EdgeSettings(AccessPolicy access, int maxConnectionsPerSource, int udpRatePerSource,
                           ProxyProtocolSettings proxyProtocol, TlsSettings tls) {

    /** Everything off: Part 1 behaviour. */
    public static final EdgeSettings NONE = new EdgeSettings(AccessPolicy.OPEN, 0, 0, ProxyProtocolSettings.OFF, null);

    public EdgeSettings {
        Objects.requireNonNull(access, "access");
        Objects.requireNonNull(proxyProtocol, "proxyProtocol");
        if (maxConnectionsPerSource < 0) {
            throw new IllegalArgumentException("max connections per source must be 0 or more, was "
                    + maxConnectionsPerSource);
        }
        if (udpRatePerSource < 0) {
            throw new IllegalArgumentException("UDP rate per source must be 0 or more, was " + udpRatePerSource);
        }
    }

    public EdgeSettings withAccess(AccessPolicy access) {
        return new EdgeSettings(access, maxConnectionsPerSource, udpRatePerSource, proxyProtocol, tls);
    }

    public EdgeSettings withMaxConnectionsPerSource(int n) {
        return new EdgeSettings(access, n, udpRatePerSource, proxyProtocol, tls);
    }

    public EdgeSettings withUdpRatePerSource(int n) {
        return new EdgeSettings(access, maxConnectionsPerSource, n, proxyProtocol, tls);
    }

    /** @param tls null for plain TCP */
    public EdgeSettings withTls(TlsSettings tls) {
        return new EdgeSettings(access, maxConnectionsPerSource, udpRatePerSource, proxyProtocol, tls);
    }

    public EdgeSettings withProxyProtocol(ProxyProtocolSettings proxyProtocol) {
        return new EdgeSettings(access, maxConnectionsPerSource, udpRatePerSource, proxyProtocol, tls);
    }
}
