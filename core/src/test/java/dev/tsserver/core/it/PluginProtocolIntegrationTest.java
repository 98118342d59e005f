package dev.tsserver.core.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import dev.tsserver.core.Transport;
import dev.tsserver.core.TsServer;
import dev.tsserver.core.protocol.ProtocolContext;
import dev.tsserver.core.protocol.ProtocolHandlerAdapter;
import dev.tsserver.core.protocol.ProtocolProvider;
import dev.tsserver.core.protocol.ReverseProtocol;
import org.apache.mina.core.service.IoHandler;
import org.apache.mina.core.session.IoSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Protocols from the class path by name, and as instances, over TCP and UDP. */
@Timeout(30)
class PluginProtocolIntegrationTest {

    @Test
    void plugInFoundByNameServesTcpAndUdpWithTheSameHandler() throws Exception {
        try (TsServer server = Servers.loopback().protocol("reverse").transport(Transport.BOTH).start();
             LoopbackClient client = new LoopbackClient(server.tcpAddress());
             DatagramSocket udp = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            client.send("abc\n");
            assertEquals("cba", client.readLineText());
            udp.setSoTimeout(5000);
            byte[] ping = "ping".getBytes(StandardCharsets.US_ASCII);
            udp.send(new DatagramPacket(ping, ping.length, server.udpAddress()));
            DatagramPacket reply = new DatagramPacket(new byte[100], 100);
            udp.receive(reply);
            assertEquals("gnip", new String(reply.getData(), 0, reply.getLength(), StandardCharsets.US_ASCII));
            assertEquals("reverse", server.listeners().get(0).protocol());
        }
    }

    @Test
    void providerInstanceNeedsNoRegistration() throws Exception {
        try (TsServer server = Servers.loopback().protocol(new ReverseProtocol()).codec("raw").start();
             LoopbackClient client = new LoopbackClient(server.tcpAddress())) {
            client.send("xy");
            assertEquals("yx", new String(client.readExactly(2), StandardCharsets.US_ASCII));
        }
    }

    /** A protocol that declares it may block runs on worker threads even when the server has none. */
    @Test
    void blockingProtocolRunsBehindTheExecutorEvenWithZeroWorkers() throws Exception {
        CountDownLatch ran = new CountDownLatch(1);
        String[] thread = new String[1];
        ProtocolProvider blocking = new ProtocolProvider() {
            @Override
            public String name() {
                return "blocking";
            }

            @Override
            public String description() {
                return "test";
            }

            @Override
            public boolean runsOnIoThreads() {
                return false;
            }

            @Override
            public IoHandler newHandler(ProtocolContext context) {
                return new ProtocolHandlerAdapter() {
                    @Override
                    public void messageReceived(IoSession session, Object message) {
                        thread[0] = Thread.currentThread().getName();
                        ran.countDown();
                        session.write(message);
                    }
                };
            }
        };
        try (TsServer server = Servers.loopback().workers(0).protocol(blocking).start();
             LoopbackClient client = new LoopbackClient(server.tcpAddress())) {
            client.send("q\n");
            assertEquals("q", client.readLineText());
            assertEquals(true, ran.await(5, TimeUnit.SECONDS));
            assertEquals(true, thread[0].startsWith("tsserver-worker-"), thread[0]);
        }
    }

    /** Stats count every message, also for an embedding application's own handler on TCP and UDP. */
    @Test
    void customHandlerMessagesAreCountedToo() throws Exception {
        IoHandler silent = new ProtocolHandlerAdapter() {
            @Override
            public void messageReceived(IoSession session, Object message) {
                if (!(message instanceof byte[])) {
                    throw new AssertionError("handlers receive byte[], got " + message.getClass());
                }
                session.write(message);
            }
        };
        try (TsServer server = Servers.loopback().transport(Transport.BOTH).handler(silent).start();
             LoopbackClient client = new LoopbackClient(server.tcpAddress());
             DatagramSocket udp = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            client.send("one\ntwo\n");
            assertEquals("one", client.readLineText());
            assertEquals("two", client.readLineText());
            udp.setSoTimeout(5000);
            udp.send(new DatagramPacket(new byte[] {'u'}, 1, server.udpAddress()));
            DatagramPacket reply = new DatagramPacket(new byte[10], 10);
            udp.receive(reply);
            assertEquals(1, reply.getLength());
            assertEquals(3, server.stats().snapshot().messagesReceived());
            assertEquals("custom", server.listeners().get(0).protocol());
        }
    }
}
