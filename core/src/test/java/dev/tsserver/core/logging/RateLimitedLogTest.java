package dev.tsserver.core.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.AdditionalMatchers.aryEq;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;
import org.slf4j.Logger;

class RateLimitedLogTest {

    private final Logger logger = mock(Logger.class);
    private final AtomicLong now = new AtomicLong();
    private final RateLimitedLog log = new RateLimitedLog(logger, Duration.ofSeconds(10), 3, now::get);

    RateLimitedLogTest() {
        when(logger.isWarnEnabled()).thenReturn(true);
    }

    @Test
    void logsUpToTheLimitPerWindowAndCountsTheRest() {
        for (int i = 0; i < 100; i++) {
            log.warn("closing {}: bad length", "peer" + i);
        }
        verify(logger, times(3)).warn(eq("closing {}: bad length"), any(Object[].class));
        assertEquals(97, log.suppressed());
    }

    @Test
    void theFirstLineOfTheNextWindowSaysHowManyWereLeftOut() {
        for (int i = 0; i < 10; i++) {
            log.warn("closing {}: bad length", "peer" + i);
        }
        now.addAndGet(Duration.ofSeconds(10).toNanos());
        log.warn("closing {}: bad length", "late");
        verify(logger).warn(eq("closing {}: bad length ({} similar lines not logged in the last 10 s)"),
                aryEq(new Object[] {"late", 7L}));
        assertEquals(0, log.suppressed());
    }

    @Test
    void aQuietLogLogsEveryLine() {
        for (int i = 0; i < 5; i++) {
            log.warn("closing {}: bad length", "peer" + i);
            now.addAndGet(Duration.ofSeconds(11).toNanos());
        }
        verify(logger, times(5)).warn(eq("closing {}: bad length"), any(Object[].class));
    }
}
