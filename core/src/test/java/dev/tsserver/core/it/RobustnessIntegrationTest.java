package dev.tsserver.core.it;

import static dev.tsserver.core.it.LoopbackClient.lengthFrame;
import static dev.tsserver.core.it.Servers.PREFIX;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import dev.tsserver.core.TsServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@Timeout(90)
class RobustnessIntegrationTest {

    @ParameterizedTest
    @ValueSource(ints = {0, 2})
    void twoHundredFiftyConcurrentClientsEachGetTheirOwnRepliesInOrder(int workers) throws Exception {
        int clients = 250;
        int messagesEach = 40;
        try (TsServer server = Servers.loopback().workers(workers).start()) {
            ExecutorService pool = Executors.newFixedThreadPool(50);
            try {
                List<LoopbackClient> connections = new ArrayList<>();
                for (int c = 0; c < clients; c++) {
                    connections.add(new LoopbackClient(server.tcpAddress()));
                }
                Servers.await("every connection to be accepted", 10_000,
                        () -> server.stats().openConnections() == clients);
                List<Future<?>> done = new ArrayList<>();
                for (int c = 0; c < clients; c++) {
                    LoopbackClient client = connections.get(c);
                    int id = c;
                    done.add(pool.submit(() -> {
                        StringBuilder batch = new StringBuilder();
                        for (int m = 0; m < messagesEach; m++) {
                            batch.append("client ").append(id).append(" message ").append(m).append('\n');
                        }
                        client.send(batch.toString());
                        for (int m = 0; m < messagesEach; m++) {
                            assertEquals(PREFIX + "client " + id + " message " + m, client.readLineText());
                        }
                        client.close();
                        return null;
                    }));
                }
                for (Future<?> f : done) {
                    f.get(60, TimeUnit.SECONDS);
                }
                assertEquals((long) clients * messagesEach, server.stats().snapshot().messagesAnswered());
            } finally {
                pool.shutdownNow();
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"line", "length", "raw"})
    void resetMidFrameLeavesOtherClientsUntouched(String codec) throws Exception {
        try (TsServer server = Servers.loopback().codec(codec).start();
             LoopbackClient survivor = new LoopbackClient(server.tcpAddress())) {
            for (int i = 0; i < 20; i++) {
                LoopbackClient victim = new LoopbackClient(server.tcpAddress());
                victim.send(codec.equals("length") ? new byte[] {0, 0, 1, 0, 'p', 'a', 'r'} : "partial line".getBytes(StandardCharsets.US_ASCII));
                victim.reset();
            }
            Servers.await("the reset connections to be released", 5000, () -> server.stats().openConnections() == 1);
            byte[] request = codec.equals("length") ? lengthFrame(4, "ok".getBytes(StandardCharsets.US_ASCII))
                    : "ok\n".getBytes(StandardCharsets.US_ASCII);
            survivor.send(request);
            byte[] reply = switch (codec) {
                case "length" -> survivor.readLengthFrame(4);
                case "line" -> survivor.readLine();
                default -> survivor.readExactly(PREFIX.length() + 3);
            };
            assertEquals(PREFIX + (codec.equals("raw") ? "ok\n" : "ok"), new String(reply, StandardCharsets.US_ASCII));
        }
    }

    @Test
    void peerThatNeverReadsIsThrottledNotBufferedWithoutBound() throws Exception {
        try (TsServer server = Servers.loopback().writeWaterMarks(16 * 1024, 64 * 1024).start();
             LoopbackClient greedy = new LoopbackClient(server.tcpAddress(), 16 * 1024)) {
            byte[] line = "0123456789012345678901234567890123456789012345678901234567890123456789\n"
                    .getBytes(StandardCharsets.US_ASCII);
            int lines = 230_000; // 16 MB of requests, 17 MB of replies
            long sent = (long) line.length * lines;
            CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
                try {
                    OutputStream out = new java.io.BufferedOutputStream(greedy.socket().getOutputStream(), 64 * 1024);
                    for (int i = 0; i < lines; i++) {
                        out.write(line);
                    }
                    out.flush();
                } catch (IOException e) {
                    throw new RuntimeException(e);
                }
            });
            // Kernel buffers on loopback may take all 16 MB (receive buffers autotune up to
            // 32 MB here), so the writer may or may not block; what must not happen is the
            // server reading it all and queueing the replies in memory. Give it time to try.
            waitQuietly(writer, 2000);
            long before = server.tcpBytesRead();
            waitQuietly(new CompletableFuture<Void>(), 1000);
            long after = server.tcpBytesRead();
            assertTrue(after < sent / 2, "server kept reading from a peer that does not read: " + after + " of " + sent);
            assertEquals(before, after, "reading is suspended, not merely slow");

            // Once the client reads, everything flows again and no reply is lost.
            for (int i = 0; i < lines; i++) {
                assertEquals(PREFIX.length() + line.length - 1, greedy.readLine().length, "reply " + i);
            }
            writer.get(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void peerWhoseRepliesMakeNoProgressIsClosedByTheWriteTimeout() throws Exception {
        try (TsServer server = Servers.loopback().writeTimeout(java.time.Duration.ofSeconds(1))
                .writeWaterMarks(16 * 1024, 64 * 1024).start();
             LoopbackClient stalled = new LoopbackClient(server.tcpAddress(), 16 * 1024)) {
            byte[] line = ("x".repeat(200) + "\n").getBytes(StandardCharsets.US_ASCII);
            CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
                try {
                    OutputStream out = new java.io.BufferedOutputStream(stalled.socket().getOutputStream(), 64 * 1024);
                    for (int i = 0; i < 100_000; i++) { // 20 MB, more than the kernel buffers hold
                        out.write(line);
                    }
                    out.flush();
                } catch (IOException closedByServer) {
                    // expected once the server gives up on this peer
                }
            });
            Servers.await("the server to close the stalled connection", 15_000,
                    () -> server.stats().openConnections() == 0);
            writer.get(15, TimeUnit.SECONDS);
        }
    }

