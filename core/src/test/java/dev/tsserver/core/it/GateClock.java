package dev.tsserver.core.it;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A server clock that holds the threads reading it: every read of the time blocks until
 * {@link #release} is counted down (an I/O thread, or executor threads, held inside the handler),
 * and optionally the first read after that stalls for a fixed time, as a thread the machine does
 * not schedule would. The time is always the epoch, so replies stay exact.
 */
public final class GateClock extends Clock {

    public final CountDownLatch entered = new CountDownLatch(1);
    public final CountDownLatch release = new CountDownLatch(1);
    private final long stallMillis;
    private final AtomicInteger reads = new AtomicInteger();
    volatile boolean stalled;

    public GateClock() {
        this(0);
    }

    /** @param stallMillis how long the second read of the time stalls; 0: it does not */
    GateClock(long stallMillis) {
        this.stallMillis = stallMillis;
    }

    @Override
    public long millis() {
        boolean first = reads.getAndIncrement() == 0;
        entered.countDown();
        try {
            release.await(20, TimeUnit.SECONDS);
            if (!first && stallMillis > 0 && !stalled) {
                Thread.sleep(stallMillis); // the starvation itself, not a synchronisation
                stalled = true;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 0;
    }

    @Override
    public Instant instant() {
        return Instant.ofEpochMilli(millis());
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }
}
