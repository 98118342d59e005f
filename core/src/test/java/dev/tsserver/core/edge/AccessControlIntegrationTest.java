package dev.tsserver.core.edge;

import static dev.tsserver.core.edge.EdgeTestSupport.PREFIX;
import static dev.tsserver.core.edge.EdgeTestSupport.await;
import static dev.tsserver.core.edge.EdgeTestSupport.bytesBeforeClose;
import static dev.tsserver.core.edge.EdgeTestSupport.connectFrom;
import static dev.tsserver.core.edge.EdgeTestSupport.loopbackServer;
import static dev.tsserver.core.edge.EdgeTestSupport.readLine;
import static dev.tsserver.core.edge.EdgeTestSupport.send;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import dev.tsserver.core.Transport;
import dev.tsserver.core.TsServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Who may connect, over real loopback sockets from distinct 127.x source addresses. */
@Timeout(60)
class AccessControlIntegrationTest {

    @Test
    void deniedPeerIsClosedWithoutAReplyAndOthersAreServed() throws Exception {
        try (TsServer server = loopbackServer().accessPolicy(AccessPolicy.parse(null, "127.0.0.2")).start();
             Socket denied = connectFrom("127.0.0.2", server.tcpAddress());
             Socket allowed = connectFrom("127.0.0.1", server.tcpAddress())) {
            send(denied, "hello\n");
            assertEquals(0, bytesBeforeClose(denied, 5_000));
            send(allowed, "hello\n");
            assertEquals(PREFIX + "hello", readLine(allowed));
            assertEquals(1, server.stats().edge().snapshot().connectionsRefusedByAccessPolicy());
        }
    }

    @Test
    void allowListAdmitsOnlyItsBlocksAndDenyWins() throws Exception {
        AccessPolicy policy = AccessPolicy.parse("127.0.0.0/30", "127.0.0.3");
        try (TsServer server = loopbackServer().accessPolicy(policy).start()) {
            for (String source : new String[] {"127.0.0.1", "127.0.0.2"}) {
                try (Socket socket = connectFrom(source, server.tcpAddress())) {
                    send(socket, "in\n");
                    assertEquals(PREFIX + "in", readLine(socket), source);
                }
            }
            for (String source : new String[] {"127.0.0.3", "127.0.0.9"}) {
                try (Socket socket = connectFrom(source, server.tcpAddress())) {
                    send(socket, "out\n");
                    assertEquals(0, bytesBeforeClose(socket, 5_000), source);
                }
            }
            assertEquals(2, server.stats().edge().snapshot().connectionsRefusedByAccessPolicy());
        }
    }

    @Test
    void onlyNConnectionsPerSourceAndAClosedOneFreesItsPlace() throws Exception {
        try (TsServer server = loopbackServer().maxConnectionsPerSource(2).start()) {
            List<Socket> open = new ArrayList<>();
            try {
                for (int i = 0; i < 2; i++) {
                    Socket s = connectFrom("127.0.0.5", server.tcpAddress());
                    open.add(s);
                    send(s, "n" + i + "\n");
                    assertEquals(PREFIX + "n" + i, readLine(s));
                }
                try (Socket third = connectFrom("127.0.0.5", server.tcpAddress())) {
                    send(third, "third\n");
                    assertEquals(0, bytesBeforeClose(third, 5_000));
                }
                try (Socket otherSource = connectFrom("127.0.0.6", server.tcpAddress())) {
                    send(otherSource, "other\n");
                    assertEquals(PREFIX + "other", readLine(otherSource));
                }
                assertEquals(1, server.stats().edge().snapshot().connectionsRefusedPerSourceLimit());
                open.remove(0).close();
                // The server sees the close asynchronously: retry until the place is free again.
                await("a place for 127.0.0.5 after a close", 10_000, () -> {
                    try (Socket again = connectFrom("127.0.0.5", server.tcpAddress())) {
                        send(again, "again\n");
                        return readLine(again).equals(PREFIX + "again");
                    } catch (java.io.IOException refused) {
                        return false;
                    }
                });
            } finally {
                for (Socket s : open) {
                    s.close();
                }
            }
        }
    }

    @Test
    void deniedDatagramIsDroppedAndCounted() throws Exception {
        try (TsServer server = loopbackServer().transport(Transport.UDP)
                .accessPolicy(AccessPolicy.parse(null, "127.0.0.2")).start();
             DatagramSocket denied = new DatagramSocket(new InetSocketAddress(InetAddress.getByName("127.0.0.2"), 0));
             DatagramSocket allowed = new DatagramSocket(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0))) {
            denied.setSoTimeout(1_000);
            allowed.setSoTimeout(5_000);
            sendDatagram(denied, server.udpAddress(), "no");
            sendDatagram(allowed, server.udpAddress(), "yes");
            assertEquals(PREFIX + "yes", receive(allowed));
            await("the refusal to be counted", 5_000,
                    () -> server.stats().edge().snapshot().datagramsRefusedByAccessPolicy() == 1);
            assertThrows(SocketTimeoutException.class, () -> receive(denied));
        }
    }

    @Test
    void repliesPerSourceAreCappedAndTheExcessIsCounted() throws Exception {
        int rate = 5;
        int sent = 60;
        try (TsServer server = loopbackServer().transport(Transport.UDP).udpRatePerSource(rate).start();
             DatagramSocket client = new DatagramSocket(new InetSocketAddress(InetAddress.getByName("127.0.0.7"), 0));
             DatagramSocket other = new DatagramSocket(new InetSocketAddress(InetAddress.getByName("127.0.0.8"), 0))) {
            client.setReceiveBufferSize(1 << 20);
            long start = System.nanoTime();
            for (int i = 0; i < sent; i++) {
                sendDatagram(client, server.udpAddress(), "m" + i);
            }
            await("every datagram handled", 10_000, () -> {
                var s = server.stats().snapshot();
                return s.datagramsAnswered() + server.stats().edge().snapshot().datagramsOverSourceRate() >= sent;
            });
            double seconds = (System.nanoTime() - start) / 1e9;
            long answered = server.stats().snapshot().datagramsAnswered();
            long dropped = server.stats().edge().snapshot().datagramsOverSourceRate();
            assertEquals(sent, answered + dropped);
            assertTrue(answered >= rate && answered <= rate + (long) Math.ceil(seconds * rate) + 1,
                    answered + " answered in " + seconds + " s at " + rate + "/s");
            // Another source has its own budget.
            other.setSoTimeout(5_000);
            sendDatagram(other, server.udpAddress(), "other");
            assertEquals(PREFIX + "other", receive(other));
        }
    }

    private static void sendDatagram(DatagramSocket socket, InetSocketAddress to, String text) throws Exception {
        byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);
        socket.send(new DatagramPacket(bytes, bytes.length, to));
    }

    private static String receive(DatagramSocket socket) throws Exception {
        byte[] buffer = new byte[2048];
        DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
        socket.receive(packet);
        return new String(buffer, 0, packet.getLength(), StandardCharsets.US_ASCII);
    }
}
