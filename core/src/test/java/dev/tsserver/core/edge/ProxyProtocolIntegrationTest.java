package dev.tsserver.core.edge;

import static dev.tsserver.core.edge.EdgeTestSupport.PREFIX;
import static dev.tsserver.core.edge.EdgeTestSupport.await;
import static dev.tsserver.core.edge.EdgeTestSupport.bytesBeforeClose;
import static dev.tsserver.core.edge.EdgeTestSupport.connectFrom;
import static dev.tsserver.core.edge.EdgeTestSupport.loopbackServer;
import static dev.tsserver.core.edge.EdgeTestSupport.readLine;
import static dev.tsserver.core.edge.EdgeTestSupport.send;
import static dev.tsserver.core.edge.ProxyHeaders.concat;
import static dev.tsserver.core.edge.ProxyHeaders.v1Tcp4;
import static dev.tsserver.core.edge.ProxyHeaders.v2;
import static dev.tsserver.core.edge.ProxyHeaders.v2Local;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import ch.qos.logback.classic.Level;
import dev.tsserver.core.TsServer;
import dev.tsserver.core.reads.PeerReads;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The PROXY protocol filter over real loopback sockets, with hand-written headers. */
@Timeout(60)
class ProxyProtocolIntegrationTest {

    private static ProxyProtocolSettings mode(ProxyProtocolSettings.Mode mode) {
        return ProxyProtocolSettings.of(mode);
    }

    @Test
    void v1HeaderAndDataInOneWriteCarryTheClientAddressEverywhere() throws Exception {
        try (LogCapture log = new LogCapture("dev.tsserver.connections", Level.INFO);
             TsServer server = loopbackServer().proxyProtocol(mode(ProxyProtocolSettings.Mode.V1)).countReads(true).start();
             Socket socket = connectFrom("127.0.0.1", server.tcpAddress())) {
            send(socket, concat(v1Tcp4("203.0.113.9", 4711), "hello\nworld\n".getBytes(StandardCharsets.US_ASCII)));
            assertEquals(PREFIX + "hello", readLine(socket));
            assertEquals(PREFIX + "world", readLine(socket));
            assertTrue(log.contains("...connected from: 203.0.113.9:4711"), log.lines().toString());
            // The read ledger counts under the carried address, without the header bytes.
            PeerReads reads = server.reads().find("tcp", new InetSocketAddress("203.0.113.9", 4711)).orElseThrow();
            assertEquals(12, reads.bytes());
        }
    }

    @Test
    void v2HeaderSplitAcrossReadsWithTlvs() throws Exception {
        byte[] header = v2("198.51.100.20", 5555, "127.0.0.1", 1, new byte[] {0x04, 0x00, 0x03, 0, 0, 0});
        try (LogCapture log = new LogCapture("dev.tsserver.connections", Level.INFO);
             TsServer server = loopbackServer().proxyProtocol(mode(ProxyProtocolSettings.Mode.V2)).start();
             Socket socket = connectFrom("127.0.0.1", server.tcpAddress())) {
            for (byte b : header) { // a byte per write; the server may see any split
                send(socket, new byte[] {b});
            }
            send(socket, "split\n");
            assertEquals(PREFIX + "split", readLine(socket));
            assertTrue(log.contains("...connected from: 198.51.100.20:5555"), log.lines().toString());
        }
    }

    @Test
    void anyTakesEitherVersion() throws Exception {
        try (TsServer server = loopbackServer().proxyProtocol(mode(ProxyProtocolSettings.Mode.ANY)).start()) {
            try (Socket one = connectFrom("127.0.0.1", server.tcpAddress())) {
                send(one, concat(v1Tcp4("192.0.2.1", 1), "a\n".getBytes(StandardCharsets.US_ASCII)));
                assertEquals(PREFIX + "a", readLine(one));
            }
            try (Socket two = connectFrom("127.0.0.1", server.tcpAddress())) {
                send(two, concat(v2("192.0.2.2", 2, "127.0.0.1", 3, new byte[0]), "b\n".getBytes(StandardCharsets.US_ASCII)));
                assertEquals(PREFIX + "b", readLine(two));
            }
        }
    }

    @Test
    void localCommandKeepsTheSocketAddress() throws Exception {
        try (LogCapture log = new LogCapture("dev.tsserver.connections", Level.INFO);
             TsServer server = loopbackServer().proxyProtocol(mode(ProxyProtocolSettings.Mode.V2)).start();
             Socket socket = connectFrom("127.0.0.3", server.tcpAddress())) {
            send(socket, concat(v2Local(), "health\n".getBytes(StandardCharsets.US_ASCII)));
            assertEquals(PREFIX + "health", readLine(socket));
            assertTrue(log.contains("...connected from: 127.0.0.3:" + socket.getLocalPort()), log.lines().toString());
        }
    }

