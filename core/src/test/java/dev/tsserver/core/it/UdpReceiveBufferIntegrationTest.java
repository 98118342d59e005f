package dev.tsserver.core.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;

import dev.tsserver.core.Transport;
import dev.tsserver.core.TsServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class UdpReceiveBufferIntegrationTest {

    @Test
    void aSmallReceiveBufferIsAppliedToTheSocketAndReportedOnceAPeerHasSent() throws Exception {
        try (TsServer small = Servers.loopback().transport(Transport.UDP).udpReceiveBufferSize(1).start();
             TsServer normal = Servers.loopback().transport(Transport.UDP).start();
             DatagramSocket socket = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            assertTrue(small.udpReceiveBufferSize().isEmpty(), "no peer session yet, so no socket to ask");
            socket.setSoTimeout(5000);
            assertEquals(Servers.PREFIX + "hi", exchange(socket, small));
            assertEquals(Servers.PREFIX + "hi", exchange(socket, normal));
            int granted = small.udpReceiveBufferSize().orElseThrow();
            int systemDefault = normal.udpReceiveBufferSize().orElseThrow();
            assertTrue(granted > 0 && granted < systemDefault,
                    "asked for 1 byte: the kernel's minimum " + granted + " should be below the default " + systemDefault);
        }
    }

    @Test
    void withoutASizeOfItsOwnAListenerAsksForMoreThanTheSystemDefault() throws Exception {
        try (TsServer server = Servers.loopback().transport(Transport.UDP).start();
             DatagramSocket socket = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            socket.setSoTimeout(5000);
            int systemDefault = socket.getReceiveBufferSize(); // a socket that asked for nothing
            assertEquals(Servers.PREFIX + "hi", exchange(socket, server));
            int granted = server.udpReceiveBufferSize().orElseThrow();
            // The kernel clamps the request to its maximum and doubles it, so the figure depends on
            // the machine; with any maximum at least the default, it ends above the default.
            assertTrue(granted > systemDefault,
                    "the listener's receive buffer " + granted + " should exceed the system default " + systemDefault);
        }
    }

    @Test
    void noUdpTransportMeansNoSize() throws Exception {
        try (TsServer tcpOnly = Servers.loopback().transport(Transport.TCP).udpReceiveBufferSize(4096).start()) {
            assertTrue(tcpOnly.udpReceiveBufferSize().isEmpty());
        }
    }

    private static String exchange(DatagramSocket socket, TsServer server) throws Exception {
        byte[] payload = "hi".getBytes(StandardCharsets.US_ASCII);
        socket.send(new DatagramPacket(payload, payload.length, server.udpAddress()));
        DatagramPacket reply = new DatagramPacket(new byte[100], 100);
        socket.receive(reply);
        return new String(reply.getData(), 0, reply.getLength(), StandardCharsets.US_ASCII);
    }
}
