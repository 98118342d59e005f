package dev.tsserver.core.edge;

/**
 * The read-only view of the edge's counters ({@link EdgeStats}) that
 * {@link dev.tsserver.core.ServerCounters#edge()} hands out: read, not changed.
 */
@FunctionalInterface
public interface EdgeCounters {

    /** Every edge counter at one moment. */
    EdgeStats.Snapshot snapshot();
}
