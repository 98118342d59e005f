package dev.tsserver.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.tsserver.core.Transport;
import dev.tsserver.core.TsServer;
import dev.tsserver.core.time.TimestampFormat;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The admin endpoint against a live server on loopback: the counters a scrape shows are the
 * traffic this test sent, the output passes {@code promtool check metrics}, and readiness turns
 * to 503 once a stop begins.
 */
@Timeout(60)
class AdminServerTest {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void scrapeShowsTheTrafficSentAndPassesPromtool() throws Exception {
        try (TsServer server = TsServer.builder().host("127.0.0.1").port(0).transport(Transport.BOTH)
                .maxFrame(16).timeFormat(TimestampFormat.EPOCH).zone(ZoneOffset.UTC)
                .clock(Clock.fixed(Instant.EPOCH, ZoneOffset.UTC)).start();
             AdminServer admin = AdminServer.start(new InetSocketAddress("127.0.0.1", 0),
                     ServerMetrics.newRegistry(server.stats()), () -> !server.stats().isDraining())) {
            long tcpBytesRead = 0;
            byte[] request = "one\ntwo\nthree\nthis line is far too long\n".getBytes(StandardCharsets.US_ASCII);
            try (Socket socket = new Socket("127.0.0.1", server.tcpAddress().getPort())) {
                socket.setSoTimeout(5000);
                OutputStream out = socket.getOutputStream();
                out.write(request);
                BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
                for (String expected : new String[] {"[0] one", "[0] two", "[0] three"}) {
                    String line = in.readLine();
                    assertEquals(expected, line);
                    tcpBytesRead += line.length() + 1;
                }
                String notice = in.readLine();
                assertTrue(notice.startsWith("ERROR line too long"), notice);
                tcpBytesRead += notice.length() + 1;
            }
            int udpReplyBytes;
            try (DatagramSocket udp = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
                udp.setSoTimeout(5000);
                udp.send(new DatagramPacket(new byte[40], 40, server.udpAddress())); // over max frame: dropped
                udp.send(new DatagramPacket("ping".getBytes(StandardCharsets.US_ASCII), 4, server.udpAddress()));
                DatagramPacket reply = new DatagramPacket(new byte[100], 100);
                udp.receive(reply);
                assertEquals("[0] ping", new String(reply.getData(), 0, reply.getLength(), StandardCharsets.US_ASCII));
                udpReplyBytes = reply.getLength();
            }
            long bytesOut = tcpBytesRead + udpReplyBytes;
            long bytesIn = request.length + 40 + 4;

            String base = "http://127.0.0.1:" + admin.address().getPort();
            // The close event and the last messageSent are counted just after the peer saw its bytes.
            String metrics = awaitScrape(base, text -> value(text, "tsserver_connections_active") == 0
                    && value(text, "tsserver_bytes_sent_total") == bytesOut);
            assertEquals(1, value(metrics, "tsserver_connections_accepted_total"));
            // The listener label is the endpoint as configured and bound, one series per listener.
            String tcp = "{listener=\"tcp://127.0.0.1:" + server.tcpAddress().getPort() + "\"}";
            String udp = "{listener=\"udp://127.0.0.1:" + server.udpAddress().getPort() + "\"}";
            assertEquals(3, value(metrics, "tsserver_messages_received_total" + tcp));
            assertEquals(4, value(metrics, "tsserver_replies_sent_total" + tcp), "3 replies, 1 notice");
            // The datagram over the max frame is dropped before any handler sees it: not a message.
            assertEquals(1, value(metrics, "tsserver_messages_received_total" + udp));
            assertEquals(1, value(metrics, "tsserver_replies_sent_total" + udp));
            assertEquals(1, value(metrics, "tsserver_protocol_errors_total{kind=\"frame_too_long\"}"));
            assertEquals(0, value(metrics, "tsserver_protocol_errors_total{kind=\"corrupt_frame\"}"));
            assertEquals(1, value(metrics, "tsserver_udp_dropped_total{reason=\"oversize\"}"));
            assertEquals(0, value(metrics, "tsserver_udp_dropped_total{reason=\"reply_too_large\"}"));
            assertEquals(0, value(metrics, "tsserver_connections_refused_total{reason=\"max_connections\"}"));
            assertEquals(bytesIn, value(metrics, "tsserver_bytes_received_total"));
            assertEquals(bytesOut, value(metrics, "tsserver_bytes_sent_total"));
            assertEquals(0, value(metrics, "tsserver_draining"));
            assertEquals(0, value(metrics, "tsserver_queued_reply_bytes"));
            assertEquals(0, value(metrics, "tsserver_tls_handshake_failures_total"));
            assertEquals(0, value(metrics, "tsserver_proxy_header_failures_total"));
            assertTrue(metrics.contains("jvm_memory_used_bytes{area=\"heap\"}"), "JVM memory");
            assertTrue(metrics.contains("jvm_gc_collection_seconds_count"), "JVM GC");
            assertNoClientAddressLabels(metrics, server.endpoints());
            Promtool.assertValid(metrics);
        }
    }

