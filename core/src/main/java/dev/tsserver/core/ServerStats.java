package dev.tsserver.core;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

import org.apache.mina.core.service.IoService;
import org.apache.mina.core.session.IoSession;

/**
 * Live counters of one server. MINA's own {@code getReadMessages()} is always 0 in 2.2, so the
 * server counts for itself. Increments are {@link LongAdder}s: cheap on the hot path and
 * contention-free across I/O threads.
 *
 * <p>Monitoring reads these at scrape time: the counters by reason and kind, the per-listener
 * message counts, and the gauges ({@link #queuedReplyBytes()}, {@link #readSuspendedConnections()})
 * which walk the open sessions only when asked, so the I/O threads never pay for them (MINA's
 * own {@code IoServiceStatistics} takes locks on every read and write: DIRMINA-1152).
 */
public final class ServerStats {

    private final LongAdder connectionsAccepted = new LongAdder();
    private final LongAdder connectionsRejected = new LongAdder();
    private final AtomicInteger connectionsOpen = new AtomicInteger();
    private final LongAdder messagesAnswered = new LongAdder();
    private final LongAdder framesRejected = new LongAdder();
    private final LongAdder datagramsAnswered = new LongAdder();
    private final LongAdder datagramsDropped = new LongAdder();
    private final LongAdder[] refusedByReason = adders(RefusalReason.values().length);
    private final LongAdder[] protocolErrorsByKind = adders(ProtocolErrorKind.values().length);
    private final LongAdder[] datagramsDroppedByReason = adders(DatagramDropReason.values().length);
    private final LongAdder bytesReceived = new LongAdder();
    private final LongAdder bytesSent = new LongAdder();
    private final LongAdder tlsHandshakeFailures = new LongAdder();
    private final LongAdder proxyHeaderFailures = new LongAdder();
    private final Map<String, ListenerStats> listeners = new ConcurrentHashMap<>();
    private final List<IoService> sessionSources = new CopyOnWriteArrayList<>();
    private volatile boolean draining;

    /** Counts an accepted connection; returns how many are now open. */
    public int connectionOpened() {
        connectionsAccepted.increment();
        return connectionsOpen.incrementAndGet();
    }

    public void connectionClosed() {
        connectionsOpen.decrementAndGet();
    }

    /** A connection refused by the connection limit; same as {@code connectionRefused(MAX_CONNECTIONS)}. */
    public void connectionRejected() {
        connectionRefused(RefusalReason.MAX_CONNECTIONS);
    }

    /** A TCP connection closed at once, before any reply, for this reason. */
    public void connectionRefused(RefusalReason reason) {
        connectionsRejected.increment();
        refusedByReason[reason.ordinal()].increment();
    }

    public void messageAnswered() {
        messagesAnswered.increment();
    }

    public void frameRejected() {
        framesRejected.increment();
    }

    public void datagramAnswered() {
        datagramsAnswered.increment();
    }

    /** A datagram over the max frame; same as {@code datagramDropped(OVERSIZE)}. */
    public void datagramDropped() {
        datagramDropped(DatagramDropReason.OVERSIZE);
    }

    public void datagramDropped(DatagramDropReason reason) {
        datagramsDropped.increment();
        datagramsDroppedByReason[reason.ordinal()].increment();
    }

    /**
     * A framing error of this kind. Too-long and corrupt frames also count in
     * {@link Snapshot#framesRejected()}.
     */
    public void protocolError(ProtocolErrorKind kind) {
        protocolErrorsByKind[kind.ordinal()].increment();
        if (kind != ProtocolErrorKind.UNFRAMEABLE_REPLY) {
            framesRejected.increment();
        }
    }

    /** Bytes read from a socket (TCP or UDP), before any decoding. */
    public void bytesReceived(long bytes) {
        bytesReceived.add(bytes);
    }

    /** Bytes written to a socket (TCP or UDP), counted as they are queued for it. */
    public void bytesSent(long bytes) {
        bytesSent.add(bytes);
    }

    /** A TLS handshake that failed or did not finish in time. */
    public void tlsHandshakeFailed() {
        tlsHandshakeFailures.increment();
    }

    /** A PROXY protocol header that was missing, malformed, too long or from an untrusted peer. */
    public void proxyHeaderFailed() {
        proxyHeaderFailures.increment();
    }

    /**
     * The message counters of one listener, made on first use. Call it when a listener is set
     * up, not per message: the name must come from the configuration, never from a client.
     */
    public ListenerStats listener(String name) {
        return listeners.computeIfAbsent(name, ListenerStats::new);
    }

    /** Every listener's counters, by listener name. */
    public Map<String, ListenerStats> listeners() {
        return Collections.unmodifiableMap(listeners);
    }

