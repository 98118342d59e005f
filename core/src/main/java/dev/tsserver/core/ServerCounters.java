package dev.tsserver.core;

/**
 * The read-only view of a server's counters that {@link TsServer#stats()} hands out: callers can
 * read them, not change them.
 */
public interface ServerCounters {

    /** Every counter at one moment. */
    ServerStats.Snapshot snapshot();

    /** TCP connections open now, all listeners together. */
    int openConnections();

    /** Refusals by the edge (access policy, per-source limits), PROXY header and TLS handshake failures. */
    dev.tsserver.core.edge.EdgeCounters edge();
}
