package dev.tsserver.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shaded jar as operators run it: {@code --admin} prints its address and serves metrics
 * and health; {@code --log-format json} makes every stderr line a JSON object, the connection
 * close line among them with its fields; a user's own logback file still wins.
 */
@Timeout(90)
class OperationsJarIT {

    private static final Pattern READY = Pattern.compile("listening on tcp://127\\.0\\.0\\.1:(\\d+)");
    private static final Pattern ADMIN = Pattern.compile("^admin on (http://127\\.0\\.0\\.1:\\d+)$");

    @TempDir
    Path dir;

    @Test
    void jsonLogsAdminEndpointAndCloseLine() throws Exception {
        Path stderr = dir.resolve("stderr.log");
        Process server = new ProcessBuilder(java(), "-jar", jar(), "--port", "0", "--admin", "127.0.0.1:0",
                "--log-format", "json").redirectError(stderr.toFile()).start();
        try {
            BufferedReader stdout = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.US_ASCII));
            Matcher ready = READY.matcher(String.valueOf(stdout.readLine()));
            assertTrue(ready.find(), "ready line");
            String adminLine = stdout.readLine();
            Matcher admin = ADMIN.matcher(String.valueOf(adminLine));
            assertTrue(admin.matches(), "admin line, got: " + adminLine);
            String base = admin.group(1);

            try (Socket socket = new Socket("127.0.0.1", Integer.parseInt(ready.group(1)))) {
                socket.setSoTimeout(5000);
                socket.getOutputStream().write("one\ntwo\n".getBytes(StandardCharsets.US_ASCII));
                BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
                assertTrue(in.readLine().endsWith("] one"));
                assertTrue(in.readLine().endsWith("] two"));
            }
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
            assertEquals(200, get(http, base + "/health/live").statusCode());
            assertEquals(200, get(http, base + "/health/ready").statusCode());
            HttpResponse<String> metrics = get(http, base + "/metrics");
            assertEquals(200, metrics.statusCode());
            assertTrue(metrics.body().contains("tsserver_messages_received_total{listener=\"tcp://127.0.0.1:"
                    + ready.group(1) + "\"} 2.0"), metrics.body());

            server.destroy(); // SIGTERM
            assertTrue(server.waitFor(10, TimeUnit.SECONDS), "stops on SIGTERM");
            assertEquals(0, server.exitValue());

            List<Map<String, Object>> lines = new ArrayList<>();
            for (String line : Files.readAllLines(stderr, StandardCharsets.UTF_8)) {
                Object parsed = Json.parse(line); // every line, or the test fails here
                assertTrue(parsed instanceof Map, "an object per line: " + line);
                @SuppressWarnings("unchecked")
                Map<String, Object> object = (Map<String, Object>) parsed;
                lines.add(object);
            }
            assertFalse(lines.isEmpty(), "some log lines");
            Map<String, String> close = closeLineFields(lines);
            assertEquals("2", close.get("messages"), close.toString());
            assertEquals("8", close.get("bytes_in"), close.toString());
            assertEquals("peer closed", close.get("reason"), close.toString());
            assertTrue(close.get("peer").startsWith("127.0.0.1:"), close.toString());
            assertTrue(Double.parseDouble(close.get("duration_seconds")) >= 0, close.toString());
        } finally {
            server.destroyForcibly();
        }
    }

    /** The key-value pairs of the one "closed ..." line, from logback's kvpList. */
    @SuppressWarnings("unchecked")
    private static Map<String, String> closeLineFields(List<Map<String, Object>> lines) {
        Map<String, String> fields = new java.util.HashMap<>();
        int closeLines = 0;
        for (Map<String, Object> line : lines) {
            if (String.valueOf(line.get("formattedMessage")).startsWith("closed 127.0.0.1:")) {
                closeLines++;
                assertEquals("INFO", line.get("level"));
                for (Object pair : (List<Object>) line.get("kvpList")) {
                    ((Map<String, Object>) pair).forEach((k, v) -> fields.put(k, String.valueOf(v)));
                }
            }
        }
        assertEquals(1, closeLines, "one close line for one connection: " + lines);
        return fields;
    }

    @Test
    void userLogbackFileWinsOverLogFormat() throws Exception {
        Path custom = dir.resolve("custom.xml");
        Files.writeString(custom, """
                <configuration>
                  <appender name="E" class="ch.qos.logback.core.ConsoleAppender">
                    <target>System.err</target>
                    <encoder><pattern>CUSTOM %level %msg%n</pattern></encoder>
                  </appender>
                  <root level="INFO"><appender-ref ref="E"/></root>
                </configuration>
                """);
        Path stderr = dir.resolve("stderr.log");
        Process server = new ProcessBuilder(java(), "-Dlogback.configurationFile=" + custom, "-jar", jar(),
                "--port", "0", "--log-format", "json").redirectError(stderr.toFile()).start();
        try {
            BufferedReader stdout = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.US_ASCII));
            assertTrue(READY.matcher(String.valueOf(stdout.readLine())).find());
            // The start-up log lines may follow the ready line: stop only once one has been written.
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (Files.size(stderr) == 0 && System.nanoTime() < deadline) {
                java.util.concurrent.locks.LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10)); // polling a file, bounded
            }
            server.destroy();
            assertTrue(server.waitFor(10, TimeUnit.SECONDS));
            List<String> lines = Files.readAllLines(stderr, StandardCharsets.UTF_8);
            assertFalse(lines.isEmpty());
            for (String line : lines) {
                assertTrue(line.startsWith("CUSTOM "), "the user's pattern, not JSON: " + line);
            }
        } finally {
            server.destroyForcibly();
        }
    }

    private static HttpResponse<String> get(HttpClient http, String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static String jar() {
        Path jar = Path.of("target", "tsserver.jar");
        assertTrue(Files.isRegularFile(jar), "shaded jar built in the package phase");
        return jar.toString();
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java" + (File.separatorChar == '\\' ? ".exe" : "")).toString();
    }
}
