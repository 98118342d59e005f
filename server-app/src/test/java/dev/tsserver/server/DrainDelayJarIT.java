package dev.tsserver.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --drain-delay} in the shaded jar, stopped by a real SIGTERM: /health/ready answers 503
 * at once while new connections are still accepted and answered; the process serves for the
 * whole delay and then exits 0 within drain delay + 5 s (SPEC Part 2).
 */
@Timeout(90)
class DrainDelayJarIT {

    private static final Pattern READY = Pattern.compile("listening on tcp://127\\.0\\.0\\.1:(\\d+)");
    private static final Pattern ADMIN = Pattern.compile("^admin on (http://127\\.0\\.0\\.1:\\d+)$");
    private static final int DRAIN_DELAY_SECONDS = 4;

    @TempDir
    Path dir;

    @Test
    void sigtermGoesNotReadyAtOnceServesThroughTheDelayThenExitsZeroInTime() throws Exception {
        Path jar = Path.of("target", "tsserver.jar");
        assertTrue(Files.isRegularFile(jar), "shaded jar built in the package phase");
        Path stderr = dir.resolve("stderr.log");
        Process server = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", jar.toString(), "--port", "0", "--admin", "127.0.0.1:0",
                "--drain-delay", String.valueOf(DRAIN_DELAY_SECONDS)).redirectError(stderr.toFile()).start();
        try {
            BufferedReader stdout = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.US_ASCII));
            Matcher ready = READY.matcher(String.valueOf(stdout.readLine()));
            assertTrue(ready.find(), "ready line");
            Matcher admin = ADMIN.matcher(String.valueOf(stdout.readLine()));
            assertTrue(admin.matches(), "admin line");
            InetSocketAddress address = new InetSocketAddress("127.0.0.1", Integer.parseInt(ready.group(1)));
            URI readiness = URI.create(admin.group(1) + "/health/ready");
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
            assertEquals(200, status(http, readiness));

            long sigterm = System.nanoTime();
            server.destroy(); // SIGTERM to this PID
            long deadline = sigterm + TimeUnit.SECONDS.toNanos(DRAIN_DELAY_SECONDS);
            int readyStatus = status(http, readiness);
            while (readyStatus == 200 && System.nanoTime() < deadline) {
                readyStatus = status(http, readiness); // the signal is delivered asynchronously; bounded by the delay
            }
            assertEquals(503, readyStatus, "not ready once the stop began");
            assertEquals("[", exchange(address, "during the delay").substring(0, 1), "a new connection is served");
            long servedAt = System.nanoTime() - sigterm;
            assertTrue(servedAt < TimeUnit.SECONDS.toNanos(DRAIN_DELAY_SECONDS),
                    "checked inside the delay: " + servedAt / 1_000_000 + " ms");

            assertTrue(server.waitFor(DRAIN_DELAY_SECONDS + 5, TimeUnit.SECONDS), "exits within drain delay + 5 s");
            long took = System.nanoTime() - sigterm;
            assertEquals(0, server.exitValue());
            assertTrue(took >= TimeUnit.SECONDS.toNanos(DRAIN_DELAY_SECONDS),
                    "served for the whole delay: exited after " + took / 1_000_000 + " ms");
            assertTrue(Files.readString(stderr).contains("drain delay"), "the delay is logged");
            try (Socket refused = new Socket()) {
                org.junit.jupiter.api.Assertions.assertThrows(ConnectException.class,
                        () -> refused.connect(address, 2_000));
            }
        } finally {
            server.destroyForcibly();
        }
    }

    private static int status(HttpClient http, URI uri) throws Exception {
        return http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private static String exchange(InetSocketAddress address, String message) throws Exception {
        try (Socket socket = new Socket()) {
            socket.connect(address, 5_000);
            socket.setSoTimeout(5_000);
            socket.getOutputStream().write((message + "\n").getBytes(StandardCharsets.US_ASCII));
            String reply = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII))
                    .readLine();
            assertTrue(reply != null && reply.endsWith("] " + message), "reply: " + reply);
            return reply;
        }
    }
}
