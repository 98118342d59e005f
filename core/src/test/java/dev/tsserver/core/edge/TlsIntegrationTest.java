package dev.tsserver.core.edge;

import static dev.tsserver.core.edge.EdgeTestSupport.PREFIX;
import static dev.tsserver.core.edge.EdgeTestSupport.await;
import static dev.tsserver.core.edge.EdgeTestSupport.bytesBeforeClose;
import static dev.tsserver.core.edge.EdgeTestSupport.loopbackServer;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Random;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSocket;

import ch.qos.logback.classic.Level;
import dev.tsserver.core.ServerStartException;
import dev.tsserver.core.TsServer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** TLS on the TCP listener, with certificates made at test time and the JDK's TLS client. */
@Timeout(120)
class TlsIntegrationTest {

    @TempDir
    static Path dir;
    static TestPki pki;
    static TestPki otherPki;

    @BeforeAll
    static void certificates() throws Exception {
        pki = TestPki.create(dir.resolve("pki"), "Test CA", false);
        otherPki = TestPki.create(dir.resolve("other"), "Other CA", true);
    }

    private static TlsSettings tls(TestPki pki) {
        return new TlsSettings(pki.serverChain, pki.serverKey, null);
    }

    private static String readLine(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        for (int b; (b = in.read()) != '\n'; ) {
            if (b < 0) {
                throw new java.io.EOFException("closed after '" + line + "'");
            }
            line.append((char) b);
        }
        return line.toString();
    }

    @ParameterizedTest
    @ValueSource(strings = {"TLSv1.2", "TLSv1.3"})
    void lineCodecOverTls(String protocol) throws Exception {
        try (TsServer server = loopbackServer().tls(tls(pki)).start();
             SSLSocket socket = TlsClients.connect(TlsClients.context(pki, null), server.tcpAddress(), protocol)) {
            assertEquals(protocol, socket.getSession().getProtocol());
            assertTrue(server.endpoints().get(0).startsWith("tls://127.0.0.1:"), server.endpoints().toString());
            OutputStream out = socket.getOutputStream();
            out.write("hello\nwörld\r\n\n".getBytes(StandardCharsets.UTF_8));
            out.flush();
            InputStream in = socket.getInputStream();
            assertEquals(PREFIX + "hello", readLine(in));
            assertEquals(PREFIX + new String("wörld".getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1),
                    readLine(in));
            assertEquals(PREFIX, readLine(in));
        }
    }

    @Test
    void lengthCodecOverTlsIsByteForByteIncludingFramesOverOneTlsRecord() throws Exception {
        Random random = new Random(42);
        try (TsServer server = loopbackServer().codec("length").maxFrame(100_000).tls(tls(pki)).start();
             SSLSocket socket = TlsClients.connect(TlsClients.context(pki, null), server.tcpAddress(), "TLSv1.3")) {
            DataInputStream in = new DataInputStream(socket.getInputStream());
            OutputStream out = socket.getOutputStream();
            int[] sizes = {0, 1, 255, 16_384, 16_385, 40_000, 99_000};
            byte[][] payloads = new byte[sizes.length][];
            for (int i = 0; i < sizes.length; i++) {
                payloads[i] = new byte[sizes[i]];
                random.nextBytes(payloads[i]);
                out.write(lengthFrame(payloads[i]));
            }
            out.flush();
            for (byte[] payload : payloads) {
                byte[] reply = new byte[in.readInt()];
                in.readFully(reply);
                byte[] expected = concat(PREFIX.getBytes(StandardCharsets.US_ASCII), payload);
                assertArrayEquals(expected, reply);
            }
        }
    }

    @Test
    void rawCodecOverTls() throws Exception {
        try (TsServer server = loopbackServer().codec("raw").tls(tls(pki)).start();
             SSLSocket socket = TlsClients.connect(TlsClients.context(pki, null), server.tcpAddress(), "TLSv1.3")) {
            socket.getOutputStream().write(new byte[] {0, (byte) 0xFF, 'x'});
            socket.getOutputStream().flush();
            byte[] reply = new DataInputStream(socket.getInputStream()).readNBytes(PREFIX.length() + 3);
            assertArrayEquals(concat(PREFIX.getBytes(StandardCharsets.US_ASCII), new byte[] {0, (byte) 0xFF, 'x'}), reply);
        }
    }

