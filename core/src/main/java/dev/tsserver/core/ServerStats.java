package dev.tsserver.core;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * Live counters of one server. MINA's own {@code getReadMessages()} is always 0 in 2.2, so the
 * server counts for itself. Increments are {@link LongAdder}s: cheap on the hot path and
 * contention-free across I/O threads.
 */
public final class ServerStats {

    private final LongAdder connectionsAccepted = new LongAdder();
    private final LongAdder connectionsRejected = new LongAdder();
    private final AtomicInteger connectionsOpen = new AtomicInteger();
    private final LongAdder messagesAnswered = new LongAdder();
    private final LongAdder framesRejected = new LongAdder();
    private final LongAdder datagramsAnswered = new LongAdder();
    private final LongAdder datagramsDropped = new LongAdder();
    private final dev.tsserver.core.edge.EdgeStats edge = new dev.tsserver.core.edge.EdgeStats();

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
    public dev.tsserver.core.edge.EdgeStats edge() {
        return edge;
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
}
