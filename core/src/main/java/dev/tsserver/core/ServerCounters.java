package dev.tsserver.core;

import java.util.Map;

import dev.tsserver.core.ServerStats.DatagramDropReason;
import dev.tsserver.core.ServerStats.ProtocolErrorKind;
import dev.tsserver.core.ServerStats.RefusalReason;

/**
 * The read-only view of a server's counters that {@link TsServer#stats()} hands out: callers can
 * read them, not change them. The metrics module reads this at scrape time; core stays free of
 * any metrics library.
 */
public interface ServerCounters {

    /** Every counter at one moment. */
    ServerStats.Snapshot snapshot();

    /** TCP connections open now, all listeners together. */
    int openConnections();

    /** Refusals by the edge (access policy, per-source limits), PROXY header and TLS handshake failures. */
    dev.tsserver.core.edge.EdgeCounters edge();

    /** TCP connections accepted, including those then refused. */
    long connectionsAccepted();

    /** TCP connections closed at once, before any reply, for this reason. */
    long connectionsRefused(RefusalReason reason);

    /** Framing errors of this kind. */
    long protocolErrors(ProtocolErrorKind kind);

    /** UDP datagrams dropped unanswered for this reason. */
    long datagramsDropped(DatagramDropReason reason);

    /** Bytes read from client sockets (TCP and UDP). */
    long bytesReceived();

    /** Bytes written to client sockets (TCP and UDP), counted as queued for the socket. */
    long bytesSent();

    /** TLS handshakes that failed or did not finish in time. */
    long tlsHandshakeFailures();

    /** PROXY protocol headers missing, malformed, too long or from an untrusted peer. */
    long proxyHeaderFailures();

    /**
     * Messages and replies per listener, keyed by the listener's bound endpoint
     * ({@code tcp://127.0.0.1:21567}); a fixed set once the server has started.
     */
    Map<String, ? extends ListenerCounters> listeners();

    /** Bytes charged now to the reply memory budget (queued replies, their bookkeeping, held input). */
    long queuedReplyBytes();

    /** Open connections the server is not reading from now. */
    int readSuspendedConnections();

    /** True from the moment a stop begins. */
    boolean isDraining();

    /** What one listener has received and sent. */
    interface ListenerCounters {

        /** Messages (decoded frames, datagrams) handed to the listener's handler. */
        long messagesReceived();

        /** Replies the listener's handler (or an error notice of the server) wrote. */
        long repliesSent();
    }
}
