package dev.tsserver.client.bench;

import java.util.concurrent.TimeUnit;

/**
 * When a lost connection is tried again ({@code --reconnect}): at once, then after 50 ms,
 * doubling up to a second, until the connection has had no reply for the budget (the
 * {@code --timeout}), when it is given up. A reply ends the outage. Pure: times come from the
 * caller, so it is tested without a clock or sockets.
 */
final class Outage {

    /** {@link #nextAttempt}: the budget is spent; give the connection up. */
    static final long GIVE_UP = Long.MIN_VALUE;
    static final long FIRST_BACKOFF_NANOS = TimeUnit.MILLISECONDS.toNanos(50);
    static final long MAX_BACKOFF_NANOS = TimeUnit.SECONDS.toNanos(1);

    private boolean active;
    private long startNanos;
    private long backoffNanos;

    /** A reply came: the next loss starts a new outage. */
    void replied() {
        active = false;
    }

    /**
     * The connection was lost, or an attempt to connect it again failed, at {@code now}: when to
     * try next, or {@link #GIVE_UP}.
     */
    long nextAttempt(long now, long budgetNanos) {
        if (!active) {
            active = true;
            startNanos = now;
            backoffNanos = 0;
        }
        long deadline = startNanos + budgetNanos;
        if (now - deadline >= 0) {
            return GIVE_UP;
        }
        long at = now + Math.min(backoffNanos, deadline - now);
        backoffNanos = backoffNanos == 0 ? FIRST_BACKOFF_NANOS : Math.min(2 * backoffNanos, MAX_BACKOFF_NANOS);
        return at;
    }

    /** When the budget of the current outage runs out. */
    long deadline(long budgetNanos) {
        return startNanos + budgetNanos;
    }
}
