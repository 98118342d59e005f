package dev.tsserver.core.it;

import static dev.tsserver.core.it.Servers.PREFIX;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import dev.tsserver.core.Transport;
import dev.tsserver.core.TsServer;
import dev.tsserver.core.TsServerConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class UdpIntegrationTest {

    @Test
    void eachDatagramGetsOneWholeReply() throws Exception {
        try (TsServer server = Servers.loopback().transport(Transport.UDP).start();
             DatagramSocket socket = new DatagramSocket(0, java.net.InetAddress.getLoopbackAddress())) {
            socket.setSoTimeout(5000);
            for (String message : new String[] {"one", "two", ""}) {
                assertEquals(PREFIX + message, exchange(socket, server.udpAddress(), message.getBytes(StandardCharsets.US_ASCII)));
            }
        }
    }

    @Test
    void largeDatagramIsAnsweredWholeNotTruncatedAtMinasDefaultBuffer() throws Exception {
        try (TsServer server = Servers.loopback().transport(Transport.UDP).start();
             DatagramSocket socket = new DatagramSocket(0, java.net.InetAddress.getLoopbackAddress())) {
            socket.setSoTimeout(5000);
            byte[] payload = new byte[TsServerConfig.MAX_DATAGRAM_PAYLOAD - PREFIX.length()];
            Arrays.fill(payload, (byte) 'z');
            String reply = exchange(socket, server.udpAddress(), payload);
            assertEquals(TsServerConfig.MAX_DATAGRAM_PAYLOAD, reply.length());
        }
    }

    @Test
    void datagramOverMaxFrameIsDroppedAndTheNextIsAnswered() throws Exception {
        try (TsServer server = Servers.loopback().transport(Transport.UDP).maxFrame(10).start();
             DatagramSocket socket = new DatagramSocket(0, java.net.InetAddress.getLoopbackAddress())) {
            socket.setSoTimeout(1000);
            send(socket, server.udpAddress(), new byte[11]);
            assertEquals(PREFIX + "ok", exchange(socket, server.udpAddress(), "ok".getBytes(StandardCharsets.US_ASCII)),
                    "the first reply to arrive answers the second datagram: the first was dropped");
            assertEquals(1, server.stats().snapshot().datagramsDropped());
            socket.setSoTimeout(200);
            assertThrows(SocketTimeoutException.class, () -> socket.receive(new DatagramPacket(new byte[100], 100)));
        }
    }

    @Test
    void bothTransportsShareOnePortNumber() throws Exception {
        try (TsServer server = Servers.loopback().transport(Transport.BOTH).start();
             DatagramSocket socket = new DatagramSocket(0, java.net.InetAddress.getLoopbackAddress());
             LoopbackClient tcp = new LoopbackClient(server.tcpAddress())) {
            assertEquals(server.tcpAddress().getPort(), server.udpAddress().getPort());
            socket.setSoTimeout(5000);
            assertEquals(PREFIX + "udp", exchange(socket, server.udpAddress(), "udp".getBytes(StandardCharsets.US_ASCII)));
            tcp.send("tcp\n");
            assertEquals(PREFIX + "tcp", tcp.readLineText());
            assertEquals(java.util.List.of("tcp://127.0.0.1:" + server.tcpAddress().getPort(),
                    "udp://127.0.0.1:" + server.tcpAddress().getPort()), server.endpoints());
        }
    }

    private static void send(DatagramSocket socket, InetSocketAddress to, byte[] payload) throws Exception {
        socket.send(new DatagramPacket(payload, payload.length, to));
    }

    private static String exchange(DatagramSocket socket, InetSocketAddress to, byte[] payload) throws Exception {
        send(socket, to, payload);
        DatagramPacket reply = new DatagramPacket(new byte[70_000], 70_000);
        socket.receive(reply);
        return new String(reply.getData(), 0, reply.getLength(), StandardCharsets.ISO_8859_1);
    }
}
