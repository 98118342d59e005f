package dev.tsserver.core.logging;

import java.time.Duration;
import java.util.Arrays;
import java.util.function.LongSupplier;

import org.slf4j.Logger;

/**
 * Logs at most {@code perWindow} lines of one kind per time window and counts the rest, so a
 * flood of bad peers costs a few log lines instead of one per connection. The first line logged
 * after a window with suppressed lines says how many were left out:
 *
 * <pre>
 *   closing 127.0.0.1:40112: declared length 4294967295 exceeds max frame 65536 (1873 similar lines not logged in the last 10 s)
 * </pre>
 *
 * Use one instance per kind of message (protocol errors, refused connections, ...). Thread-safe;
 * the check is a short synchronized block, cheap next to the logging it replaces.
 */
public final class RateLimitedLog {

    /** The default: 10 lines per 10 s for each kind. */
    public static final Duration DEFAULT_WINDOW = Duration.ofSeconds(10);
    public static final int DEFAULT_PER_WINDOW = 10;

    private final Logger logger;
    private final long windowNanos;
    private final int perWindow;
    private final LongSupplier nanoClock;
    private long windowStart;
    private int loggedInWindow;
    private long suppressed;

    public RateLimitedLog(Logger logger) {
        this(logger, DEFAULT_WINDOW, DEFAULT_PER_WINDOW, System::nanoTime);
    }

    /**
     * One line per {@code window}, for events anyone on the network can cause at will (refused
     * peers, bad PROXY headers, failed TLS handshakes): a flood costs one line per window.
     */
    public static RateLimitedLog onePer(Logger logger, Duration window) {
        return new RateLimitedLog(logger, window, 1, System::nanoTime);
    }

    public RateLimitedLog(Logger logger, Duration window, int perWindow, LongSupplier nanoClock) {
        if (window.isNegative() || window.isZero() || perWindow < 1) {
            throw new IllegalArgumentException("need a positive window and at least 1 line per window");
        }
        this.logger = logger;
        this.windowNanos = window.toNanos();
        this.perWindow = perWindow;
        this.nanoClock = nanoClock;
        this.windowStart = nanoClock.getAsLong();
    }

    public void warn(String format, Object... args) {
        if (logger.isWarnEnabled()) {
            long before = admit();
            if (before >= 0) {
                logger.warn(withSuppressed(format, before), withSuppressed(args, before));
            }
        }
    }

    public void info(String format, Object... args) {
        if (logger.isInfoEnabled()) {
            long before = admit();
            if (before >= 0) {
                logger.info(withSuppressed(format, before), withSuppressed(args, before));
            }
        }
    }

    /** Lines left out since the last line logged (for tests and metrics). */
    public synchronized long suppressed() {
        return suppressed;
    }

    /** -1: suppress this line; otherwise how many were suppressed before it (then reset). */
    private synchronized long admit() {
        long now = nanoClock.getAsLong();
        if (now - windowStart >= windowNanos) {
            windowStart = now;
            loggedInWindow = 0;
        }
        if (loggedInWindow >= perWindow) {
            suppressed++;
            return -1;
        }
        loggedInWindow++;
        long before = suppressed;
        suppressed = 0;
        return before;
    }

    private String withSuppressed(String format, long before) {
        return before == 0 ? format
                : format + " ({} similar lines not logged in the last " + Duration.ofNanos(windowNanos).toSeconds() + " s)";
    }

    private static Object[] withSuppressed(Object[] args, long before) {
        if (before == 0) {
            return args;
        }
        Object[] more = Arrays.copyOf(args, args.length + 1);
        more[args.length] = before;
        return more;
    }
}
