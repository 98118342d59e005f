package dev.tsserver.core.it;

import static dev.tsserver.core.it.Servers.PREFIX;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.ConnectException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import dev.tsserver.core.ServerStartException;
import dev.tsserver.core.TsServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class LifecycleIntegrationTest {

    @Test
    void gracefulStopAnswersEveryMessageAlreadyReadThenCloses() throws Exception {
        GateClock clock = new GateClock();
        TsServer server = Servers.loopback().clock(clock).workers(2).codec("line").start();
        try (LoopbackClient client = new LoopbackClient(server.tcpAddress())) {
            ByteArrayOutputStream lines = new ByteArrayOutputStream();
            for (int i = 0; i < 300; i++) {
                lines.write(("msg " + i + "\n").getBytes(StandardCharsets.US_ASCII));
            }
            client.send(lines.toByteArray());
            // The first message is held in the handler (the clock blocks); the rest queue behind it.
            assertTrue(clock.entered.await(5, TimeUnit.SECONDS));
            Servers.await("the server to read every byte", 5000, () -> server.tcpBytesRead() == lines.size());

            CompletableFuture<Void> stop = CompletableFuture.runAsync(server::close);
            Servers.await("the listener to close", 5000, () -> !accepting(server.tcpAddress()));
            clock.release.countDown();

            for (int i = 0; i < 300; i++) {
                assertEquals(PREFIX + "msg " + i, client.readLineText(), "reply " + i);
            }
            assertTrue(client.closedByServer(), "closed after the last reply");
            stop.get(5, TimeUnit.SECONDS);
        } finally {
            clock.release.countDown();
            server.close();
        }
    }

    @Test
    void closeIsIdempotentAndBounded() throws Exception {
        TsServer server = Servers.loopback().stopTimeout(Duration.ofSeconds(2)).start();
        LoopbackClient neverReads = new LoopbackClient(server.tcpAddress());
        long started = System.nanoTime();
        server.close();
        server.close();
        assertTrue(System.nanoTime() - started < TimeUnit.SECONDS.toNanos(4));
        assertTrue(neverReads.closedByServer());
        neverReads.close();
        assertThrows(ConnectException.class, () -> new Socket().connect(server.tcpAddress(), 1000));
    }

    @Test
    void twoServersRunSideBySideWithTheirOwnSettings() throws Exception {
        try (TsServer line = Servers.loopback().codec("line").start();
             TsServer raw = Servers.loopback().codec("raw").start();
             LoopbackClient a = new LoopbackClient(line.tcpAddress());
             LoopbackClient b = new LoopbackClient(raw.tcpAddress())) {
            assertNotEquals(line.tcpAddress().getPort(), raw.tcpAddress().getPort());
            a.send("x\n");
            b.send("y");
            assertEquals(PREFIX + "x", a.readLineText());
            assertEquals(PREFIX + "y", new String(b.readExactly(PREFIX.length() + 1), StandardCharsets.US_ASCII));
            assertEquals(1, line.stats().snapshot().messagesAnswered());
            assertEquals(1, raw.stats().snapshot().messagesAnswered());
        }
    }

    @Test
    void servesIpv6Loopback() throws Exception {
        assumeTrue(ipv6LoopbackAvailable(), "no IPv6 loopback on this machine");
        try (TsServer server = Servers.loopback().host("::1").start();
             LoopbackClient client = new LoopbackClient(server.tcpAddress())) {
            assertTrue(server.tcpAddress().getAddress() instanceof Inet6Address);
            assertEquals("tcp://[::1]:" + server.tcpAddress().getPort(), server.endpoints().get(0));
            client.send("six\n");
            assertEquals(PREFIX + "six", client.readLineText());
        }
    }

    @Test
    void bindFailureIsOneLineNamingTheCause() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            ServerStartException e = assertThrows(ServerStartException.class,
                    () -> Servers.loopback().port(taken.getLocalPort()).start());
            assertEquals("cannot listen on tcp://127.0.0.1:" + taken.getLocalPort() + ": address already in use",
                    e.getMessage());
        }
    }

    @Test
    void connectionsPastTheLimitAreClosedAtOnce() throws Exception {
        try (TsServer server = Servers.loopback().maxConnections(2).start();
             LoopbackClient first = new LoopbackClient(server.tcpAddress());
             LoopbackClient second = new LoopbackClient(server.tcpAddress())) {
            first.send("1\n");
            second.send("2\n");
            assertEquals(PREFIX + "1", first.readLineText());
            assertEquals(PREFIX + "2", second.readLineText());
            try (LoopbackClient third = new LoopbackClient(server.tcpAddress())) {
                assertTrue(third.closedByServer(), "the third connection is closed");
            }
            assertEquals(1, server.stats().snapshot().connectionsRejected());
            first.close();
            Servers.await("the first connection to be released", 5000, () -> server.stats().openConnections() == 1);
            try (LoopbackClient fourth = new LoopbackClient(server.tcpAddress())) {
                fourth.send("4\n");
                assertEquals(PREFIX + "4", fourth.readLineText(), "a freed place is usable again");
            }
        }
    }

    @Test
    void idleConnectionIsClosedAfterTheTimeout() throws Exception {
        try (TsServer server = Servers.loopback().idleTimeout(Duration.ofSeconds(1)).start();
             LoopbackClient idle = new LoopbackClient(server.tcpAddress());
             LoopbackClient busy = new LoopbackClient(server.tcpAddress())) {
            long started = System.nanoTime();
            // The busy client keeps talking until the idle one is closed, and must stay connected.
            boolean idleClosed = false;
            for (int i = 0; i < 40 && !idleClosed; i++) {
                busy.send("tick\n");
                assertEquals(PREFIX + "tick", busy.readLineText());
                idleClosed = idle.closedWithin(200);
            }
            assertTrue(idleClosed, "idle connection closed");
            assertTrue(System.nanoTime() - started >= TimeUnit.MILLISECONDS.toNanos(900), "not before the timeout");
            busy.send("still here\n");
            assertEquals(PREFIX + "still here", busy.readLineText());
        }
    }

    private static boolean accepting(InetSocketAddress address) {
        try (Socket probe = new Socket()) {
            probe.connect(address, 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static boolean ipv6LoopbackAvailable() {
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getByName("::1"))) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