    /**
     * MINA's TLS handler throws once 64 writes wait inside it (handshake not done, or large
     * records unacknowledged). A client that pipelines many large messages before reading any
     * reply must still get every reply, in order.
     */
    @Test
    void manyLargeRepliesToAPeerThatReadsLateAllArriveInOrder() throws Exception {
        int messages = 300;
        int size = 40_000;
        try (TsServer server = loopbackServer().codec("length").maxFrame(size).tls(tls(pki)).start();
             SSLSocket socket = TlsClients.connect(TlsClients.context(pki, null), server.tcpAddress(), "TLSv1.3")) {
            Thread writer = new Thread(() -> {
                try {
                    OutputStream out = socket.getOutputStream();
                    for (int i = 0; i < messages; i++) {
                        byte[] payload = new byte[size];
                        java.util.Arrays.fill(payload, (byte) i);
                        out.write(lengthFrame(payload));
                    }
                    out.flush();
                } catch (IOException e) {
                    // the reader below reports what was missing
                }
            });
            writer.start();
            writer.join(2_000); // the writer blocks once the server stops reading: that is the point
            DataInputStream in = new DataInputStream(socket.getInputStream());
            for (int i = 0; i < messages; i++) {
                byte[] reply = new byte[in.readInt()];
                in.readFully(reply);
                assertEquals(PREFIX.length() + size, reply.length);
                assertEquals((byte) i, reply[reply.length - 1], "reply " + i);
            }
            writer.join(10_000);
            assertFalse(writer.isAlive());
        }
    }

    /**
     * The slow-reader bound with TLS: a client that writes and never reads must find the server
     * stops reading from it (its writes block) instead of queueing replies without limit.
     */
    @Test
    void aPeerThatNeverReadsIsNoLongerReadFrom() throws Exception {
        int size = 40_000;
        long total = 64L << 20; // far more than the socket buffers and the server's bounds together
        try (TsServer server = loopbackServer().codec("length").maxFrame(size).tls(tls(pki)).start();
             SSLSocket socket = TlsClients.connect(TlsClients.context(pki, null), server.tcpAddress(), "TLSv1.3")) {
            java.util.concurrent.atomic.AtomicLong written = new java.util.concurrent.atomic.AtomicLong();
            Thread writer = new Thread(() -> {
                try {
                    byte[] frame = lengthFrame(new byte[size]);
                    OutputStream out = socket.getOutputStream();
                    while (written.get() < total) {
                        out.write(frame);
                        written.addAndGet(frame.length);
                    }
                } catch (IOException e) {
                    // closed at the end of the test
                }
            });
            writer.setDaemon(true);
            writer.start();
            // Wait until the writes stall: no progress over two seconds.
            long before;
            do {
                before = written.get();
                writer.join(2_000);
            } while (written.get() != before && written.get() < total);
            assertTrue(written.get() < total, "the server kept reading: " + written.get() + " bytes taken");
            assertTrue(server.openConnections() == 1, "the slow reader is kept, not dropped");
        }
    }

    @Test
    void clientCertificateRequiredAndChecked() throws Exception {
        TlsSettings settings = new TlsSettings(pki.serverChain, pki.serverKey, pki.caCertificate);
        try (TsServer server = loopbackServer().tls(settings).start()) {
            try (SSLSocket ok = TlsClients.connect(TlsClients.context(pki, pki), server.tcpAddress(), "TLSv1.3")) {
                ok.getOutputStream().write("with cert\n".getBytes(StandardCharsets.US_ASCII));
                assertEquals(PREFIX + "with cert", readLine(ok.getInputStream()));
            }
            // TLS 1.3 reports the server's refusal of a client certificate after the client's handshake ends.
            for (TestPki identity : new TestPki[] {null, otherPki}) {
                assertThrows(IOException.class, () -> {
                    try (SSLSocket refused = TlsClients.connect(TlsClients.context(pki, identity), server.tcpAddress(),
                            "TLSv1.2")) {
                        refused.getOutputStream().write("no\n".getBytes(StandardCharsets.US_ASCII));
                        readLine(refused.getInputStream());
                    }
                });
            }
            await("two handshake failures counted", 5_000,
                    () -> server.stats().edge().snapshot().tlsHandshakeFailures() == 2);
        }
    }

