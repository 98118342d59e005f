package dev.tsserver.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.FileInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

import dev.tsserver.core.TsServer;
import dev.tsserver.core.edge.TlsSettings;
import dev.tsserver.core.time.TimestampFormat;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The client's TLS options against an embedded TLS server with a self-signed certificate made at test time. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ClientTlsTest {

    private static final String PREFIX = "[Tue Nov 24 14:03:39 2026] ";

    @TempDir
    static Path dir;
    static Path cert;
    static Path key;

    @BeforeAll
    static void selfSignedCertificate() throws Exception {
        Path store = dir.resolve("server.p12");
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "server", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=localhost",
                "-ext", "san=ip:127.0.0.1,dns:localhost", "-validity", "2", "-keystore", store.toString(),
                "-storetype", "PKCS12", "-storepass", "test-only", "-keypass", "test-only")
                .redirectErrorStream(true).start();
        String output = new String(keytool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(keytool.waitFor(60, TimeUnit.SECONDS) && keytool.exitValue() == 0, output);
        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (InputStream in = new FileInputStream(store.toFile())) {
            keys.load(in, "test-only".toCharArray());
        }
        cert = dir.resolve("cert.pem");
        key = dir.resolve("key.pem");
        Files.writeString(cert, pem("CERTIFICATE", keys.getCertificate("server").getEncoded()));
        Files.writeString(key, pem("PRIVATE KEY", ((PrivateKey) keys.getKey("server", "test-only".toCharArray())).getEncoded()));
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    private static TsServer tlsServer() throws Exception {
        return tlsServer("127.0.0.1");
    }

    private static TsServer tlsServer(String host) throws Exception {
        return TsServer.builder().host(host).port(0).timeFormat(TimestampFormat.CTIME).zone(ZoneOffset.UTC)
                .clock(Clock.fixed(Instant.parse("2026-11-24T14:03:39Z"), ZoneOffset.UTC))
                .tls(new TlsSettings(cert, key, null)).start();
    }

    @Test
    void sendAndPipedChatOverTlsWithTheServersCa() throws Exception {
        try (TsServer server = tlsServer()) {
            String port = "" + server.tcpAddress().getPort();
            ClientRun send = ClientRun.run("--host", "127.0.0.1", "--port", port, "--tls", "--tls-ca", cert.toString(),
                    "send", "hello", "world");
            assertEquals(0, send.exitCode(), send.toString());
            assertEquals(PREFIX + "hello\n" + PREFIX + "world\n", send.outText());
            StringBuilder lines = new StringBuilder();
            for (int i = 0; i < 200; i++) { // more than MINA's 64 writes queued before the handshake
                lines.append("line ").append(i).append('\n');
            }
            ClientRun chat = ClientRun.piped(lines.toString().getBytes(StandardCharsets.US_ASCII),
                    "--host", "localhost", "--port", port, "--tls", "--tls-ca", cert.toString());
            assertEquals(0, chat.exitCode(), chat.toString());
            List<String> replies = chat.outText().lines().toList();
            assertEquals(200, replies.size());
            assertEquals(PREFIX + "line 199", replies.get(199));
        }
    }

    /**
     * The refusal is reported as soon as the handshake fails, not at --timeout (two minutes here,
     * longer than the test may take), in one line that says what to do.
     */
    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void anUntrustedServerIsRefusedAtOnceAndInsecureSaysSo() throws Exception {
        try (TsServer server = tlsServer()) {
            String port = "" + server.tcpAddress().getPort();
            String expected = "tsclient: TLS handshake with 127.0.0.1:" + port
                    + " failed: certificate not trusted (use --tls-ca FILE or --tls-insecure)\n";
            ClientRun untrusted = ClientRun.run("--host", "127.0.0.1", "--port", port, "--timeout", "120", "--tls",
                    "send", "x");
            assertEquals(1, untrusted.exitCode(), untrusted.toString());
            assertEquals(expected, untrusted.err());
            ClientRun chat = ClientRun.piped("x\n".getBytes(StandardCharsets.US_ASCII), "--host", "127.0.0.1",
                    "--port", port, "--timeout", "120", "--tls");
            assertEquals(1, chat.exitCode(), chat.toString());
            assertEquals(expected, chat.err());
            ClientRun reconnecting = ClientRun.run("--host", "127.0.0.1", "--port", port, "--timeout", "120", "--tls",
                    "--reconnect", "send", "x");
            assertEquals(1, reconnecting.exitCode(), reconnecting.toString());
            assertEquals(expected, reconnecting.err());
            ClientRun insecure = ClientRun.run("--host", "127.0.0.1", "--port", port, "--tls", "--tls-insecure",
                    "send", "x");
            assertEquals(0, insecure.exitCode(), insecure.toString());
            assertTrue(insecure.err().contains("--tls-insecure"), insecure.err());
        }
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void aCertificateForAnotherNameIsRefusedAtOnce() throws Exception {
        try (TsServer server = tlsServer("127.0.0.2")) { // the certificate names 127.0.0.1 and localhost
            String port = "" + server.tcpAddress().getPort();
            ClientRun run = ClientRun.run("--host", "127.0.0.2", "--port", port, "--timeout", "120", "--tls",
                    "--tls-ca", cert.toString(), "send", "x");
            assertEquals(1, run.exitCode(), run.toString());
            assertEquals(1, run.err().lines().count(), run.err());
            assertTrue(run.err().startsWith("tsclient: TLS handshake with 127.0.0.2:" + port
                    + " failed: the server's certificate does not name this host"), run.err());
        }
    }

    @Test
    void aPlainServerIsNotMistakenForATlsOne() throws Exception {
        try (TsServer server = TsServer.builder().host("127.0.0.1").port(0).start()) {
            String port = "" + server.tcpAddress().getPort();
            ClientRun run = ClientRun.run("--host", "127.0.0.1", "--port", port, "--timeout", "20", "--tls",
                    "--tls-insecure", "send", "x");
            assertEquals(1, run.exitCode(), run.toString());
            assertTrue(run.err().contains("tsclient: TLS handshake with 127.0.0.1:" + port + " failed: "), run.err());
        }
    }

    @Test
    void tlsFileOptionsWithoutTlsAreABadCommandLine() {
        ClientRun run = ClientRun.run("--tls-ca", "ca.pem", "send", "x");
        assertEquals(2, run.exitCode(), run.toString());
        assertTrue(run.err().contains("--tls"), run.err());
    }
}
