package dev.tsserver.core.chain;

import java.util.concurrent.atomic.AtomicLong;

/**
 * One server's budget for reply memory: the bytes of every reply queued for sending on every
 * connection, plus what their bookkeeping costs (write requests, futures) and the input held
 * back while a connection waits for its replies to drain. {@link ReplyMemoryFilter} charges it
 * and, once it is spent, lets only connections with nothing queued go on reading, in small
 * steps, so the total stays near the limit however many peers stop reading.
 *
 * <p>Thread-safe: every I/O thread charges the same counter.
 */
public final class ReplyMemoryBudget {

    /** The default limit when none is given: 256 MiB, or a quarter of the heap if that is less. */
    public static long defaultLimit() {
        return Math.min(256L * 1024 * 1024, Runtime.getRuntime().maxMemory() / 4);
    }

    private final long limit;
    private final AtomicLong used = new AtomicLong();

    public ReplyMemoryBudget(long limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("reply memory budget must be at least 1 byte, was " + limit);
        }
        this.limit = limit;
    }

    public long limit() {
        return limit;
    }

    /** Bytes charged now, across every connection. */
    public long used() {
        return used.get();
    }

    /** True while the charged bytes are at or past the limit. */
    public boolean exhausted() {
        return used.get() >= limit;
    }

    void charge(long delta) {
        if (delta != 0) {
            used.addAndGet(delta);
        }
    }
}