    @Test
    void refusedConnectionsAreCountedByReason() throws Exception {
        try (TsServer server = TsServer.builder().host("127.0.0.1").port(0).maxConnections(1).start()) {
            PrometheusRegistry registry = ServerMetrics.newRegistry(server.stats());
            try (AdminServer admin = AdminServer.start(new InetSocketAddress("127.0.0.1", 0), registry, () -> true);
                 Socket first = new Socket("127.0.0.1", server.tcpAddress().getPort())) {
                // Sessions are created on several I/O threads: connecting both at once would leave
                // to chance which one the limit refuses.
                awaitScrape("http://127.0.0.1:" + admin.address().getPort(),
                        text -> value(text, "tsserver_connections_active") == 1);
                Socket second = new Socket("127.0.0.1", server.tcpAddress().getPort());
                second.setSoTimeout(5000);
                assertEquals(-1, second.getInputStream().read(), "the second connection is closed at once");
                String metrics = awaitScrape("http://127.0.0.1:" + admin.address().getPort(),
                        text -> value(text, "tsserver_connections_refused_total{reason=\"max_connections\"}") == 1);
                assertEquals(1, value(metrics, "tsserver_connections_active"));
                assertEquals(2, value(metrics, "tsserver_connections_accepted_total"));
                second.close();
            }
        }
    }

    @Test
    void healthIsLiveAndReadyUntilAStopBegins() throws Exception {
        TsServer server = TsServer.builder().host("127.0.0.1").port(0).start();
        try (AdminServer admin = AdminServer.start(new InetSocketAddress("127.0.0.1", 0),
                ServerMetrics.newRegistry(server.stats()), () -> !server.stats().isDraining())) {
            String base = "http://127.0.0.1:" + admin.address().getPort();
            assertEquals(200, get(base + "/health/live").statusCode());
            assertEquals(200, get(base + "/health/ready").statusCode());
            assertEquals(404, get(base + "/nothing").statusCode());

            server.close();
            HttpResponse<String> ready = get(base + "/health/ready");
            assertEquals(503, ready.statusCode());
            assertEquals("stopping\n", ready.body());
            assertEquals(200, get(base + "/health/live").statusCode());
            assertEquals(1, value(get(base + "/metrics").body(), "tsserver_draining"));
        } finally {
            server.close();
        }
    }

    /**
     * Readiness is 503 while the stop is still under way, not only once it is over: a peer that
     * reads none of its replies keeps the graceful stop of this two-listener server waiting
     * until its limit.
     */
    @Test
    void readinessIs503WhileTheStopIsStillUnderWay() throws Exception {
        TsServer server = TsServer.builder().host("127.0.0.1").port(0).transport(Transport.BOTH)
                .stopTimeout(Duration.ofSeconds(5)).start();
        java.util.concurrent.CompletableFuture<Void> stopping = null;
        try (AdminServer admin = AdminServer.start(new InetSocketAddress("127.0.0.1", 0),
                ServerMetrics.newRegistry(server.stats()), () -> !server.stats().isDraining());
             Socket reader = new Socket()) {
            String base = "http://127.0.0.1:" + admin.address().getPort();
            reader.setReceiveBufferSize(4096);
            reader.connect(server.tcpAddress(), 5000);
            byte[] lines = "x\n".repeat(32 * 1024).getBytes(StandardCharsets.US_ASCII);
            java.util.concurrent.CompletableFuture.runAsync(() -> {
                try {
                    for (int i = 0; i < 64; i++) { // bounded: 4 MiB of requests at most
                        reader.getOutputStream().write(lines);
                    }
                } catch (IOException closed) {
                    // the server stops reading or cuts the connection at the stop limit
                }
            });
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (server.stats().queuedReplyBytes() == 0 && System.nanoTime() < deadline) {
                TimeUnit.MILLISECONDS.sleep(10); // polling an outcome with a deadline
            }
            assertTrue(server.stats().queuedReplyBytes() > 0, "replies queued for the peer that does not read");
            assertEquals(200, get(base + "/health/ready").statusCode());

            stopping = java.util.concurrent.CompletableFuture.runAsync(server::close);
            HttpResponse<String> ready = get(base + "/health/ready");
            while (ready.statusCode() != 503 && System.nanoTime() < deadline) {
                ready = get(base + "/health/ready");
            }
            assertFalse(stopping.isDone(), "the stop is still waiting for the peer's replies");
            assertEquals(503, ready.statusCode());
            assertEquals(1, value(get(base + "/metrics").body(), "tsserver_draining"));
            stopping.get(30, TimeUnit.SECONDS);
        } finally {
            server.close();
        }
    }

