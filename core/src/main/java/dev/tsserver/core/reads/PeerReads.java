package dev.tsserver.core.reads;

import java.net.SocketAddress;

/**
 * What the server read from one peer: how many reads (a TCP read, or a UDP datagram) handed
 * bytes to the filter chain, and how many bytes they carried. This is the server's view of the
 * stream before any codec has framed it, so {@code reads} shows how the transport cut the
 * peer's writes.
 *
 * @param transport {@code "tcp"} or {@code "udp"}
 * @param peer      the peer's address as the server sees it (the client's local address)
 */
public record PeerReads(String transport, SocketAddress peer, long reads, long bytes) {
}
