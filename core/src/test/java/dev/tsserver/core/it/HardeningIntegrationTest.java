package dev.tsserver.core.it;

import static dev.tsserver.core.it.Servers.PREFIX;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import dev.tsserver.core.ServerStartException;
import dev.tsserver.core.Transport;
import dev.tsserver.core.TsServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Issue 7: slowloris, address family, one-line UDP bind errors. */
@Timeout(60)
class HardeningIntegrationTest {

    @Test
    void aTrickleThatNeverCompletesAFrameIsClosedAfterTheFrameTimeout() throws Exception {
        try (TsServer server = Servers.loopback().frameTimeout(Duration.ofSeconds(1)).start();
             LoopbackClient trickle = new LoopbackClient(server.tcpAddress());
             LoopbackClient busy = new LoopbackClient(server.tcpAddress())) {
            long started = System.nanoTime();
            boolean closed = false;
            // One byte every 200 ms resets the idle timer each time; the frame deadline does not move.
            for (int i = 0; i < 40 && !closed; i++) {
                try {
                    trickle.send("x");
                } catch (IOException closedByServer) {
                    closed = true;
                    break;
                }
                busy.send("tick\n");
                assertEquals(PREFIX + "tick", busy.readLineText(), "complete frames are never timed out");
                closed = trickle.closedWithin(200);
            }
            assertTrue(closed, "the trickle was closed");
            long took = System.nanoTime() - started;
            assertTrue(took >= TimeUnit.MILLISECONDS.toNanos(900), "not before the timeout: " + took / 1_000_000 + " ms");
            busy.send("still here\n");
            assertEquals(PREFIX + "still here", busy.readLineText());
        }
    }

    @Test
    void aPartialFrameThatGoesSilentIsClosedToo() throws Exception {
        try (TsServer server = Servers.loopback().frameTimeout(Duration.ofSeconds(1)).codec("length").start();
             LoopbackClient silent = new LoopbackClient(server.tcpAddress())) {
            silent.send(new byte[] {0, 0, 0, 10, 'a', 'b'}); // 2 of 10 bytes, then nothing
            assertTrue(silent.closedWithin(4_000), "closed by the frame deadline, not the 300 s idle timeout");
        }
    }

    /**
     * Every read completes the line begun in the one before and begins the next, 2.5 s apart
     * against a 1 s limit: each line takes 2.5 s, and the reads never stop for long enough for
     * the idle timeout. Timed from decoded messages alone, the begun line was never seen.
     */
    @Test
    void aPartialFrameThatArrivesWithACompleteOneIsTimedFromItsArrival() throws Exception {
        try (TsServer server = Servers.loopback().frameTimeout(Duration.ofSeconds(1)).start();
             LoopbackClient trickle = new LoopbackClient(server.tcpAddress())) {
            trickle.send("m0\nm");
            assertEquals(PREFIX + "m0", trickle.readLineText());
            boolean closed = false;
            int answered = 1;
            for (int i = 1; i <= 4 && !closed; i++) {
                closed = trickle.closedWithin(2_500);
                if (!closed) {
                    try {
                        trickle.send(i + "\nm");
                        assertEquals(PREFIX + "m" + i, trickle.readLineText());
                        answered++;
                    } catch (IOException closedByServer) {
                        closed = true;
                    }
                }
            }
            assertTrue(closed, "closed by the frame deadline; " + answered + " lines answered, each 2.5 s in the making");
        }
    }

    @Test
    void aLengthFrameBegunWithACompleteOneIsTimedToo() throws Exception {
        try (TsServer server = Servers.loopback().frameTimeout(Duration.ofSeconds(1)).codec("length").start();
             LoopbackClient partial = new LoopbackClient(server.tcpAddress())) {
            byte[] reads = {0, 0, 0, 1, 'a', 0, 0}; // one whole frame, then half of the next header
            partial.send(reads);
            partial.readLengthFrame(4);
            assertTrue(partial.closedWithin(4_000), "closed by the frame deadline, not the 300 s idle timeout");
        }
    }

    @Test
    void aSlowButCompleteClientIsNotClosed() throws Exception {
        try (TsServer server = Servers.loopback().frameTimeout(Duration.ofSeconds(1)).start();
             LoopbackClient slow = new LoopbackClient(server.tcpAddress())) {
            for (int i = 0; i < 6; i++) { // 2.4 s, each line completed within 400 ms
                slow.send("ab");
                assertFalse(slow.closedWithin(200));
                slow.send("c\n");
                assertEquals(PREFIX + "abc", slow.readLineText());
                assertFalse(slow.closedWithin(200));
            }
        }
    }

    @Test
    void anIpv4WildcardServesIpv4Only() throws Exception {
        assumeTrue(ipv6LoopbackAvailable(), "no IPv6 loopback on this machine");
        try (TsServer server = Servers.loopback().host("0.0.0.0").transport(Transport.BOTH).start()) {
            int tcpPort = server.tcpAddress().getPort();
            int udpPort = server.udpAddress().getPort();
            assertEquals("tcp://0.0.0.0:" + tcpPort, server.endpoints().get(0));
            try (LoopbackClient v4 = new LoopbackClient(new InetSocketAddress("127.0.0.1", tcpPort))) {
                v4.send("four\n");
                assertEquals(PREFIX + "four", v4.readLineText());
            }
            assertThrows(IOException.class, () -> new Socket().connect(new InetSocketAddress("::1", tcpPort), 2000),
                    "::1 is not served by an IPv4 listener");
            assertEquals(PREFIX + "four", udpExchange(new InetSocketAddress("127.0.0.1", udpPort), "four"));
            assertEquals(null, udpExchange(new InetSocketAddress("::1", udpPort), "six"), "no reply over IPv6");
        }
    }

    @Test
    void udpBindFailureIsOneLine() throws Exception {
        try (DatagramSocket taken = new DatagramSocket(0, InetAddress.getByName("127.0.0.1"))) {
            ServerStartException e = assertThrows(ServerStartException.class,
                    () -> Servers.loopback().transport(Transport.UDP).port(taken.getLocalPort()).start());
            assertEquals("cannot listen on udp://127.0.0.1:" + taken.getLocalPort() + ": address already in use",
                    e.getMessage());
        }
    }

    private static String udpExchange(InetSocketAddress server, String message) throws IOException {
        try (DatagramSocket socket = new DatagramSocket()) {
            socket.setSoTimeout(1_000);
            byte[] bytes = message.getBytes(StandardCharsets.US_ASCII);
            socket.send(new DatagramPacket(bytes, bytes.length, server));
            DatagramPacket reply = new DatagramPacket(new byte[1024], 1024);
            try {
                socket.receive(reply);
            } catch (SocketTimeoutException none) {
                return null;
            }
            return new String(reply.getData(), 0, reply.getLength(), StandardCharsets.US_ASCII);
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
