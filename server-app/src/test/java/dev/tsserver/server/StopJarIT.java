package dev.tsserver.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedOutputStream;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * SIGTERM with a peer that does not read a large backlog: the process still exits 0 within the
 * SPEC's 5 seconds, and says in one WARN line how many connections it had to cut and why.
 */
@Timeout(60)
class StopJarIT {

    private static final Pattern READY = Pattern.compile("listening on tcp://127\\.0\\.0\\.1:(\\d+)");

    @Test
    void sigtermWithASlowReaderExitsWithinFiveSecondsAndSaysWhatItCut() throws Exception {
        Path jar = Path.of("target", "tsserver.jar");
        assertTrue(Files.isRegularFile(jar), "shaded jar built in the package phase");
        Path stderr = Files.createTempFile("tsserver-stop", ".err");
        Process server = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", jar.toString(), "--port", "0").redirectError(stderr.toFile()).start();
        try (Socket slow = new Socket()) {
            BufferedReader stdout = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.US_ASCII));
            Matcher ready = READY.matcher(String.valueOf(stdout.readLine()));
            assertTrue(ready.find(), "ready line");
            slow.setReceiveBufferSize(16 * 1024);
            slow.connect(new java.net.InetSocketAddress("127.0.0.1", Integer.parseInt(ready.group(1))), 5000);
            byte[] line = ("z".repeat(60) + "\n").getBytes(StandardCharsets.US_ASCII);
            CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
                try {
                    OutputStream out = new BufferedOutputStream(slow.getOutputStream(), 64 * 1024);
                    for (int i = 0; i < 100_000; i++) {
                        out.write(line);
                    }
                    out.flush();
                } catch (IOException cut) {
                    // the server cuts this peer at its stop limit
                }
            });
            // Let the backlog build (the reply bound is reached within the first 256 KiB).
            // A generous wait: a fresh JVM on a loaded machine can take seconds to answer.
            slow.setSoTimeout(30_000);
            assertTrue(slow.getInputStream().read() >= 0, "replies are flowing");

            long stopAsked = System.nanoTime();
            server.destroy(); // SIGTERM, and the peer never reads again
            assertTrue(server.waitFor(8, TimeUnit.SECONDS), "exited");
            long took = System.nanoTime() - stopAsked;
            assertTrue(took < TimeUnit.SECONDS.toNanos(5), "exits within 5 s of SIGTERM: " + took / 1_000_000 + " ms");
            assertEquals(0, server.exitValue());
            String log = Files.readString(stderr);
            assertTrue(log.lines().anyMatch(l -> l.contains("WARN") && l.contains("cut 1 connection(s)")), log);
            writer.get(10, TimeUnit.SECONDS);
        } finally {
            server.destroyForcibly();
            Files.deleteIfExists(stderr);
        }
    }
}
