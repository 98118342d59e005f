package dev.tsserver.core.edge;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

import org.slf4j.Logger;

/**
 * A log line for events an attacker can cause at will (refusals, bad headers, failed
 * handshakes): the first one of each interval is written, the others are only counted and the
 * count is added to the next line written ({@code (37 more since the last)}). A flood then costs
 * one line per interval, not one per packet.
 */
public final class RateLimitedLog {

    private final Logger logger;
    private final long intervalNanos;
    private final LongSupplier nanoClock;
    private final AtomicLong nextAllowed;
    private final AtomicLong suppressed = new AtomicLong();

    public RateLimitedLog(Logger logger, long interval, TimeUnit unit) {
        this(logger, unit.toNanos(interval), System::nanoTime);
    }

    RateLimitedLog(Logger logger, long intervalNanos, LongSupplier nanoClock) {
        this.logger = logger;
        this.intervalNanos = intervalNanos;
        this.nanoClock = nanoClock;
        this.nextAllowed = new AtomicLong(nanoClock.getAsLong());
    }

    /** Logs at WARN unless a line went out within the interval; {@code message} is built only when written. */
    public void warn(String format, Object... args) {
        if (!logger.isWarnEnabled()) {
            return;
        }
        if (claim()) {
            logger.warn(withSuppressed(format), args);
        }
    }

    /** As {@link #warn}, at INFO. */
    public void info(String format, Object... args) {
        if (!logger.isInfoEnabled()) {
            return;
        }
        if (claim()) {
            logger.info(withSuppressed(format), args);
        }
    }

    private boolean claim() {
        long now = nanoClock.getAsLong();
        long next = nextAllowed.get();
        if (now - next >= 0 && nextAllowed.compareAndSet(next, now + intervalNanos)) {
            return true;
        }
        suppressed.incrementAndGet();
        return false;
    }

    private String withSuppressed(String format) {
        long skipped = suppressed.getAndSet(0);
        return skipped == 0 ? format : format + " (" + skipped + " more like it not logged)";
    }
}