    @Test
    void clientThatTrustsAnotherCaRefusesTheServer() throws Exception {
        try (TsServer server = loopbackServer().tls(tls(pki)).start()) {
            SSLContext wrongTrust = TlsClients.context(otherPki, null);
            assertThrows(SSLException.class, () -> TlsClients.connect(wrongTrust, server.tcpAddress(), "TLSv1.3").close());
            await("the failure counted", 5_000, () -> server.stats().edge().snapshot().tlsHandshakeFailures() == 1);
        }
    }

    @Test
    void plainTextToATlsPortIsClosedCountedAndLoggedInOneLine() throws Exception {
        try (LogCapture log = new LogCapture(TlsSessionGuard.class.getName(), Level.DEBUG);
             TsServer server = loopbackServer().tls(tls(pki)).start();
             Socket socket = EdgeTestSupport.connectFrom("127.0.0.1", server.tcpAddress())) {
            EdgeTestSupport.send(socket, "hello in clear text\n");
            int sent = bytesBeforeClose(socket, 10_000);
            assertTrue(sent >= 0 && sent < 100, "closed, at most a TLS alert sent: " + sent);
            await("the failure counted", 5_000, () -> server.stats().edge().snapshot().tlsHandshakeFailures() == 1);
            assertEquals(1, log.lines().size(), log.lines().toString());
            assertTrue(log.lines().get(0).startsWith("WARN TLS: handshake failed"), log.lines().get(0));
            assertFalse(log.lines().get(0).contains("\n"));
        }
    }

    @Test
    void handshakeNotFinishedInTimeIsCut() throws Exception {
        try (TsServer server = loopbackServer().tls(tls(pki).withHandshakeTimeout(Duration.ofSeconds(1))).start();
             Socket socket = EdgeTestSupport.connectFrom("127.0.0.1", server.tcpAddress())) {
            long start = System.nanoTime();
            assertEquals(0, bytesBeforeClose(socket, 10_000));
            double seconds = (System.nanoTime() - start) / 1e9;
            assertTrue(seconds < 4, "closed after " + seconds + " s");
            assertEquals(1, server.stats().edge().snapshot().tlsHandshakeFailures());
        }
    }

    @Test
    void reloadSwapsThePairForNewHandshakesAndKeepsOpenConnections() throws Exception {
        Path live = dir.resolve("live");
        Files.createDirectories(live);
        Path chain = live.resolve("chain.pem");
        Path key = live.resolve("key.pem");
        Files.copy(pki.serverChain, chain, StandardCopyOption.REPLACE_EXISTING);
        Files.copy(pki.serverKey, key, StandardCopyOption.REPLACE_EXISTING);
        try (LogCapture errors = new LogCapture(TlsContextSource.class.getName(), Level.ERROR);
             TsServer server = loopbackServer().tls(new TlsSettings(chain, key, null)).start();
             SSLSocket before = TlsClients.connect(TlsClients.context(pki, null), server.tcpAddress(), "TLSv1.3")) {
            // A key that does not match the certificate: refused, the old pair stays.
            Files.copy(otherPki.serverChain, chain, StandardCopyOption.REPLACE_EXISTING);
            assertFalse(server.reloadTls());
            assertEquals(1, errors.lines().size(), errors.lines().toString());
            assertTrue(errors.lines().get(0).contains(key.toString()), errors.lines().get(0));
            TlsClients.connect(TlsClients.context(pki, null), server.tcpAddress(), "TLSv1.3").close();
            // The new pair: new handshakes use it, the open connection goes on.
            Files.copy(otherPki.serverKey, key, StandardCopyOption.REPLACE_EXISTING);
            assertTrue(server.reloadTls());
            try (SSLSocket after = TlsClients.connect(TlsClients.context(otherPki, null), server.tcpAddress(), "TLSv1.3")) {
                after.getOutputStream().write("new pair\n".getBytes(StandardCharsets.US_ASCII));
                assertEquals(PREFIX + "new pair", readLine(after.getInputStream()));
            }
            assertThrows(SSLException.class,
                    () -> TlsClients.connect(TlsClients.context(pki, null), server.tcpAddress(), "TLSv1.3").close());
            before.getOutputStream().write("still here\n".getBytes(StandardCharsets.US_ASCII));
            assertEquals(PREFIX + "still here", readLine(before.getInputStream()));
        }
    }

