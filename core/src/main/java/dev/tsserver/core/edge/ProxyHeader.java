package dev.tsserver.core.edge;

import java.net.InetSocketAddress;

/**
 * A parsed PROXY protocol header.
 *
 * @param version     1 (text) or 2 (binary)
 * @param length      bytes the header took on the wire; what follows is the client's data
 * @param source      the client's address, or null when the header says to keep the socket's
 *                    own addresses (v2 {@code LOCAL}, v1 {@code UNKNOWN}, v2 {@code UNSPEC} or
 *                    {@code UNIX} families)
 * @param destination the address the client connected to, or null as for {@code source}
 */
public record ProxyHeader(int version, int length, InetSocketAddress source, InetSocketAddress destination) {

    /** Whether the socket's own addresses stay (health checks from the balancer itself). */
    public boolean keepsSocketAddresses() {
        return source == null;
    }
}
