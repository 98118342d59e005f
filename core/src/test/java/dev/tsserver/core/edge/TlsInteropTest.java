package dev.tsserver.core.edge;

import static dev.tsserver.core.edge.EdgeTestSupport.PREFIX;
import static dev.tsserver.core.edge.EdgeTestSupport.await;
import static dev.tsserver.core.edge.EdgeTestSupport.loopbackServer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import dev.tsserver.core.TsServer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * TLS interop with clients nobody here wrote: {@code openssl s_client} and Python's ssl module,
 * TLS 1.2 and 1.3, a wrong CA refused, a client certificate required and checked, and the
 * graceful stop's {@code close_notify} (Python tells a clean close from a bare TCP close).
 */
@Timeout(180)
class TlsInteropTest {

    @TempDir
    static Path dir;
    static TestPki pki;
    static TestPki otherPki;
    static Path clientScript;

    @BeforeAll
    static void setUp() throws Exception {
        pki = TestPki.create(dir.resolve("pki"), "Interop CA", false);
        otherPki = TestPki.create(dir.resolve("other"), "Other CA", true);
        clientScript = dir.resolve("tls_client.py");
        try (InputStream in = TlsInteropTest.class.getResourceAsStream("/edge/tls_client.py")) {
            Files.copy(in, clientScript);
        }
    }

    private static TlsSettings serverTls(boolean requireClientCertificate) {
        return new TlsSettings(pki.serverChain, pki.serverKey, requireClientCertificate ? pki.caCertificate : null);
    }

