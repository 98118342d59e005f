package dev.tsserver.core;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * Live counters of one server. MINA's own {@code getReadMessages()} is always 0 in 2.2, so the
 * server counts for itself. Increments are {@link LongAdder}s: cheap on the hot path and
 * contention-free across I/O threads. The counting methods are for the server's filters and
 * for protocol handlers ({@link dev.tsserver.core.protocol.ProtocolContext#stats()}); an
 * embedding application reads them through {@link TsServer#stats()}, a read-only
 * {@link ServerCounters}.
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
    private final ServerCounters readOnly = new ServerCounters() {
        @Override
        public Snapshot snapshot() {
            return ServerStats.this.snapshot();
        }

        @Override
        public int openConnections() {
            return ServerStats.this.openConnections();
        }

        @Override
        public dev.tsserver.core.edge.EdgeCounters edge() {
            return edge::snapshot; // not the EdgeStats itself: its counting methods are the filters'
        }
    };

    /** Counts an accepted connection; returns how many are now open. */
    public int connectionOpened() {
        connectionsAccepted.increment();
        return connectionsOpen.incrementAndGet();
    }

    public void connectionClosed() {
        connectionsOpen.decrementAndGet();
    }

    public void connectionRejected() {
        connectionsRejected.increment();
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

    public void datagramDropped() {
        datagramsDropped.increment();
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
}
