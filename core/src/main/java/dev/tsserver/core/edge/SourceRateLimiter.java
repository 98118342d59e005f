package dev.tsserver.core.edge;

import java.net.InetAddress;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * At most {@code perSecond} events per second per source address (a burst of up to
 * {@code perSecond} after a quiet second), with a table of bounded size whatever the number
 * of sources.
 *
 * <p>Each source holds one number, its "theoretical arrival time" (GCRA, the generic cell
 * rate algorithm: a token bucket written as one timestamp). A source whose time lies in the
 * past is indistinguishable from a source never seen, so such entries can be dropped at any
 * moment without giving anyone extra budget. When the table is full of sources active within
 * the last second, newcomers share one overflow entry: a flood of spoofed sources then gets
 * {@code perSecond} replies in total, not {@code perSecond} each.
 */
public final class SourceRateLimiter {

    /** Sources remembered at once; about 100 bytes each. */
    public static final int DEFAULT_CAPACITY = 65_536;

    private final long intervalNanos;
    private final long burstNanos;
    private final int capacity;
    private final LongSupplier nanoClock;
    private final LinkedHashMap<InetAddress, long[]> sources;
    private final long[] overflow = new long[1];

    public SourceRateLimiter(int perSecond) {
        this(perSecond, DEFAULT_CAPACITY, System::nanoTime);
    }

    SourceRateLimiter(int perSecond, int capacity, LongSupplier nanoClock) {
        if (perSecond < 1) {
            throw new IllegalArgumentException("rate must be at least 1 per second, was " + perSecond);
        }
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1, was " + capacity);
        }
        this.intervalNanos = 1_000_000_000L / perSecond;
        this.burstNanos = intervalNanos * (perSecond - 1L);
        this.capacity = capacity;
        this.nanoClock = nanoClock;
        this.sources = new LinkedHashMap<>(Math.min(capacity, 1024), 0.75f, true);
        long now = nanoClock.getAsLong();
        this.overflow[0] = now;
    }

    /** Whether {@code source} may have one more event now; if so, the event is charged. */
    public synchronized boolean tryAcquire(InetAddress source) {
        long now = nanoClock.getAsLong();
        long[] tat = sources.get(source);
        if (tat == null) {
            if (sources.size() >= capacity && !dropEldestIfIdle(now)) {
                return charge(overflow, now);
            }
            tat = new long[] {now};
            sources.put(source, tat);
        }
        return charge(tat, now);
    }

    private boolean charge(long[] tat, long now) {
        long earliest = tat[0] - burstNanos;
        if (now - earliest < 0) {
            return false;
        }
        tat[0] = Math.max(tat[0], now) + intervalNanos;
        return true;
    }

    private boolean dropEldestIfIdle(long now) {
        Map.Entry<InetAddress, long[]> eldest = sources.entrySet().iterator().next();
        if (eldest.getValue()[0] - now <= 0) { // its bucket is full again: forgetting it changes nothing
            sources.remove(eldest.getKey());
            return true;
        }
        return false;
    }

    /** Sources remembered now; never more than the capacity. */
    public synchronized int size() {
        return sources.size();
    }
}
