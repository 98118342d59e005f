package dev.tsserver.core;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;

import org.apache.mina.core.service.IoService;
import org.apache.mina.core.session.IoSession;

/**
 * Live counters of one server. MINA's own {@code getReadMessages()} is always 0 in 2.2, so the
 * server counts for itself. Increments are {@link LongAdder}s: cheap on the hot path and
 * contention-free across I/O threads. The counting methods are for the server's filters and
 * for protocol handlers ({@link dev.tsserver.core.protocol.ProtocolContext#stats()}); an
 * embedding application and the metrics module read them through {@link TsServer#stats()}, a
 * read-only {@link ServerCounters}.
 *
 * <p>Monitoring reads these at scrape time: the counters by reason and kind, the per-listener
 * message counts, and the gauges ({@link #queuedReplyBytes()} from the reply memory budget,
 * {@link #readSuspendedConnections()}, which walks the open sessions only when asked), so the
 * I/O threads never pay for them (MINA's own {@code IoServiceStatistics} takes locks on every
 * read and write: DIRMINA-1152).
 */
public final class ServerStats implements ServerCounters {

    private final LongAdder connectionsAccepted = new LongAdder();
    private final LongAdder connectionsRejected = new LongAdder();
    private final AtomicInteger connectionsOpen = new AtomicInteger();
    private final LongAdder messagesAnswered = new LongAdder();
    private final LongAdder framesRejected = new LongAdder();
    private final LongAdder datagramsAnswered = new LongAdder();
    private final LongAdder datagramsDropped = new LongAdder();
    private final dev.tsserver.core.edge.EdgeStats edge = new dev.tsserver.core.edge.EdgeStats();
    private final LongAdder messagesReceived = new LongAdder();
    private final LongAdder[] refusedByReason = adders(RefusalReason.values().length);
    private final LongAdder[] protocolErrorsByKind = adders(ProtocolErrorKind.values().length);
    private final LongAdder[] datagramsDroppedByReason = adders(DatagramDropReason.values().length);
    private final LongAdder bytesReceived = new LongAdder();
    private final LongAdder bytesSent = new LongAdder();
    private final Map<String, ListenerStats> listeners = new ConcurrentHashMap<>();
    private final List<IoService> sessionSources = new CopyOnWriteArrayList<>();
    private volatile LongSupplier replyMemory = () -> 0;
    private volatile boolean draining;
    private final ServerCounters readOnly = new ReadOnlyCounters(this);

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

