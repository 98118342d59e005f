package dev.tsserver.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.StringWriter;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.List;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;

import dev.tsserver.core.Listener;
import dev.tsserver.core.Scheme;
import dev.tsserver.core.TsServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Edge settings per listener through {@code --listen} (SPEC Part 2, "Several listeners" with
 * "TLS" and "Who may connect"), in-process: one server with a {@code tls://} listener and a
 * plain {@code tcp://} one whose access policies differ, and SIGHUP's reload reaching every TLS
 * listener. Clients pick their source address on loopback (127.0.0.1 or 127.0.0.2).
 */
@Timeout(60)
class EdgeListenersTest {

    private static final InetAddress FIRST = loopback(1);
    private static final InetAddress SECOND = loopback(2);

    @TempDir
    Path dir;

    private final InProcessServerCommand command = new InProcessServerCommand();
    private final StringWriter out = command.out;
    private final StringWriter err = command.err;
    private final List<TsServer> started = command.started;

    private int run(InProcessServerCommand.WhileRunning whileRunning, String... args) {
        return command.run(whileRunning, args);
    }

    @Test
    void aTlsListenerAndAPlainOneEachKeepTheirOwnAccessPolicy() throws Exception {
        Path cert = dir.resolve("cert.pem");
        Path key = dir.resolve("key.pem");
        X509Certificate certificate = SelfSignedPem.create(dir, "server", cert, key);
        int exit = run(server -> {
            Listener tls = server.listeners().get(0);
            Listener plain = server.listeners().get(1);
            assertEquals(Scheme.TLS, tls.scheme());
            assertEquals(Scheme.TCP, plain.scheme(), "--tls-cert does not make a tcp:// endpoint TLS");

            assertTrue(tlsExchange(tls.address(), FIRST, certificate).endsWith("] hi"), "TLS, allowed source");
            assertEquals(-1, firstByte(tls.address(), SECOND), "TLS listener: 127.0.0.2 not allowed, no byte sent");
            assertEquals(-1, firstByte(plain.address(), FIRST), "plain listener: 127.0.0.1 not allowed");
            assertTrue(plainExchange(plain.address(), SECOND).endsWith("] hi"), "plain TCP, allowed source");
            assertEquals(2, server.stats().edge().snapshot().connectionsRefusedByAccessPolicy());
        }, "--tls-cert", cert.toString(), "--tls-key", key.toString(),
                "--listen", "tls://127.0.0.1:0?allow=127.0.0.1",
                "--listen", "tcp://127.0.0.1:0?allow=127.0.0.2");
        assertEquals(0, exit, err.toString());
        List<Listener> listeners = started.get(0).listeners();
        String nl = System.lineSeparator();
        assertEquals("listening on tls://127.0.0.1:" + listeners.get(0).address().getPort() + " protocol=ts codec=line" + nl
                + "listening on tcp://127.0.0.1:" + listeners.get(1).address().getPort() + " protocol=ts codec=line" + nl,
                out.toString());
    }

    @Test
    void reloadSwapsTheCertificateOfEveryTlsListener() throws Exception {
        Path certA = dir.resolve("a-cert.pem");
        Path keyA = dir.resolve("a-key.pem");
        Path certB = dir.resolve("b-cert.pem");
        Path keyB = dir.resolve("b-key.pem");
        X509Certificate a1 = SelfSignedPem.create(dir, "a1", certA, keyA);
        X509Certificate b1 = SelfSignedPem.create(dir, "b1", certB, keyB);
        X509Certificate a2 = SelfSignedPem.create(dir, "a2", dir.resolve("a2-cert.pem"), dir.resolve("a2-key.pem"));
        X509Certificate b2 = SelfSignedPem.create(dir, "b2", dir.resolve("b2-cert.pem"), dir.resolve("b2-key.pem"));
        int exit = run(server -> {
            InetSocketAddress first = server.listeners().get(0).address();
            InetSocketAddress second = server.listeners().get(1).address();
            assertEquals(a1.getSerialNumber(), servedSerial(first, a1));
            assertEquals(b1.getSerialNumber(), servedSerial(second, b1));
            Files.copy(dir.resolve("a2-cert.pem"), certA, StandardCopyOption.REPLACE_EXISTING);
            Files.copy(dir.resolve("a2-key.pem"), keyA, StandardCopyOption.REPLACE_EXISTING);
            Files.copy(dir.resolve("b2-cert.pem"), certB, StandardCopyOption.REPLACE_EXISTING);
            Files.copy(dir.resolve("b2-key.pem"), keyB, StandardCopyOption.REPLACE_EXISTING);
            assertTrue(server.reloadTls(), "both listeners reloaded");
            assertEquals(a2.getSerialNumber(), servedSerial(first, a2));
            assertEquals(b2.getSerialNumber(), servedSerial(second, b2));
        }, "--tls-cert", certA.toString(), "--tls-key", keyA.toString(),
                "--listen", "tls://127.0.0.1:0",
                "--listen", "tls://127.0.0.1:0?tls-cert=" + certB + "&tls-key=" + keyB);
        assertEquals(0, exit, err.toString());
    }

    private static InetAddress loopback(int last) {
        try {
            return InetAddress.getByAddress(new byte[] {127, 0, 0, (byte) last});
        } catch (java.net.UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    private static Socket connectFrom(InetSocketAddress server, InetAddress source) throws Exception {
        Socket socket = new Socket();
        socket.bind(new InetSocketAddress(source, 0));
        socket.connect(server, 10_000);
        socket.setSoTimeout(10_000);
        return socket;
    }

    /** What the server sends first on a plain connection that has sent nothing: -1 when it closes at once. */
    private static int firstByte(InetSocketAddress server, InetAddress source) throws Exception {
        try (Socket socket = connectFrom(server, source)) {
            return socket.getInputStream().read();
        }
    }

    private static String plainExchange(InetSocketAddress server, InetAddress source) throws Exception {
        try (Socket socket = connectFrom(server, source)) {
            socket.getOutputStream().write("hi\n".getBytes(StandardCharsets.US_ASCII));
            return String.valueOf(new BufferedReader(new InputStreamReader(socket.getInputStream(),
                    StandardCharsets.US_ASCII)).readLine());
        }
    }

    private static SSLSocket tlsSocket(InetSocketAddress server, InetAddress source, X509Certificate trusted)
            throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("t", trusted);
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(trust);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, factory.getTrustManagers(), null);
        Socket plain = connectFrom(server, source);
        return (SSLSocket) context.getSocketFactory().createSocket(plain, "127.0.0.1", server.getPort(), true);
    }

    private static String tlsExchange(InetSocketAddress server, InetAddress source, X509Certificate trusted)
            throws Exception {
        try (SSLSocket socket = tlsSocket(server, source, trusted)) {
            socket.getOutputStream().write("hi\n".getBytes(StandardCharsets.US_ASCII));
            return String.valueOf(new BufferedReader(new InputStreamReader(socket.getInputStream(),
                    StandardCharsets.US_ASCII)).readLine());
        }
    }

    private static BigInteger servedSerial(InetSocketAddress server, X509Certificate trusted) throws Exception {
        try (SSLSocket socket = tlsSocket(server, FIRST, trusted)) {
            socket.startHandshake();
            return ((X509Certificate) socket.getSession().getPeerCertificates()[0]).getSerialNumber();
        }
    }
}