    /** Output lines of a finished process (bounded wait), and its exit code as the last element. */
    private static List<String> run(List<String> command, String stdin) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        try (OutputStream in = process.getOutputStream()) {
            in.write(stdin.getBytes(StandardCharsets.US_ASCII));
        }
        CompletableFuture<String> output = CompletableFuture.supplyAsync(() -> {
            try {
                return new String(process.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
            } catch (java.io.IOException e) {
                return "read failed: " + e;
            }
        });
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("timed out: " + command);
        }
        List<String> lines = new ArrayList<>(output.get(10, TimeUnit.SECONDS).lines().toList());
        lines.add("exit " + process.exitValue());
        return lines;
    }

    private static List<String> python(TsServer server, String version, boolean withCert, TestPki trusted, String mode)
            throws Exception {
        String python = ExternalTool.require("python3", "python3", "/usr/bin/python3");
        return run(List.of(python, clientScript.toString(), "127.0.0.1", "" + server.tcpAddress().getPort(),
                trusted.caCertificate.toString(), version, withCert ? pki.clientCertificate.toString() : "-",
                withCert ? pki.clientKey.toString() : "-", mode), "");
    }

    @ParameterizedTest
    @ValueSource(strings = {"1.2", "1.3"})
    void pythonSslClient(String version) throws Exception {
        try (TsServer server = loopbackServer().tls(serverTls(false)).start()) {
            List<String> out = python(server, version, false, pki, "once");
            assertTrue(out.contains("PROTOCOL TLSv" + version), out.toString());
            assertTrue(out.contains("REPLY " + PREFIX + "hello from python"), out.toString());
        }
    }

    @Test
    void pythonRefusesAServerItsCaDidNotSign() throws Exception {
        try (TsServer server = loopbackServer().tls(serverTls(false)).start()) {
            List<String> out = python(server, "1.3", false, otherPki, "once");
            assertTrue(out.get(0).startsWith("VERIFY-FAILED"), out.toString());
            await("the failure counted", 5_000, () -> server.stats().edge().snapshot().tlsHandshakeFailures() == 1);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"1.2", "1.3"})
    void pythonClientCertificateRequiredAndChecked(String version) throws Exception {
        try (TsServer server = loopbackServer().tls(serverTls(true)).start()) {
            List<String> with = python(server, version, true, pki, "once");
            assertTrue(with.contains("REPLY " + PREFIX + "hello from python"), with.toString());
            List<String> without = python(server, version, false, pki, "once");
            assertTrue(without.stream().noneMatch(l -> l.startsWith("REPLY [")), without.toString());
            assertNotEquals("exit 0", without.get(without.size() - 1), without.toString());
        }
    }

    @Test
    void gracefulStopSendsCloseNotify() throws Exception {
        String python = ExternalTool.require("python3", "python3", "/usr/bin/python3");
        TsServer server = loopbackServer().tls(serverTls(false)).start();
        Process process = new ProcessBuilder(python, clientScript.toString(), "127.0.0.1",
                "" + server.tcpAddress().getPort(), pki.caCertificate.toString(), "1.3", "-", "-", "wait-close")
                .redirectErrorStream(true).start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.ISO_8859_1))) {
            List<String> lines = new ArrayList<>();
            CompletableFuture<Void> reading = CompletableFuture.runAsync(() -> {
                try {
                    for (String line; (line = out.readLine()) != null; ) {
                        lines.add(line);
                        if (line.startsWith("REPLY")) {
                            server.close(); // the graceful stop, with the client connected
                        }
                    }
                } catch (java.io.IOException e) {
                    lines.add("read failed: " + e);
                }
            });
            assertTrue(process.waitFor(60, TimeUnit.SECONDS), "python did not finish: " + lines);
            reading.get(10, TimeUnit.SECONDS);
            assertTrue(lines.contains("REPLY " + PREFIX + "hello from python"), lines.toString());
            assertTrue(lines.contains("CLOSE clean"), lines.toString());
        } finally {
            process.destroyForcibly();
            server.close();
        }
    }

    private static List<String> opensslClient(TsServer server, String version, TestPki trusted, boolean withCert)
            throws Exception {
        String openssl = ExternalTool.require("openssl", "openssl", "/usr/bin/openssl");
        List<String> command = new ArrayList<>(List.of(openssl, "s_client", "-connect",
                "127.0.0.1:" + server.tcpAddress().getPort(), "-" + version.replace('.', '_').replace("1_", "tls1_"),
                "-CAfile", trusted.caCertificate.toString(), "-verify_return_error", "-verify_ip", "127.0.0.1",
                "-quiet", "-no_ign_eof"));
        if (withCert) {
            command.addAll(List.of("-cert", pki.clientCertificate.toString(), "-key", pki.clientKey.toString()));
        }
        // s_client sends stdin and ends at its end; -no_ign_eof makes it wait for nothing else, so the
        // reply may be cut: send, then wait for the reply before closing stdin.
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        List<String> lines = new ArrayList<>();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.ISO_8859_1));
             OutputStream in = process.getOutputStream()) {
            in.write("hello from openssl\n".getBytes(StandardCharsets.US_ASCII));
            in.flush();
            CompletableFuture<Void> reading = CompletableFuture.runAsync(() -> {
                try {
                    for (String line; (line = out.readLine()) != null; ) {
                        lines.add(line);
                        if (line.startsWith(PREFIX)) {
                            in.close();
                        }
                    }
                } catch (java.io.IOException e) {
                    lines.add("read failed: " + e);
                }
            });
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("openssl s_client did not finish: " + lines);
            }
            reading.get(10, TimeUnit.SECONDS);
        }
        lines.add("exit " + process.exitValue());
        return lines;
    }

    @ParameterizedTest
    @ValueSource(strings = {"1.2", "1.3"})
    void opensslSClient(String version) throws Exception {
        try (TsServer server = loopbackServer().tls(serverTls(false)).start()) {
            List<String> out = opensslClient(server, version, pki, false);
            assertTrue(out.contains(PREFIX + "hello from openssl"), out.toString());
        }
    }

    @Test
    void opensslRefusesAServerItsCaDidNotSign() throws Exception {
        try (TsServer server = loopbackServer().tls(serverTls(false)).start()) {
            List<String> out = opensslClient(server, "1.3", otherPki, false);
            assertTrue(out.stream().noneMatch(l -> l.startsWith(PREFIX)), out.toString());
            assertNotEquals("exit 0", out.get(out.size() - 1), out.toString());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"1.2", "1.3"})
    void opensslClientCertificateRequiredAndChecked(String version) throws Exception {
        try (TsServer server = loopbackServer().tls(serverTls(true)).start()) {
            List<String> with = opensslClient(server, version, pki, true);
            assertTrue(with.contains(PREFIX + "hello from openssl"), with.toString());
            List<String> without = opensslClient(server, version, pki, false);
            assertTrue(without.stream().noneMatch(l -> l.startsWith(PREFIX)), without.toString());
            await("the refused handshake counted", 5_000,
                    () -> server.stats().edge().snapshot().tlsHandshakeFailures() >= 1);
        }
    }
}
