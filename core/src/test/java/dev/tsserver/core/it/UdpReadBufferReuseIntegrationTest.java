package dev.tsserver.core.it;

import static dev.tsserver.core.it.Servers.PREFIX;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;

import dev.tsserver.core.Transport;
import dev.tsserver.core.TsServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The UDP listener reads every datagram into one reused buffer and finds each peer's session in
 * its own table (internal.DatagramReadBuffers, internal.PeerSessionRecycler): no reply may carry
 * bytes of an earlier, longer datagram, and each peer keeps getting its own replies.
 */
@Timeout(30)
class UdpReadBufferReuseIntegrationTest {

    @Test
    void shortDatagramAfterALongOneIsAnsweredWithOnlyItsOwnBytesForEveryPeer() throws Exception {
        try (TsServer server = Servers.loopback().transport(Transport.UDP).start();
             DatagramSocket first = new DatagramSocket(0, InetAddress.getLoopbackAddress());
             DatagramSocket second = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            first.setSoTimeout(5000);
            second.setSoTimeout(5000);
            String longPayload = "L".repeat(3000);
            for (int round = 0; round < 20; round++) {
                assertEquals(PREFIX + longPayload, exchange(first, server, longPayload));
                assertEquals(PREFIX + "s" + round, exchange(second, server, "s" + round));
                assertEquals(PREFIX, exchange(first, server, ""));
                assertEquals(PREFIX + "f" + round, exchange(first, server, "f" + round));
            }
            assertEquals(80, server.stats().snapshot().messagesReceived());
        }
    }

    private static String exchange(DatagramSocket socket, TsServer server, String payload) throws Exception {
        byte[] bytes = payload.getBytes(StandardCharsets.US_ASCII);
        socket.send(new DatagramPacket(bytes, bytes.length, server.udpAddress()));
        DatagramPacket reply = new DatagramPacket(new byte[65_536], 65_536);
        socket.receive(reply);
        return new String(reply.getData(), 0, reply.getLength(), StandardCharsets.US_ASCII);
    }
}
