package dev.tsserver.client.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

class ExperimentIoTest {

    @Test
    void readerResultIsReturned() throws IOException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        assertNull(ExperimentIo.awaitReader(CompletableFuture.completedFuture(null), deadline, 10, "late"));
        assertEquals("closed", ExperimentIo.awaitReader(CompletableFuture.completedFuture("closed"), deadline, 10,
                "late"));
    }

    @Test
    void aReaderStillRunningAfterTheDeadlineIsTimedOut() throws IOException {
        long deadline = System.nanoTime();
        assertEquals("late", ExperimentIo.awaitReader(new CompletableFuture<>(), deadline, 10, "late"));
    }

    @Test
    void theReadersIoExceptionIsRethrownAsItself() {
        IOException failure = new IOException("reset");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        IOException thrown = assertThrows(IOException.class,
                () -> ExperimentIo.awaitReader(CompletableFuture.failedFuture(failure), deadline, 10, "late"));
        assertSame(failure, thrown);
    }

    @Test
    void afterTheDeadlineEveryErrorReadsAsATimeOut() {
        assertEquals("timed out", ExperimentIo.describe(new IOException("Socket closed"), System.nanoTime() - 1));
    }

    @Test
    void beforeTheDeadlineTheCauseIsNamed() {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        assertEquals("connection refused", ExperimentIo.describe(new IOException("Connection refused"), deadline));
        assertEquals("unknown host", ExperimentIo.describe(new UnknownHostException("nowhere"), deadline));
        assertEquals("IOException", ExperimentIo.describe(new IOException(), deadline));
    }

    @Test
    void cannotConnectNamesTheServer() {
        assertEquals("cannot connect to 127.0.0.1:9: connection refused",
                ExperimentIo.cannotConnect(new InetSocketAddress("127.0.0.1", 9), "connection refused"));
    }

    @Test
    void threadsAreDaemonsWithTheGivenName() {
        Thread thread = ExperimentIo.daemonThreads("probe").newThread(() -> { });
        assertTrue(thread.isDaemon());
        assertEquals("probe", thread.getName());
    }

    @Test
    void stopReaderInterruptsABlockedReader() throws InterruptedException {
        ExecutorService reader = Executors.newSingleThreadExecutor(ExperimentIo.daemonThreads("blocked"));
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch never = new CountDownLatch(1);
        reader.submit(() -> {
            started.countDown();
            never.await();
            return null;
        });
        assertTrue(started.await(5, TimeUnit.SECONDS));
        ExperimentIo.stopReader(reader);
        assertTrue(reader.isTerminated());
    }
}