    @Test
    void clientsThatSendHalfARequestCannotHoldTheEndpoint() throws Exception {
        try (AdminServer admin = AdminServer.start(new InetSocketAddress("127.0.0.1", 0), new PrometheusRegistry(),
                () -> true)) {
            java.util.List<Socket> slow = new java.util.ArrayList<>();
            try {
                for (int i = 0; i < 4; i++) { // more than the endpoint's threads
                    Socket socket = new Socket("127.0.0.1", admin.address().getPort());
                    socket.getOutputStream().write("GET /metrics HTTP/1.1\r\nHost: x\r\n".getBytes(StandardCharsets.US_ASCII));
                    socket.getOutputStream().flush();
                    slow.add(socket);
                }
                long started = System.nanoTime();
                HttpResponse<String> live = HTTP.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + admin.address().getPort() + "/health/live"))
                        .timeout(Duration.ofSeconds(40)).build(), HttpResponse.BodyHandlers.ofString());
                assertEquals(200, live.statusCode());
                long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started);
                assertTrue(seconds <= Long.parseLong(AdminServer.MAX_REQUEST_SECONDS) + 15,
                        "answered once the half-sent requests timed out, after " + seconds + " s");
            } finally {
                for (Socket socket : slow) {
                    socket.close();
                }
            }
        }
    }

    @Test
    void closedAdminServerFreesItsPort() throws Exception {
        AdminServer admin = AdminServer.start(new InetSocketAddress("127.0.0.1", 0), new PrometheusRegistry(), () -> true);
        int port = admin.address().getPort();
        admin.close();
        admin.close();
        try (AdminServer again = AdminServer.start(new InetSocketAddress("127.0.0.1", port), new PrometheusRegistry(),
                () -> true)) {
            assertEquals(port, again.address().getPort());
        }
    }

    /** No label may carry an address: their values would grow with the clients. */
    /** Labels never carry a client's address; the only address is each listener's own endpoint. */
    private static void assertNoClientAddressLabels(String metrics, List<String> endpoints) {
        Set<String> labelNames = new HashSet<>();
        Matcher m = Pattern.compile("[{,]([a-zA-Z_]+)=\"").matcher(metrics);
        while (m.find()) {
            labelNames.add(m.group(1));
        }
        for (String name : labelNames) {
            assertFalse(name.contains("peer") || name.contains("addr") || name.contains("client") || name.equals("ip"),
                    "label " + name);
        }
        Matcher value = Pattern.compile("[{,]([a-zA-Z_]+)=\"([^\"]*127\\.0\\.0\\.1[^\"]*)\"").matcher(metrics);
        while (value.find()) {
            assertEquals("listener", value.group(1), "an address in label " + value.group(1));
            assertTrue(endpoints.contains(value.group(2)), "listener label " + value.group(2) + " is not one of " + endpoints);
        }
    }

    static HttpResponse<String> get(String url) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static String awaitScrape(String base, java.util.function.Predicate<String> done) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        String last = null;
        while (System.nanoTime() < deadline) {
            HttpResponse<String> response = get(base + "/metrics");
            assertEquals(200, response.statusCode());
            last = response.body();
            if (done.test(last)) {
                return last;
            }
            TimeUnit.MILLISECONDS.sleep(20); // polling an outcome with a deadline, not ordering events
        }
        fail("scrape never reached the expected values:\n" + last);
        return last;
    }

    /** The value of one series, e.g. {@code tsserver_draining} or {@code x_total{kind="a"}}; -1 if absent. */
    static double value(String metrics, String series) {
        for (String line : metrics.split("\n")) {
            if (line.startsWith(series + " ")) {
                return Double.parseDouble(line.substring(series.length() + 1).trim().split(" ")[0]);
            }
        }
        return -1;
    }
}
