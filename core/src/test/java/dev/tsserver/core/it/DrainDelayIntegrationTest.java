package dev.tsserver.core.it;

import static dev.tsserver.core.it.Servers.PREFIX;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import dev.tsserver.core.InvalidSettingException;
import dev.tsserver.core.TsServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * SPEC Part 2 "Stopping without losing anything", {@code --drain-delay}: from the start of a stop
 * the server reports not ready, yet accepts and answers for the whole delay (a load balancer
 * needs that long to take it out); then the lossless stop runs and ends within its limit.
 */
@Timeout(60)
class DrainDelayIntegrationTest {

    private static final Duration DRAIN_DELAY = Duration.ofSeconds(3);
    /** TsServer's default stop limit plus room for a busy machine. */
    private static final long STOP_LIMIT_MILLIS = 5_000;

    @Test
    void notReadyAtOnceButServingAndAcceptingThroughTheDelayThenStopped() throws Exception {
        TsServer server = Servers.loopback().drainDelay(DRAIN_DELAY).start();
        InetSocketAddress address = server.tcpAddress();
        try (LoopbackClient before = new LoopbackClient(address)) {
            assertEquals(PREFIX + "before", before.send("before\n").readLineText());
            assertFalse(server.stats().isDraining(), "ready before the stop");

            long stopBegan = System.nanoTime();
            CompletableFuture<Void> stop = CompletableFuture.runAsync(server::close);
            Servers.await("not ready", 2_000, () -> server.stats().isDraining());

            // Inside the delay: the open connection goes on and a new one is accepted and served.
            assertEquals(PREFIX + "during", before.send("during\n").readLineText());
            try (LoopbackClient fresh = new LoopbackClient(address)) {
                assertEquals(PREFIX + "new connection", fresh.send("new connection\n").readLineText());
            }
            long servedAt = System.nanoTime() - stopBegan;
            assertTrue(servedAt < DRAIN_DELAY.toNanos(), "the checks ran inside the delay (" + servedAt / 1_000_000
                    + " ms); a slower machine than this test allows for");
            assertFalse(stop.isDone(), "still serving, not stopped, during the drain delay");

            stop.get(DRAIN_DELAY.toMillis() + STOP_LIMIT_MILLIS, TimeUnit.MILLISECONDS);
            long took = System.nanoTime() - stopBegan;
            assertTrue(took >= DRAIN_DELAY.toNanos(), "served for the whole delay: stopped after " + took / 1_000_000
                    + " ms");
            assertTrue(server.stats().isDraining(), "still not ready once stopped");
            assertTrue(before.closedWithin(5_000), "the open connection is closed by the stop");
            assertThrows(ConnectException.class, () -> new LoopbackClient(address).close(), "no longer accepting");
        } finally {
            server.close();
        }
    }

    @Test
    void withoutADelayTheStopBeginsAtOnce() throws Exception {
        TsServer server = Servers.loopback().start();
        InetSocketAddress address = server.tcpAddress();
        long stopBegan = System.nanoTime();
        server.close();
        long took = System.nanoTime() - stopBegan;
        assertTrue(took < TimeUnit.MILLISECONDS.toNanos(STOP_LIMIT_MILLIS), took / 1_000_000 + " ms");
        assertThrows(IOException.class, () -> new LoopbackClient(address).close());
    }

    @Test
    void anInterruptCutsTheDelayShortAndStillStopsCleanly() throws Exception {
        TsServer server = Servers.loopback().drainDelay(Duration.ofMinutes(10)).start();
        InetSocketAddress address = server.tcpAddress();
        try (LoopbackClient client = new LoopbackClient(address)) {
            Thread stopper = new Thread(server::close, "stopper");
            stopper.start();
            Servers.await("not ready", 2_000, () -> server.stats().isDraining());
            assertEquals(PREFIX + "in the delay", client.send("in the delay\n").readLineText());
            stopper.interrupt();
            stopper.join(TimeUnit.SECONDS.toMillis(10));
            assertFalse(stopper.isAlive(), "the interrupt ended a 10-minute delay and the stop ran");
            assertTrue(client.closedWithin(5_000));
        } finally {
            server.close();
        }
    }

    @Test
    void aNegativeDelayIsRefusedNamingTheSetting() {
        InvalidSettingException e = assertThrows(InvalidSettingException.class,
                () -> Servers.loopback().drainDelay(Duration.ofSeconds(-1)).build());
        assertEquals("drain-delay", e.setting());
    }
}
