package dev.tsserver.core.edge;

import java.util.concurrent.atomic.LongAdder;

/**
 * Counters of the edge: connections and datagrams refused, and by which rule; PROXY header
 * and TLS handshake failures. Kept apart from the core counters so the admin endpoint can
 * expose them by reason. Every increment is a {@link LongAdder}: contention-free across I/O
 * threads.
 */
public final class EdgeStats implements EdgeCounters {

    private final LongAdder refusedByAccessPolicy = new LongAdder();
    private final LongAdder refusedPerSourceLimit = new LongAdder();
    private final LongAdder datagramsRefusedByAccessPolicy = new LongAdder();
    private final LongAdder datagramsOverSourceRate = new LongAdder();
    private final LongAdder proxyHeaderFailures = new LongAdder();
    private final LongAdder tlsHandshakeFailures = new LongAdder();

    public void connectionRefusedByAccessPolicy() {
        refusedByAccessPolicy.increment();
    }

    public void connectionRefusedPerSourceLimit() {
        refusedPerSourceLimit.increment();
    }

    public void datagramRefusedByAccessPolicy() {
        datagramsRefusedByAccessPolicy.increment();
    }

    public void datagramOverSourceRate() {
        datagramsOverSourceRate.increment();
    }

    public void proxyHeaderFailed() {
        proxyHeaderFailures.increment();
    }

    public void tlsHandshakeFailed() {
        tlsHandshakeFailures.increment();
    }

    @Override
    public Snapshot snapshot() {
        return new Snapshot(refusedByAccessPolicy.sum(), refusedPerSourceLimit.sum(),
                datagramsRefusedByAccessPolicy.sum(), datagramsOverSourceRate.sum(), proxyHeaderFailures.sum(),
                tlsHandshakeFailures.sum());
    }

    /** The counters at one moment. */
    public record Snapshot(long connectionsRefusedByAccessPolicy, long connectionsRefusedPerSourceLimit,
                           long datagramsRefusedByAccessPolicy, long datagramsOverSourceRate,
                           long proxyHeaderFailures, long tlsHandshakeFailures) {
    }
}