    @Test
    void accessPolicyAndPerSourceLimitJudgeTheCarriedAddress() throws Exception {
        try (TsServer server = loopbackServer().proxyProtocol(mode(ProxyProtocolSettings.Mode.V1))
                .accessPolicy(AccessPolicy.parse(null, "203.0.113.66")).maxConnectionsPerSource(1).start()) {
            try (Socket denied = connectFrom("127.0.0.1", server.tcpAddress())) {
                send(denied, concat(v1Tcp4("203.0.113.66", 1), "x\n".getBytes(StandardCharsets.US_ASCII)));
                assertEquals(0, bytesBeforeClose(denied, 5_000));
            }
            // Two connections from the balancer, one client each: both under the per-source limit...
            try (Socket a = connectFrom("127.0.0.1", server.tcpAddress());
                 Socket b = connectFrom("127.0.0.1", server.tcpAddress())) {
                send(a, concat(v1Tcp4("203.0.113.1", 1), "a\n".getBytes(StandardCharsets.US_ASCII)));
                send(b, concat(v1Tcp4("203.0.113.2", 1), "b\n".getBytes(StandardCharsets.US_ASCII)));
                assertEquals(PREFIX + "a", readLine(a));
                assertEquals(PREFIX + "b", readLine(b));
                // ...and a second one for the same client is over it.
                try (Socket c = connectFrom("127.0.0.1", server.tcpAddress())) {
                    send(c, concat(v1Tcp4("203.0.113.1", 2), "c\n".getBytes(StandardCharsets.US_ASCII)));
                    assertEquals(0, bytesBeforeClose(c, 5_000));
                }
            }
            EdgeStats.Snapshot stats = server.stats().edge().snapshot();
            assertEquals(1, stats.connectionsRefusedByAccessPolicy());
            assertEquals(1, stats.connectionsRefusedPerSourceLimit());
        }
    }

    @Test
    void trustedPeerWithoutAHeaderIsClosedWithoutReplyCountedAndLoggedOnce() throws Exception {
        try (LogCapture log = new LogCapture(ProxyProtocolFilter.class.getName(), Level.WARN);
             TsServer server = loopbackServer().proxyProtocol(mode(ProxyProtocolSettings.Mode.V1)).start();
             Socket socket = connectFrom("127.0.0.1", server.tcpAddress())) {
            send(socket, "hello\n");
            assertEquals(0, bytesBeforeClose(socket, 5_000));
            await("the failure to be counted", 5_000, () -> server.stats().edge().snapshot().proxyHeaderFailures() == 1);
            assertEquals(1, log.lines().size(), log.lines().toString());
            assertTrue(log.lines().get(0).startsWith("WARN PROXY protocol: no PROXY v1 header"), log.lines().get(0));
        }
    }

    @Test
    void headerFromAnUntrustedPeerIsRefusedAndPlainClientsThereAreServed() throws Exception {
        ProxyProtocolSettings settings = mode(ProxyProtocolSettings.Mode.ANY)
                .withTrusted(List.of(Cidr.parse("127.0.0.1")));
        try (LogCapture connections = new LogCapture("dev.tsserver.connections", Level.INFO);
             TsServer server = loopbackServer().proxyProtocol(settings).start()) {
            try (Socket spoofer = connectFrom("127.0.0.2", server.tcpAddress())) {
                send(spoofer, concat(v1Tcp4("10.1.1.1", 1), "x\n".getBytes(StandardCharsets.US_ASCII)));
                assertEquals(0, bytesBeforeClose(spoofer, 5_000));
            }
            try (Socket direct = connectFrom("127.0.0.2", server.tcpAddress())) {
                send(direct, "plain\n");
                assertEquals(PREFIX + "plain", readLine(direct));
            }
            assertEquals(1, server.stats().edge().snapshot().proxyHeaderFailures());
            assertTrue(connections.lines().stream().noneMatch(l -> l.contains("10.1.1.1")), connections.lines().toString());
        }
    }

    @Test
    void headerTrickledSlowerThanTheTimeoutIsCut() throws Exception {
        ProxyProtocolSettings settings = mode(ProxyProtocolSettings.Mode.V1).withHeaderTimeout(Duration.ofSeconds(1));
        try (TsServer server = loopbackServer().proxyProtocol(settings).start();
             Socket socket = connectFrom("127.0.0.1", server.tcpAddress())) {
            send(socket, "PROXY TCP4 ");
            long start = System.nanoTime();
            // The rest never comes: the server must close within the timeout plus its 1 s idle check.
            assertEquals(0, bytesBeforeClose(socket, 10_000));
            double seconds = (System.nanoTime() - start) / 1e9;
            assertTrue(seconds < 4, "closed after " + seconds + " s");
            assertEquals(1, server.stats().edge().snapshot().proxyHeaderFailures());
        }
    }

    @Test
    void overLongV1HeaderIsRefused() throws Exception {
        try (TsServer server = loopbackServer().proxyProtocol(mode(ProxyProtocolSettings.Mode.V1)).start();
             Socket socket = connectFrom("127.0.0.1", server.tcpAddress())) {
            send(socket, "PROXY TCP4 " + "9".repeat(200) + "\r\n");
            assertEquals(0, bytesBeforeClose(socket, 5_000));
        }
    }
}
