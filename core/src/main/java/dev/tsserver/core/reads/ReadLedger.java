package dev.tsserver.core.reads;

import java.net.SocketAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Read counts per peer, kept after the peer's session has closed so a caller can look them up
 * once its exchange is over. Bounded: it remembers the {@code capacity} peers seen last and
 * forgets older ones. Thread-safe; the per-read path touches only the peer's own counters (held
 * by {@link ReadCountingFilter} in a session attribute), never this ledger's lock.
 */
public final class ReadLedger {

    public static final int DEFAULT_CAPACITY = 4096;

    private final Map<Key, Counter> peers;

    public ReadLedger() {
        this(DEFAULT_CAPACITY);
    }

    public ReadLedger(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1, was " + capacity);
        }
        this.peers = new LinkedHashMap<>(16, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Key, Counter> eldest) {
                return size() > capacity;
            }
        };
    }

    /** The counters of a peer, made on its first read; later sessions of the same peer add to them. */
    Counter counterFor(String transport, SocketAddress peer) {
        synchronized (peers) {
            return peers.computeIfAbsent(new Key(transport, peer), k -> new Counter());
        }
    }

    /** Every remembered peer, oldest first. */
    public List<PeerReads> snapshot() {
        synchronized (peers) {
            List<PeerReads> all = new ArrayList<>(peers.size());
            peers.forEach((key, counter) -> all.add(counter.toPeerReads(key)));
            return all;
        }
    }

    /** The counts for one peer, e.g. a client's {@code socket.getLocalSocketAddress()}. */
    public Optional<PeerReads> find(String transport, SocketAddress peer) {
        synchronized (peers) {
            Key key = new Key(transport, peer);
            Counter counter = peers.get(key);
            return counter == null ? Optional.empty() : Optional.of(counter.toPeerReads(key));
        }
    }

    private record Key(String transport, SocketAddress peer) {
    }

    /** One peer's counts; incremented from the I/O thread that owns the session. */
    static final class Counter {
        private final AtomicLong reads = new AtomicLong();
        private final AtomicLong bytes = new AtomicLong();

        void record(int byteCount) {
            reads.incrementAndGet();
            bytes.addAndGet(byteCount);
        }

        private PeerReads toPeerReads(Key key) {
            return new PeerReads(key.transport(), key.peer(), reads.get(), bytes.get());
        }
    }
}
