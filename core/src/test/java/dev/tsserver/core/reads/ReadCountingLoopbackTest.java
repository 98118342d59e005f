package dev.tsserver.core.reads;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

import dev.tsserver.core.Transport;
import dev.tsserver.core.TsServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Read counting through a real server on loopback, TCP and UDP. */
@Timeout(value = 20, unit = TimeUnit.SECONDS)
class ReadCountingLoopbackTest {

    private static final int TIMEOUT_MS = 5000;

    @Test
    void countsTcpReadsPerConnectionAndUdpDatagramsPerPeer() throws Exception {
        InetSocketAddress tcpClient;
        InetSocketAddress udpClient;
        TsServer server = TsServer.builder().host("127.0.0.1").port(0).codec("line")
                .transport(Transport.BOTH).countReads(true).start();
        try {
            try (Socket socket = new Socket()) {
                socket.connect(server.tcpAddress(), TIMEOUT_MS);
                socket.setSoTimeout(TIMEOUT_MS);
                tcpClient = (InetSocketAddress) socket.getLocalSocketAddress();
                // One write, one reply awaited before the next: each write is one server read.
                InputStream in = socket.getInputStream();
                for (String line : new String[] {"one\n", "two\n", "three\n"}) {
                    socket.getOutputStream().write(line.getBytes(StandardCharsets.US_ASCII));
                    readLine(in);
                }
            }
            try (DatagramSocket udp = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
                udp.setSoTimeout(TIMEOUT_MS);
                udpClient = (InetSocketAddress) udp.getLocalSocketAddress();
                byte[] reply = new byte[65_536];
                for (int i = 0; i < 4; i++) {
                    byte[] datagram = ("datagram " + i).getBytes(StandardCharsets.US_ASCII);
                    udp.send(new DatagramPacket(datagram, datagram.length, server.udpAddress()));
                    udp.receive(new DatagramPacket(reply, reply.length));
                }
            }
        } finally {
            server.close();
        }

        assertEquals(new PeerReads("tcp", tcpClient, 3, 4 + 4 + 6), server.reads().find("tcp", tcpClient).orElseThrow());
        assertEquals(new PeerReads("udp", udpClient, 4, 4 * 10), server.reads().find("udp", udpClient).orElseThrow());
    }

    @Test
    void readsAreUnavailableUnlessAskedFor() throws Exception {
        try (TsServer server = TsServer.builder().host("127.0.0.1").port(0).start()) {
            assertThrows(IllegalStateException.class, server::reads);
            assertTrue(server.tcp().isPresent());
        }
    }

    private static void readLine(InputStream in) throws Exception {
        int b;
        while ((b = in.read()) != '\n') {
            if (b < 0) {
                throw new AssertionError("connection closed before the reply ended");
            }
        }
    }
}
