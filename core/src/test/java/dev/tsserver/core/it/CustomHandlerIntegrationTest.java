package dev.tsserver.core.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;

import dev.tsserver.core.Transport;
import dev.tsserver.core.TsServer;
import org.apache.mina.core.buffer.IoBuffer;
import org.apache.mina.core.service.IoHandlerAdapter;
import org.apache.mina.core.session.IoSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** An embedding application replaces the timestamping handler and keeps the framing and limits. */
@Timeout(30)
class CustomHandlerIntegrationTest {

    /** Answers with the payload reversed: byte[] from the codec on TCP, IoBuffer datagrams on UDP. */
    private static final class ReversingHandler extends IoHandlerAdapter {
        @Override
        public void messageReceived(IoSession session, Object message) {
            if (message instanceof IoBuffer datagram) {
                byte[] bytes = new byte[datagram.remaining()];
                datagram.get(bytes);
                session.write(IoBuffer.wrap(reversed(bytes)));
            } else {
                session.write(reversed((byte[]) message));
            }
        }

        private static byte[] reversed(byte[] bytes) {
            byte[] out = new byte[bytes.length];
            for (int i = 0; i < bytes.length; i++) {
                out[i] = bytes[bytes.length - 1 - i];
            }
            return out;
        }
    }

    @Test
    void customHandlerAnswersThroughTheConfiguredCodecAndOverUdp() throws Exception {
        try (TsServer server = Servers.loopback().transport(Transport.BOTH).maxFrame(10)
                .handler(new ReversingHandler()).start();
             LoopbackClient client = new LoopbackClient(server.tcpAddress());
             DatagramSocket udp = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            client.send("abc\r\n" + "x".repeat(11) + "\nxyz\n");
            assertEquals("cba", client.readLineText(), "framing (CR LF) still applies");
            assertEquals("ERROR line too long (max 10 bytes)", client.readLineText(), "and so do the limits");
            assertEquals("zyx", client.readLineText());

            udp.setSoTimeout(5000);
            byte[] ping = "ping".getBytes(StandardCharsets.US_ASCII);
            udp.send(new DatagramPacket(ping, ping.length, server.udpAddress()));
            DatagramPacket reply = new DatagramPacket(new byte[100], 100);
            udp.receive(reply);
            assertEquals("gnip", new String(reply.getData(), 0, reply.getLength(), StandardCharsets.US_ASCII));
        }
    }
}
