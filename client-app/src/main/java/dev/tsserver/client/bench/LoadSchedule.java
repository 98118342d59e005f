package dev.tsserver.client.bench;

import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * When a worker issues requests, and which are measured. Closed loop (no rate): a connection
 * adds a request whenever it has room, while the run issues. Fixed rate: requests fall due every
 * {@code 1/rate} seconds from the load start and go round robin to the connections; a due
 * request that finds its connection full is queued, and one that finds no room even to queue
 * is skipped and counted. With {@code --count} the run issues until the worker's quota of
 * measured requests is used; otherwise until the measuring window ends.
 *
 * <p>Pure: every method takes the time, so it is tested with made-up times and no sockets.
 */
final class LoadSchedule {

    private static final long IDLE_WAIT_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

    private final boolean countMode;
    private final double intervalNanos;
    private Window window;
    /** Count mode: measured requests this worker still has to issue. */
    private long quota;
    private long nextDueNanos;
    private long dueCount;
    private int roundRobin;

    /**
     * @param quota count mode: measured requests this worker issues in total
     * @param rate  this worker's share of the total rate, per second; 0 for closed loop
     */
    LoadSchedule(boolean countMode, long quota, double rate) {
        this.countMode = countMode;
        this.quota = quota;
        this.intervalNanos = rate > 0 ? 1e9 / rate : 0;
    }

    void start(Window window) {
        this.window = window;
        this.nextDueNanos = window.loadStart();
    }

    Window window() {
        return window;
    }

    boolean fixedRate() {
        return intervalNanos > 0;
    }

    long quota() {
        return quota;
    }

    /** Whether requests are still being issued at {@code now}. */
    boolean issuing(long now) {
        if (countMode) {
            return now - window.measureStart() < 0 || quota > 0;
        }
        return now - window.measureEnd() < 0;
    }

    /** Closed loop: adds one request to {@code r} for {@code now}, if the run still issues. */
    boolean issueClosedLoop(Outstanding r, long now) {
        if (fixedRate() || !issuing(now)) {
            return false;
        }
        boolean measured = now - window.measureStart() >= 0;
        if (measured && countMode) {
            quota--;
        }
        r.schedule(now, measured);
        return true;
    }

    /**
     * Fixed rate: hands every request due by {@code now} to the next usable connection in turn.
     *
     * @param scheduled told of each connection that was given a request
     * @return requests skipped because their connection had no room
     */
    long scheduleDue(long now, BenchConnection[] connections, Consumer<BenchConnection> scheduled) {
        int n = connections.length;
        long skipped = 0;
        while (nextDueNanos - now <= 0) {
            long due = nextDueNanos;
            boolean measured = due - window.measureStart() >= 0;
            if (measured && (countMode ? quota == 0 : due - window.measureEnd() >= 0)) {
                return skipped;
            }
            BenchConnection target = null;
            for (int tries = 0; tries < n && target == null; tries++) {
                BenchConnection c = connections[roundRobin];
                roundRobin = roundRobin + 1 == n ? 0 : roundRobin + 1;
                if (c.usable()) {
                    target = c;
                }
            }
            if (target == null) {
                return skipped;
            }
            if (target.outstanding.canSchedule()) {
                target.outstanding.schedule(due, measured);
                if (measured && countMode) {
                    quota--;
                }
                scheduled.accept(target);
            } else {
                skipped++;
            }
            dueCount++;
            nextDueNanos = window.loadStart() + (long) (dueCount * intervalNanos);
        }
        return skipped;
    }

    /** How long the worker may wait for I/O at {@code now} before something falls due. */
    long waitNanos(long now, boolean issuing) {
        if (fixedRate() && issuing) {
            return nextDueNanos - now;
        }
        if (now - window.measureStart() < 0) {
            return window.measureStart() - now;
        }
        if (window.measureEnd() != Window.OPEN_END && issuing) {
            return window.measureEnd() - now;
        }
        return IDLE_WAIT_NANOS;
    }
}
