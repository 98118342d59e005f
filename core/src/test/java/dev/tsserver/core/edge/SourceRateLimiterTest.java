package dev.tsserver.core.edge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

class SourceRateLimiterTest {

    private final AtomicLong now = new AtomicLong(1_000_000_000_000L);

    private static InetAddress ip(int last) throws Exception {
        return InetAddress.getByAddress(new byte[] {10, 0, (byte) (last >>> 8), (byte) last});
    }

    private int allowed(SourceRateLimiter limiter, InetAddress source, int attempts) {
        int n = 0;
        for (int i = 0; i < attempts; i++) {
            if (limiter.tryAcquire(source)) {
                n++;
            }
        }
        return n;
    }

    @Test
    void aBurstOfTheRateThenNothingUntilTimePasses() throws Exception {
        SourceRateLimiter limiter = new SourceRateLimiter(10, 100, now::get);
        assertEquals(10, allowed(limiter, ip(1), 50));
        now.addAndGet(100_000_000L); // 0.1 s: one more
        assertEquals(1, allowed(limiter, ip(1), 50));
        now.addAndGet(1_000_000_000L); // a quiet second: a full burst again
        assertEquals(10, allowed(limiter, ip(1), 50));
    }

    @Test
    void sourcesHaveSeparateBudgets() throws Exception {
        SourceRateLimiter limiter = new SourceRateLimiter(3, 100, now::get);
        assertEquals(3, allowed(limiter, ip(1), 10));
        assertEquals(3, allowed(limiter, ip(2), 10));
    }

    @Test
    void tableNeverExceedsItsCapacityAndNewcomersShareTheOverflowBudget() throws Exception {
        SourceRateLimiter limiter = new SourceRateLimiter(5, 8, now::get);
        int total = 0;
        for (int source = 0; source < 1000; source++) {
            total += allowed(limiter, ip(source), 1);
            assertTrue(limiter.size() <= 8);
        }
        // 8 sources get their own budget, the 992 others share one burst of 5.
        assertEquals(8 + 5, total);
    }

    @Test
    void idleSourcesAreForgottenToMakeRoom() throws Exception {
        SourceRateLimiter limiter = new SourceRateLimiter(5, 2, now::get);
        assertTrue(limiter.tryAcquire(ip(1)));
        assertTrue(limiter.tryAcquire(ip(2)));
        now.addAndGet(2_000_000_000L);
        for (int source = 3; source < 10; source++) {
            assertTrue(limiter.tryAcquire(ip(source)), "source " + source);
            now.addAndGet(2_000_000_000L);
        }
        assertEquals(2, limiter.size());
    }

    @Test
    void aRateOfOneIsOnePerSecond() throws Exception {
        SourceRateLimiter limiter = new SourceRateLimiter(1, 10, now::get);
        assertTrue(limiter.tryAcquire(ip(1)));
        assertFalse(limiter.tryAcquire(ip(1)));
        now.addAndGet(999_000_000L);
        assertFalse(limiter.tryAcquire(ip(1)));
        now.addAndGet(1_000_000L);
        assertTrue(limiter.tryAcquire(ip(1)));
    }
}
