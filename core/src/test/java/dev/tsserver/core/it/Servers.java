package dev.tsserver.core.it;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import dev.tsserver.core.TsServer;
import dev.tsserver.core.TsServerConfig;
import dev.tsserver.core.time.TimestampFormat;

/** Test servers: loopback, port 0, epoch timestamps from a fixed clock so replies are exact. */
final class Servers {

    static final String PREFIX = "[0] ";

    private Servers() {
    }

    static TsServerConfig.Builder loopback() {
        return TsServer.builder()
                .host("127.0.0.1")
                .port(0)
                .timeFormat(TimestampFormat.EPOCH)
                .zone(ZoneOffset.UTC)
                .clock(Clock.fixed(Instant.EPOCH, ZoneOffset.UTC));
    }

    /** Waits for a condition the test cannot get a future for; fails after the timeout. */
    static void await(String what, long timeoutMillis, BooleanSupplier condition) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + timeoutMillis + " ms waiting for " + what);
            }
            Thread.onSpinWait();
            java.util.concurrent.locks.LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(2));
        }
    }
}
