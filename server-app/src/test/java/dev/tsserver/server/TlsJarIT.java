package dev.tsserver.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.FileInputStream;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code tsserver.jar} with {@code --tls-cert}/{@code --tls-key} as a separate process: the
 * {@code tls://} ready line, SIGHUP swapping the certificate for new handshakes, and a start-up
 * with an unusable key file exiting 1 with one line naming it. Self-signed certificates are made
 * at test time with keytool.
 */
@Timeout(120)
class TlsJarIT {

    private static final Pattern READY = Pattern.compile("listening on tls://127\\.0\\.0\\.1:(\\d+)");

    @TempDir
    Path dir;

    private X509Certificate selfSigned(String name, Path certOut, Path keyOut) throws Exception {
        return SelfSignedPem.create(dir, name, certOut, keyOut);
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** The serial number of the certificate the server shows a new client that trusts {@code trusted}. */
    private static BigInteger servedSerial(int port, X509Certificate trusted) throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("t", trusted);
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(trust);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, factory.getTrustManagers(), null);
        try (SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write("hi\n".getBytes(StandardCharsets.US_ASCII));
            String reply = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII)).readLine();
            assertTrue(reply != null && reply.endsWith("] hi"), String.valueOf(reply));
            return ((X509Certificate) socket.getSession().getPeerCertificates()[0]).getSerialNumber();
        }
    }

    @Test
    void readyLineSaysTlsAndSighupSwapsTheCertificateForNewHandshakes() throws Exception {
        Path cert = dir.resolve("cert.pem");
        Path key = dir.resolve("key.pem");
        X509Certificate first = selfSigned("first", cert, key);
        X509Certificate second = selfSigned("second", dir.resolve("second-cert.pem"), dir.resolve("second-key.pem"));
        Path stderr = dir.resolve("server.err");
        Process server = new ProcessBuilder(java(), "-jar", Path.of("target", "tsserver.jar").toString(),
                "--port", "0", "--tls-cert", cert.toString(), "--tls-key", key.toString())
                .redirectError(stderr.toFile()).start();
        try {
            String ready = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.US_ASCII)).readLine();
            Matcher m = READY.matcher(String.valueOf(ready));
            assertTrue(m.find(), "ready line, got: " + ready + "; " + Files.readString(stderr));
            int port = Integer.parseInt(m.group(1));
            assertEquals(first.getSerialNumber(), servedSerial(port, first));

            Files.copy(dir.resolve("second-cert.pem"), cert, StandardCopyOption.REPLACE_EXISTING);
            Files.copy(dir.resolve("second-key.pem"), key, StandardCopyOption.REPLACE_EXISTING);
            Process hup = new ProcessBuilder("kill", "-HUP", Long.toString(server.pid())).start();
            assertTrue(hup.waitFor(10, TimeUnit.SECONDS) && hup.exitValue() == 0);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (!Files.readString(stderr).contains("TLS certificate and key reloaded")) {
                assertTrue(System.nanoTime() < deadline, "no reload logged: " + Files.readString(stderr));
                assertTrue(server.isAlive(), "SIGHUP ended the server: " + Files.readString(stderr));
                server.waitFor(50, TimeUnit.MILLISECONDS); // a wait that ends early if the process dies
            }
            assertEquals(second.getSerialNumber(), servedSerial(port, second));
            server.destroy();
            assertTrue(server.waitFor(10, TimeUnit.SECONDS));
            assertEquals(0, server.exitValue());
        } finally {
            server.destroyForcibly();
        }
    }

    @Test
    void unusableKeyAtStartIsExitOneWithOneLineNamingTheFile() throws Exception {
        Path cert = dir.resolve("cert.pem");
        selfSigned("only", cert, dir.resolve("key.pem"));
        Path notAKey = dir.resolve("not-a-key.pem");
        Files.writeString(notAKey, "hello\n");
        Process server = new ProcessBuilder(java(), "-jar", Path.of("target", "tsserver.jar").toString(),
                "--port", "0", "--tls-cert", cert.toString(), "--tls-key", notAKey.toString())
                .redirectErrorStream(true).start();
        assertTrue(server.waitFor(30, TimeUnit.SECONDS));
        List<String> lines = new String(server.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        assertEquals(1, server.exitValue(), lines.toString());
        assertEquals(1, lines.size(), lines.toString());
        assertTrue(lines.get(0).startsWith("tsserver: ") && lines.get(0).contains(notAKey.toString()), lines.get(0));
    }
}