    /** Counts a message handed to a listener's handler (TCP frame or UDP datagram), whatever the protocol. */
    public void messageReceived() {
        messagesReceived.increment();
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

    /** A TLS handshake that failed or did not finish in time; the count lives in {@link #edge()}. */
    public void tlsHandshakeFailed() {
        edge.tlsHandshakeFailed();
    }

    /**
     * A PROXY protocol header that was missing, malformed, too long or from an untrusted peer;
     * the count lives in {@link #edge()}.
     */
    public void proxyHeaderFailed() {
        edge.proxyHeaderFailed();
    }

    /**
     * The message counters of one listener, made on first use. Call it when a listener is set
     * up, not per message: the name must come from the configuration, never from a client.
     */
    public ListenerStats listener(String name) {
        return listeners.computeIfAbsent(name, ignored -> new ListenerStats());
    }

    /**
     * Publishes the counters of a listener under {@code name} once it is bound ({@link TsServer}
     * names a listener by its bound endpoint, {@code tcp://127.0.0.1:21567}: known only after the
     * bind when the port was 0, while the counters are wired into its handler before).
     *
     * @throws IllegalStateException if another listener already has that name
     */
    void addListener(String name, ListenerStats counters) {
        if (listeners.putIfAbsent(name, counters) != null) {
            throw new IllegalStateException("two listeners named " + name);
        }
    }

    @Override
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

    @Override
    public boolean isDraining() {
        return draining;
    }

    /** Lets {@link #readSuspendedConnections()} see this service's open connections. */
    void watchSessions(IoService service) {
        sessionSources.add(service);
    }

    /** Where {@link #queuedReplyBytes()} reads from: the server's reply memory budget. */
    void measureReplyMemory(LongSupplier bytesCharged) {
        replyMemory = bytesCharged;
    }

    /**
     * Bytes charged now to the server's reply memory budget ({@code --max-queued-reply-bytes}):
     * encoded replies queued and not yet written, their bookkeeping, and input held back while a
     * connection waits for its replies to drain. One atomic read; 0 for counters no server uses.
     */
    @Override
    public long queuedReplyBytes() {
        return replyMemory.getAsLong();
    }

    /**
     * Open connections the server is not reading from (reply memory bound reached, or a stop
     * under way); walks the sessions, so only when asked (at scrape time).
     */
    @Override
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

    /** Refusals counted here, plus the edge's own (access policy, per-source limit). */
    @Override
    public long connectionsRefused(RefusalReason reason) {
        long edgeRefused = switch (reason) {
            case ACCESS_DENIED -> edge.snapshot().connectionsRefusedByAccessPolicy();
            case PER_SOURCE_LIMIT -> edge.snapshot().connectionsRefusedPerSourceLimit();
            default -> 0;
        };
        return refusedByReason[reason.ordinal()].sum() + edgeRefused;
    }

    @Override
    public long protocolErrors(ProtocolErrorKind kind) {
        return protocolErrorsByKind[kind.ordinal()].sum();
    }

    /** Drops counted here, plus the edge's own (access policy, per-source rate). */
    @Override
    public long datagramsDropped(DatagramDropReason reason) {
        long edgeDropped = switch (reason) {
            case ACCESS_DENIED -> edge.snapshot().datagramsRefusedByAccessPolicy();
            case RATE_LIMITED -> edge.snapshot().datagramsOverSourceRate();
            default -> 0;
        };
        return datagramsDroppedByReason[reason.ordinal()].sum() + edgeDropped;
    }

    @Override
    public long connectionsAccepted() {
        return connectionsAccepted.sum();
    }

    @Override
    public long bytesReceived() {
        return bytesReceived.sum();
    }

    @Override
    public long bytesSent() {
        return bytesSent.sum();
    }

    @Override
    public long tlsHandshakeFailures() {
        return edge.snapshot().tlsHandshakeFailures();
    }

    @Override
    public long proxyHeaderFailures() {
        return edge.snapshot().proxyHeaderFailures();
    }

    private static LongAdder[] adders(int n) {
        LongAdder[] adders = new LongAdder[n];
        for (int i = 0; i < n; i++) {
            adders[i] = new LongAdder();
        }
        return adders;
    }

    /** Refusals by the edge (access policy, per-source limits), PROXY header and TLS handshake failures. */
    @Override
    public dev.tsserver.core.edge.EdgeStats edge() {
        return edge;
    }

    @Override
    public int openConnections() {
        return connectionsOpen.get();
    }

    @Override
    public Snapshot snapshot() {
        return new Snapshot(connectionsAccepted.sum(), connectionsRejected.sum(), connectionsOpen.get(),
                messagesAnswered.sum(), framesRejected.sum(), datagramsAnswered.sum(), datagramsDropped.sum(), messagesReceived.sum());
    }

    /** A view that reads these counters and cannot change them. */
    public ServerCounters readOnly() {
        return readOnly;
    }

    /** The counters at one moment. */
    public record Snapshot(long connectionsAccepted, long connectionsRejected, int connectionsOpen,
                           long messagesAnswered, long framesRejected, long datagramsAnswered,
                           long datagramsDropped, long messagesReceived) {
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

    /**
     * Messages received and replies sent on one listener. The server counts messages where they
     * reach the handler (one increment here and one in the server-wide total, no lookup per
     * message) and replies as the handler writes them.
     */
    public static final class ListenerStats implements ServerCounters.ListenerCounters {
        private final LongAdder messagesReceived = new LongAdder();
        private final LongAdder repliesSent = new LongAdder();

        public void messageReceived() {
            messagesReceived.increment();
        }

        public void replySent() {
            repliesSent.increment();
        }

        @Override
        public long messagesReceived() {
            return messagesReceived.sum();
        }

        @Override
        public long repliesSent() {
            return repliesSent.sum();
        }
    }

    /** Reads a {@link ServerStats} and cannot change it. */
    private static final class ReadOnlyCounters implements ServerCounters {
        private final ServerStats stats;

        ReadOnlyCounters(ServerStats stats) {
            this.stats = stats;
        }

        @Override
        public Snapshot snapshot() {
            return stats.snapshot();
        }

        @Override
        public int openConnections() {
            return stats.openConnections();
        }

        @Override
        public long connectionsAccepted() {
            return stats.connectionsAccepted();
        }

        @Override
        public long connectionsRefused(RefusalReason reason) {
            return stats.connectionsRefused(reason);
        }

        @Override
        public long protocolErrors(ProtocolErrorKind kind) {
            return stats.protocolErrors(kind);
        }

        @Override
        public long datagramsDropped(DatagramDropReason reason) {
            return stats.datagramsDropped(reason);
        }

        @Override
        public long bytesReceived() {
            return stats.bytesReceived();
        }

        @Override
        public long bytesSent() {
            return stats.bytesSent();
        }

        @Override
        public long tlsHandshakeFailures() {
            return stats.tlsHandshakeFailures();
        }

        @Override
        public long proxyHeaderFailures() {
            return stats.proxyHeaderFailures();
        }

        @Override
        public Map<String, ? extends ListenerCounters> listeners() {
            return stats.listeners();
        }

        @Override
        public long queuedReplyBytes() {
            return stats.queuedReplyBytes();
        }

        @Override
        public int readSuspendedConnections() {
            return stats.readSuspendedConnections();
        }

        @Override
        public boolean isDraining() {
            return stats.isDraining();
        }

        @Override
        public dev.tsserver.core.edge.EdgeCounters edge() {
            return stats.edge()::snapshot; // not the EdgeStats itself: its counting methods are the filters'
        }
    }
}
