package dev.tsserver.core.edge;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;
import org.slf4j.Logger;

class RateLimitedLogTest {

    @Test
    void oneLinePerIntervalAndTheNextSaysHowManyWereSkipped() {
        Logger logger = mock(Logger.class);
        when(logger.isWarnEnabled()).thenReturn(true);
        AtomicLong now = new AtomicLong();
        RateLimitedLog log = new RateLimitedLog(logger, 1_000L, now::get);
        for (int i = 0; i < 100; i++) {
            log.warn("refused {}", i);
        }
        verify(logger, times(1)).warn(eq("refused {}"), any(Object[].class));
        now.addAndGet(1_000L);
        log.warn("refused {}", 100);
        verify(logger).warn(eq("refused {} (99 more like it not logged)"), any(Object[].class));
    }
}
