package dev.tsserver.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Runs the shaded {@code tsserver.jar} as users do: a separate process, the ready line on
 * stdout, logs on stderr, SIGTERM for a graceful stop.
 */
@Timeout(60)
class TsServerJarIT {

    private static final Pattern READY = Pattern.compile("listening on tcp://127\\.0\\.0\\.1:(\\d+)");

    @Test
    void startsAnswersLogsConnectionsAndStopsCleanlyOnSigterm() throws Exception {
        Path jar = Path.of("target", "tsserver.jar");
        assertTrue(Files.isRegularFile(jar), "shaded jar built in the package phase");
        Path stderr = Files.createTempFile("tsserver", ".err");
        Process server = new ProcessBuilder(javaBinary(), "-jar", jar.toString(), "--port", "0")
                .redirectError(stderr.toFile())
                .start();
        try {
            BufferedReader stdout = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.US_ASCII));
            String ready = stdout.readLine();
            Matcher m = READY.matcher(String.valueOf(ready));
            assertTrue(m.find(), "ready line, got: " + ready);
            int port = Integer.parseInt(m.group(1));

            try (Socket socket = new Socket("127.0.0.1", port)) {
                socket.setSoTimeout(5000);
                socket.getOutputStream().write("hi\n".getBytes(StandardCharsets.US_ASCII));
                String reply = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII)).readLine();
                assertTrue(reply.matches("\\[\\w{3} \\w{3} [ \\d]\\d \\d\\d:\\d\\d:\\d\\d \\d{4}] hi"), reply);
            }

            long stopAsked = System.nanoTime();
            server.destroy(); // SIGTERM
            assertTrue(server.waitFor(5, TimeUnit.SECONDS), "exits within 5 s of SIGTERM");
            assertTrue(System.nanoTime() - stopAsked < TimeUnit.SECONDS.toNanos(5));
            assertEquals(0, server.exitValue(), "a requested stop that completed is a success");

            String log = Files.readString(stderr);
            assertTrue(log.contains("...connected from: 127.0.0.1:"), log);
            assertFalse(log.contains("SLF4J"), "no SLF4J provider warnings: " + log);
            assertFalse(log.contains("Exception"), log);
        } finally {
            server.destroyForcibly();
            Files.deleteIfExists(stderr);
        }
    }

    @Test
    void privilegedPortIsRefusedWithOneLineAndExitOne() throws Exception {
        Path jar = Path.of("target", "tsserver.jar").toAbsolutePath();
        java.util.List<String> command = new java.util.ArrayList<>();
        if ("root".equals(System.getProperty("user.name"))) {
            Path setpriv = Path.of("/usr/bin/setpriv");
            org.junit.jupiter.api.Assumptions.assumeTrue(Files.isExecutable(setpriv), "needs setpriv to drop root");
            command.addAll(java.util.List.of(setpriv.toString(), "--reuid=65534", "--regid=65534", "--clear-groups"));
        }
        command.addAll(java.util.List.of(javaBinary(), "-jar", jar.toString(), "--port", "80"));
        Process server = new ProcessBuilder(command).redirectErrorStream(true).start();
        assertTrue(server.waitFor(30, TimeUnit.SECONDS));
        String output = new String(server.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(1, server.exitValue(), output);
        assertEquals("tsserver: cannot listen on tcp://127.0.0.1:80: permission denied", output.strip());
    }

    private static String javaBinary() throws IOException {
        return Path.of(System.getProperty("java.home"), "bin", "java" + (File.separatorChar == '\\' ? ".exe" : "")).toString();
    }
}
