package dev.tsserver.core.edge;

import static dev.tsserver.core.edge.EdgeTestSupport.PREFIX;
import static dev.tsserver.core.edge.EdgeTestSupport.bytesBeforeClose;
import static dev.tsserver.core.edge.EdgeTestSupport.connectFrom;
import static dev.tsserver.core.edge.EdgeTestSupport.loopbackServer;
import static dev.tsserver.core.edge.EdgeTestSupport.readLine;
import static dev.tsserver.core.edge.EdgeTestSupport.send;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import ch.qos.logback.classic.Level;
import dev.tsserver.core.TsServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The PROXY protocol against a load balancer nobody here wrote: Debian's HAProxy, started on
 * loopback with {@code send-proxy} (v1) and {@code send-proxy-v2} to our server. The client
 * connects from 127.0.0.2, HAProxy from 127.0.0.1, so the server seeing 127.0.0.2 proves the
 * address came through the header.
 */
@Timeout(120)
class HaproxyInteropTest {

    @TempDir
    Path dir;

    @Test
    void sendProxyV1CarriesTheClientAddress() throws Exception {
        carriesTheClientAddress(ProxyProtocolSettings.Mode.V1, "send-proxy");
    }

    @Test
    void sendProxyV2CarriesTheClientAddress() throws Exception {
        carriesTheClientAddress(ProxyProtocolSettings.Mode.V2, "send-proxy-v2");
    }

    @Test
    void anyTakesBothFromHaproxy() throws Exception {
        carriesTheClientAddress(ProxyProtocolSettings.Mode.ANY, "send-proxy");
        carriesTheClientAddress(ProxyProtocolSettings.Mode.ANY, "send-proxy-v2");
    }

    @Test
    void accessPolicyRefusesTheClientBehindHaproxyNotHaproxy() throws Exception {
        String haproxy = ExternalTool.require("haproxy", "haproxy", "/usr/sbin/haproxy");
        try (TsServer server = loopbackServer().proxyProtocol(ProxyProtocolSettings.of(ProxyProtocolSettings.Mode.V2))
                .accessPolicy(AccessPolicy.parse(null, "127.0.0.2")).start();
             Haproxy balancer = Haproxy.start(haproxy, dir, server.tcpAddress(), "send-proxy-v2")) {
            try (Socket refused = connectFrom("127.0.0.2", balancer.address())) {
                send(refused, "hi\n");
                assertEquals(0, bytesBeforeClose(refused, 10_000));
            }
            try (Socket allowed = connectFrom("127.0.0.3", balancer.address())) {
                send(allowed, "hi\n");
                assertEquals(PREFIX + "hi", readLine(allowed));
            }
            assertEquals(1, server.stats().edge().snapshot().connectionsRefusedByAccessPolicy());
        }
    }

    private void carriesTheClientAddress(ProxyProtocolSettings.Mode mode, String sendProxy) throws Exception {
        String haproxy = ExternalTool.require("haproxy", "haproxy", "/usr/sbin/haproxy");
        try (LogCapture log = new LogCapture("dev.tsserver.connections", Level.INFO);
             TsServer server = loopbackServer().proxyProtocol(ProxyProtocolSettings.of(mode)).start();
             Haproxy balancer = Haproxy.start(haproxy, dir, server.tcpAddress(), sendProxy);
             Socket client = connectFrom("127.0.0.2", balancer.address())) {
            send(client, "through haproxy\nand again\n");
            assertEquals(PREFIX + "through haproxy", readLine(client));
            assertEquals(PREFIX + "and again", readLine(client));
            String expected = "...connected from: 127.0.0.2:" + client.getLocalPort();
            assertTrue(log.contains(expected), "no '" + expected + "' in " + log.lines());
        }
    }

    /** One HAProxy process in the foreground, its config in a temp dir; closed by PID. */
    static final class Haproxy implements AutoCloseable {
        private final Process process;
        private final InetSocketAddress address;

        private Haproxy(Process process, InetSocketAddress address) {
            this.process = process;
            this.address = address;
        }

        InetSocketAddress address() {
            return address;
        }

        /**
         * HAProxy cannot bind port 0 and report it, so a free port is found by binding and releasing
         * one just before; another process may take it in between, so a failed start is retried.
         */
        static Haproxy start(String binary, Path dir, InetSocketAddress backend, String sendProxy) throws Exception {
            IOException last = null;
            for (int attempt = 1; attempt <= 5; attempt++) {
                int port;
                try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
                    port = probe.getLocalPort();
                }
                Path config = dir.resolve("haproxy-" + attempt + ".cfg");
                Files.writeString(config, String.join("\n",
                        "global",
                        "    maxconn 100",
                        "defaults",
                        "    mode tcp",
                        "    timeout connect 5s",
                        "    timeout client 30s",
                        "    timeout server 30s",
                        "frontend tsserver_in",
                        "    bind 127.0.0.1:" + port,
                        "    default_backend tsserver",
                        "backend tsserver",
                        "    server ts1 127.0.0.1:" + backend.getPort() + " " + sendProxy,
                        ""));
                Path output = dir.resolve("haproxy-" + attempt + ".log");
                Process process = new ProcessBuilder(binary, "-db", "-f", config.toString())
                        .redirectErrorStream(true).redirectOutput(output.toFile()).start();
                InetSocketAddress address = new InetSocketAddress("127.0.0.1", port);
                if (awaitListening(process, address)) {
                    return new Haproxy(process, address);
                }
                process.destroy();
                process.waitFor(5, TimeUnit.SECONDS);
                last = new IOException("haproxy did not start on port " + port + ": " + Files.readString(output).strip());
            }
            throw last;
        }

        private static boolean awaitListening(Process process, InetSocketAddress address) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
            while (System.nanoTime() < deadline) {
                if (!process.isAlive()) {
                    return false;
                }
                try (Socket probe = new Socket()) {
                    probe.connect(address, 1_000);
                    return true;
                } catch (IOException notYet) {
                    process.waitFor(50, TimeUnit.MILLISECONDS); // a wait that ends early if haproxy exits
                }
            }
            return false;
        }

        @Override
        public void close() throws InterruptedException {
            process.destroy(); // SIGTERM to this PID only
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        }
    }
}
