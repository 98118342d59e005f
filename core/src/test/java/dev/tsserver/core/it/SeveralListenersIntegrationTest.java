package dev.tsserver.core.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.List;

import dev.tsserver.core.Listener;
import dev.tsserver.core.ListenerSettings;
import dev.tsserver.core.Scheme;
import dev.tsserver.core.ServerStartException;
import dev.tsserver.core.TsServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** One process, several endpoints, each with its own protocol, codec and limits. */
@Timeout(60)
class SeveralListenersIntegrationTest {

    @Test
    void lineLengthUdpAndEchoOnFourPortsInOneServer() throws Exception {
        try (TsServer server = Servers.loopback()
                .listen("tcp://127.0.0.1:0")
                .listen("tcp://127.0.0.1:0?codec=length&length-prefix=2&max-frame=100")
                .listen("udp://127.0.0.1:0")
                .listen("tcp://127.0.0.1:0?protocol=echo&codec=raw")
                .start()) {
            List<Listener> listeners = server.listeners();
            assertEquals(4, listeners.size());
            assertEquals(4, listeners.stream().map(l -> l.address().getPort()).distinct().count(), "four ports");
            assertEquals("listening on tcp://127.0.0.1:" + listeners.get(0).address().getPort()
                    + " protocol=ts codec=line", listeners.get(0).readyLine());
            assertEquals("listening on udp://127.0.0.1:" + listeners.get(2).address().getPort() + " protocol=ts",
                    listeners.get(2).readyLine(), "no codec on UDP");
            assertEquals("listening on tcp://127.0.0.1:" + listeners.get(3).address().getPort()
                    + " protocol=echo codec=raw", listeners.get(3).readyLine());

            try (LoopbackClient line = new LoopbackClient(listeners.get(0).address());
                 LoopbackClient length = new LoopbackClient(listeners.get(1).address());
                 LoopbackClient echo = new LoopbackClient(listeners.get(3).address());
                 DatagramSocket udp = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
                line.send("one\n");
                length.send(LoopbackClient.lengthFrame(2, "two".getBytes(StandardCharsets.US_ASCII)));
                echo.send("three");
                udp.setSoTimeout(5000);
                byte[] four = "four".getBytes(StandardCharsets.US_ASCII);
                udp.send(new DatagramPacket(four, four.length, listeners.get(2).address()));

                assertEquals(Servers.PREFIX + "one", line.readLineText());
                assertEquals(Servers.PREFIX + "two", new String(length.readLengthFrame(2), StandardCharsets.US_ASCII));
                assertArrayEquals("three".getBytes(StandardCharsets.US_ASCII), echo.readExactly(5));
                DatagramPacket reply = new DatagramPacket(new byte[100], 100);
                udp.receive(reply);
                assertEquals(Servers.PREFIX + "four",
                        new String(reply.getData(), 0, reply.getLength(), StandardCharsets.US_ASCII));

                // Each listener keeps its own limits: max-frame 100 closes only the length connection.
                length.send(new byte[] {0x01, 0x00});
                assertTrue(length.closedByServer(), "declared length 256 > 100 closes that connection");
                line.send("still here\n");
                assertEquals(Servers.PREFIX + "still here", line.readLineText());
            }
            assertEquals(5, server.stats().snapshot().messagesReceived(), "one per listener, and the line after the error");
        }
    }

    @Test
    void keysAListenerDoesNotNameTakeTheShorthandsValues() throws Exception {
        try (TsServer server = Servers.loopback().codec("length").lengthPrefix(1).maxFrame(50)
                .listen("tcp://127.0.0.1:0?protocol=echo").start()) {
            ListenerSettings settings = server.listeners().get(0).settings();
            assertEquals("echo", settings.protocol());
            assertEquals("length", settings.codec());
            assertEquals(1, settings.codecSettings().lengthPrefix());
            assertEquals(50, settings.codecSettings().maxFrame());
            try (LoopbackClient client = new LoopbackClient(server.tcpAddress())) {
                client.send(LoopbackClient.lengthFrame(1, new byte[] {7}));
                assertArrayEquals(new byte[] {7}, client.readLengthFrame(1));
            }
        }
    }

    @Test
    void ipv6ListenerBindsTheBracketedAddress() throws Exception {
        try (TsServer server = Servers.loopback().listen("tcp://[::1]:0").start()) {
            Listener listener = server.listeners().get(0);
            assertEquals(Scheme.TCP, listener.scheme());
            assertTrue(listener.readyLine().startsWith("listening on tcp://[::1]:"), listener.readyLine());
            try (LoopbackClient client = new LoopbackClient(listener.address())) {
                client.send("v6\n");
                assertEquals(Servers.PREFIX + "v6", client.readLineText());
            }
        }
    }

    @Test
    void oneListenerThatCannotBindLeavesNothingBound() throws Exception {
        int released;
        try (ServerSocket probe = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            released = probe.getLocalPort(); // a port this test owned a moment ago
        }
        try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            ServerStartException e = assertThrows(ServerStartException.class, () -> Servers.loopback()
                    .listen("tcp://127.0.0.1:" + released)
                    .listen("udp://127.0.0.1:0")
                    .listen("tcp://127.0.0.1:" + taken.getLocalPort())
                    .start());
            assertEquals("cannot listen on tcp://127.0.0.1:" + taken.getLocalPort() + ": address already in use",
                    e.getMessage());
            try (ServerSocket again = new ServerSocket(released, 50, InetAddress.getLoopbackAddress())) {
                assertEquals(released, again.getLocalPort(), "the first listener's port was released");
            }
        }
    }
}