    /**
     * A stop has begun: readiness goes to "not ready" from here on. Called at the very start of
     * a stop, before the server stops accepting; idempotent.
     */
    public void markDraining() {
        draining = true;
    }

    public boolean isDraining() {
        return draining;
    }

    /** Lets the session gauges see this service's open connections. */
    public void watchSessions(IoService service) {
        sessionSources.add(service);
    }

    /** Encoded reply bytes queued on open connections and not yet written; walks the sessions. */
    public long queuedReplyBytes() {
        long bytes = 0;
        for (IoService service : sessionSources) {
            for (IoSession session : service.getManagedSessions().values()) {
                bytes += Math.max(0, session.getScheduledWriteBytes());
            }
        }
        return bytes;
    }

    /**
     * Open connections the server is not reading from (write backpressure, or a drain under
     * way); walks the sessions.
     */
    public int readSuspendedConnections() {
        int count = 0;
        for (IoService service : sessionSources) {
            for (IoSession session : service.getManagedSessions().values()) {
                if (session.isReadSuspended()) {
                    count++;
                }
            }
        }
        return count;
    }

    public long connectionsRefused(RefusalReason reason) {
        return refusedByReason[reason.ordinal()].sum();
    }

    public long protocolErrors(ProtocolErrorKind kind) {
        return protocolErrorsByKind[kind.ordinal()].sum();
    }

    public long datagramsDropped(DatagramDropReason reason) {
        return datagramsDroppedByReason[reason.ordinal()].sum();
    }

    public long connectionsAccepted() {
        return connectionsAccepted.sum();
    }

    public long bytesReceived() {
        return bytesReceived.sum();
    }

    public long bytesSent() {
        return bytesSent.sum();
    }

    public long tlsHandshakeFailures() {
        return tlsHandshakeFailures.sum();
    }

    public long proxyHeaderFailures() {
        return proxyHeaderFailures.sum();
    }

    private static LongAdder[] adders(int n) {
        LongAdder[] adders = new LongAdder[n];
        for (int i = 0; i < n; i++) {
            adders[i] = new LongAdder();
        }
        return adders;
    }

    public int openConnections() {
        return connectionsOpen.get();
    }

    public Snapshot snapshot() {
        return new Snapshot(connectionsAccepted.sum(), connectionsRejected.sum(), connectionsOpen.get(),
                messagesAnswered.sum(), framesRejected.sum(), datagramsAnswered.sum(), datagramsDropped.sum());
    }

    /** The counters at one moment. */
    public record Snapshot(long connectionsAccepted, long connectionsRejected, int connectionsOpen,
                           long messagesAnswered, long framesRejected, long datagramsAnswered,
                           long datagramsDropped) {
    }

    /** Why a TCP connection was refused; {@link #label()} is the metric label value. */
    public enum RefusalReason {
        /** {@code --max-connections} reached. */
        MAX_CONNECTIONS("max_connections"),
        /** Refused by {@code --allow}/{@code --deny}. */
        ACCESS_DENIED("access_denied"),
        /** {@code --max-connections-per-source} reached. */
        PER_SOURCE_LIMIT("per_source_limit");

        private final String label;

        RefusalReason(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    /** Kinds of framing error; {@link #label()} is the metric label value. */
    public enum ProtocolErrorKind {
        /** A frame over the max frame (a line codec answers and goes on; a length codec closes). */
        FRAME_TOO_LONG("frame_too_long"),
        /** Input the codec cannot decode; the connection is closed. */
        CORRUPT_FRAME("corrupt_frame"),
        /** A reply the codec cannot frame (too long for its length field); the connection is closed. */
        UNFRAMEABLE_REPLY("unframeable_reply");

        private final String label;

        ProtocolErrorKind(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    /** Why a datagram was dropped unanswered; {@link #label()} is the metric label value. */
    public enum DatagramDropReason {
        /** Over the max frame. */
        OVERSIZE("oversize"),
        /** Its reply would not fit one datagram. */
        REPLY_TOO_LARGE("reply_too_large"),
        /** Its source is refused by {@code --allow}/{@code --deny}. */
        ACCESS_DENIED("access_denied"),
        /** Over {@code --udp-rate-per-source}. */
        RATE_LIMITED("rate_limited");

        private final String label;

        DatagramDropReason(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    /** Messages received and replies sent on one listener. */
    public static final class ListenerStats {
        private final String name;
        private final LongAdder messagesReceived = new LongAdder();
        private final LongAdder repliesSent = new LongAdder();

        ListenerStats(String name) {
            this.name = name;
        }

        public String name() {
            return name;
        }

        public void messageReceived() {
            messagesReceived.increment();
        }

        public void replySent() {
            repliesSent.increment();
        }

        public long messagesReceived() {
            return messagesReceived.sum();
        }

        public long repliesSent() {
            return repliesSent.sum();
        }
    }
}