    @Test
    void unreadableOrMismatchedPairAtStartIsAStartFailureNamingTheFile() throws Exception {
        Path missing = dir.resolve("missing.pem");
        ServerStartException e = assertThrows(ServerStartException.class,
                () -> loopbackServer().tls(new TlsSettings(pki.serverChain, missing, null)).start());
        assertTrue(e.getMessage().contains(missing.toString()), e.getMessage());
        ServerStartException mismatch = assertThrows(ServerStartException.class,
                () -> loopbackServer().tls(new TlsSettings(pki.serverChain, otherPki.serverKey, null)).start());
        assertTrue(mismatch.getMessage().contains("does not match"), mismatch.getMessage());
    }

    @Test
    void pkcs1RsaKeyIsAccepted() throws Exception {
        try (TsServer server = loopbackServer().tls(new TlsSettings(pki.serverChain, pki.serverKeyAsPkcs1(), null)).start();
             SSLSocket socket = TlsClients.connect(TlsClients.context(pki, null), server.tcpAddress(), "TLSv1.2")) {
            socket.getOutputStream().write("pkcs1\n".getBytes(StandardCharsets.US_ASCII));
            assertEquals(PREFIX + "pkcs1", readLine(socket.getInputStream()));
        }
    }

    @Test
    void proxyHeaderBeforeTlsBytes() throws Exception {
        try (LogCapture log = new LogCapture("dev.tsserver.connections", Level.INFO);
             TsServer server = loopbackServer().tls(tls(pki))
                     .proxyProtocol(ProxyProtocolSettings.of(ProxyProtocolSettings.Mode.V1)).start();
             Socket plain = EdgeTestSupport.connectFrom("127.0.0.1", server.tcpAddress())) {
            EdgeTestSupport.send(plain, ProxyHeaders.v1Tcp4("192.0.2.44", 4444));
            SSLSocket socket = (SSLSocket) TlsClients.context(pki, null).getSocketFactory()
                    .createSocket(plain, "127.0.0.1", server.tcpAddress().getPort(), true);
            socket.setSoTimeout(10_000);
            socket.startHandshake();
            socket.getOutputStream().write("behind a balancer\n".getBytes(StandardCharsets.US_ASCII));
            assertEquals(PREFIX + "behind a balancer", readLine(socket.getInputStream()));
            assertTrue(log.contains("...connected from: 192.0.2.44:4444"), log.lines().toString());
        }
    }

    static byte[] lengthFrame(byte[] payload) {
        byte[] frame = new byte[4 + payload.length];
        frame[0] = (byte) (payload.length >>> 24);
        frame[1] = (byte) (payload.length >>> 16);
        frame[2] = (byte) (payload.length >>> 8);
        frame[3] = (byte) payload.length;
        System.arraycopy(payload, 0, frame, 4, payload.length);
        return frame;
    }

    static byte[] concat(byte[] a, byte[] b) {
        byte[] joined = new byte[a.length + b.length];
        System.arraycopy(a, 0, joined, 0, a.length);
        System.arraycopy(b, 0, joined, a.length, b.length);
        return joined;
    }
}