    @Test
    void garbageFloodWithoutNewlinesCostsOneErrorAndBoundedMemory() throws Exception {
        try (TsServer server = Servers.loopback().codec("line").maxFrame(1024).start();
             LoopbackClient flooder = new LoopbackClient(server.tcpAddress());
             LoopbackClient neighbour = new LoopbackClient(server.tcpAddress())) {
            byte[] garbage = new byte[64 * 1024];
            new Random(42).nextBytes(garbage);
            for (int i = 0; i < garbage.length; i++) {
                if (garbage[i] == '\n') {
                    garbage[i] = 0;
                }
            }
            for (int i = 0; i < 64; i++) {
                flooder.send(garbage); // 4 MiB without a single LF
            }
            flooder.send("\nafter\n");
            assertEquals("ERROR line too long (max 1024 bytes)", flooder.readLineText());
            assertEquals(PREFIX + "after", flooder.readLineText());
            neighbour.send("hi\n");
            assertEquals(PREFIX + "hi", neighbour.readLineText());
        }
    }

    @Test
    void hugeDeclaredLengthIsRefusedBeforeBuffering() throws Exception {
        try (TsServer server = Servers.loopback().codec("length").start();
             LoopbackClient liar = new LoopbackClient(server.tcpAddress())) {
            liar.send(new byte[] {(byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF});
            assertTrue(liar.closedByServer(), "a 4 GiB declared length closes the connection at once");
            assertEquals(1, server.stats().snapshot().framesRejected());
        }
    }

    @Test
    void manyConnectionsOpenedAndDroppedLeaveNothingBehind() throws Exception {
        try (TsServer server = Servers.loopback().start()) {
            InetSocketAddress address = server.tcpAddress();
            for (int i = 0; i < 300; i++) {
                LoopbackClient c = new LoopbackClient(address);
                if (i % 2 == 0) {
                    c.reset();
                } else {
                    c.close();
                }
            }
            Servers.await("every connection to be released", 10_000, () -> server.openConnections() == 0);
            assertEquals(0, server.stats().openConnections());
        }
    }

    /** Waits for a future up to a bound; a negative check needs a window in which nothing happens. */
    private static void waitQuietly(CompletableFuture<Void> future, long millis) throws Exception {
        try {
            future.get(millis, TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.TimeoutException stillRunning) {
            // fine either way
        }
    }
}
