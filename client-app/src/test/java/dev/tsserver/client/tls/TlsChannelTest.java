package dev.tsserver.client.tls;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLHandshakeException;

import dev.tsserver.core.TsServer;
import dev.tsserver.core.edge.TlsSettings;
import dev.tsserver.core.time.TimestampFormat;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link TlsChannel} driven as the load generator drives it (non-blocking, one selector) against
 * the real TLS server on loopback, with certificates made at test time.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class TlsChannelTest {

    private static final String PREFIX = "[Tue Nov 24 14:03:39 2026] ";
    private static final long DEADLINE_NANOS = TimeUnit.SECONDS.toNanos(60);

    @TempDir
    static Path dir;
    static SelfSignedCertificate server;

    @BeforeAll
    static void certificates() throws Exception {
        server = SelfSignedCertificate.create(dir, "server");
    }

    private static TsServer tlsServer() throws Exception {
        return TsServer.builder().host("127.0.0.1").port(0).timeFormat(TimestampFormat.CTIME).zone(ZoneOffset.UTC)
                .clock(Clock.fixed(Instant.parse("2026-11-24T14:03:39Z"), ZoneOffset.UTC))
                .tls(new TlsSettings(server.certificate(), server.key(), null)).start();
    }

    private static ClientTls trustingTheServer() throws Exception {
        return ClientTls.create(server.certificate(), null, null, false);
    }

    /** Connects and drives the handshake with a selector until it is done (or throws). */
    private static TlsChannel handshake(InetSocketAddress address, SSLEngineSource engines, Selector selector)
            throws IOException {
        SocketChannel socket = SocketChannel.open(address);
        socket.configureBlocking(false);
        TlsChannel channel = new TlsChannel(socket, engines.newEngine(address.getPort()));
        SelectionKey key = socket.register(selector, SelectionKey.OP_READ);
        long deadline = System.nanoTime() + DEADLINE_NANOS;
        while (!channel.handshake()) {
            assertTrue(System.nanoTime() - deadline < 0, "handshake not done in time");
            key.interestOps(channel.wantsWrite() ? SelectionKey.OP_READ | SelectionKey.OP_WRITE : SelectionKey.OP_READ);
            selector.select(100);
            selector.selectedKeys().clear();
        }
        key.interestOps(SelectionKey.OP_READ);
        return channel;
    }

    private interface SSLEngineSource {
        javax.net.ssl.SSLEngine newEngine(int port);
    }

    @Test
    void pipelinedLinesComeBackByteForByteThroughSmallBuffers() throws Exception {
        StringBuilder sent = new StringBuilder();
        StringBuilder expected = new StringBuilder();
        for (int i = 0; i < 4000; i++) { // about 400 KB: many TLS records each way
            String line = String.format("message-%05d-", i) + "x".repeat(i % 200);
            sent.append(line).append('\n');
            expected.append(PREFIX).append(line).append('\n');
        }
        byte[] want = expected.toString().getBytes(StandardCharsets.US_ASCII);
        ClientTls tls = trustingTheServer();
        try (TsServer tsServer = tlsServer(); Selector selector = Selector.open()) {
            TlsChannel channel = handshake(tsServer.tcpAddress(), port -> tls.newEngine("127.0.0.1", port), selector);
            assertTrue(channel.handshakeDone());
            ByteBuffer out = ByteBuffer.wrap(sent.toString().getBytes(StandardCharsets.US_ASCII));
            // Smaller than a record: replies wait inside the channel, where the selector cannot see them.
            ByteBuffer in = ByteBuffer.allocate(700);
            ByteArrayOutputStream received = new ByteArrayOutputStream();
            SelectionKey key = selectorKey(selector);
            long deadline = System.nanoTime() + DEADLINE_NANOS;
            while (received.size() < want.length) {
                assertTrue(System.nanoTime() - deadline < 0, "only " + received.size() + " of " + want.length
                        + " bytes back");
                if (out.hasRemaining() || channel.wantsWrite()) {
                    channel.write(out);
                }
                key.interestOps(out.hasRemaining() || channel.wantsWrite()
                        ? SelectionKey.OP_READ | SelectionKey.OP_WRITE : SelectionKey.OP_READ);
                int read = channel.read(in);
                assertTrue(read >= 0, "closed early");
                drain(in, received);
                for (int round = 0; channel.hasBufferedInput() && round < 10_000; round++) {
                    assertTrue(channel.readBuffered(in) >= 0);
                    drain(in, received);
                }
                assertFalse(channel.hasBufferedInput());
                if (received.size() < want.length) {
                    selector.select(50);
                    selector.selectedKeys().clear();
                }
            }
            assertArrayEquals(want, received.toByteArray());
            channel.close();
            assertFalse(channel.isOpen());
        }
    }

    private static SelectionKey selectorKey(Selector selector) {
        return selector.keys().iterator().next();
    }

    private static void drain(ByteBuffer in, ByteArrayOutputStream received) {
        in.flip();
        received.write(in.array(), in.position(), in.remaining());
        in.clear();
    }

    @Test
    void aServerThatStopsEndsTheStreamAfterItsLastReply() throws Exception {
        ClientTls tls = trustingTheServer();
        TsServer tsServer = tlsServer();
        try (Selector selector = Selector.open()) {
            TlsChannel channel = handshake(tsServer.tcpAddress(), port -> tls.newEngine("localhost", port), selector);
            ByteBuffer hello = ByteBuffer.wrap("hello\n".getBytes(StandardCharsets.US_ASCII));
            while (hello.hasRemaining() || channel.wantsWrite()) {
                channel.write(hello);
            }
            ByteBuffer in = ByteBuffer.allocate(4096);
            ByteArrayOutputStream received = new ByteArrayOutputStream();
            long deadline = System.nanoTime() + DEADLINE_NANOS;
            while (received.size() < (PREFIX + "hello\n").length()) {
                assertTrue(System.nanoTime() - deadline < 0, "no reply");
                assertTrue(channel.read(in) >= 0);
                drain(in, received);
                selector.select(50);
                selector.selectedKeys().clear();
            }
            assertEquals(PREFIX + "hello\n", received.toString(StandardCharsets.US_ASCII));
            tsServer.close(); // a graceful stop: close_notify, then the close
            int read = 0;
            while (read == 0) {
                assertTrue(System.nanoTime() - deadline < 0, "no end of stream");
                read = channel.read(in);
                selector.select(50);
                selector.selectedKeys().clear();
            }
            assertEquals(-1, read);
            channel.close();
        } finally {
            tsServer.close();
        }
    }

    @Test
    void anUntrustedCertificateFailsTheHandshakeAtOnceAndSaysWhatToDo() throws Exception {
        ClientTls jdkCasOnly = ClientTls.create(null, null, null, false);
        try (TsServer tsServer = tlsServer(); Selector selector = Selector.open()) {
            SSLHandshakeException e = assertThrows(SSLHandshakeException.class, () ->
                    handshake(tsServer.tcpAddress(), port -> jdkCasOnly.newEngine("127.0.0.1", port), selector));
            assertEquals("certificate not trusted (use --tls-ca FILE or --tls-insecure)", ClientTls.describeFailure(e));
        }
    }

    @Test
    void aCertificateForAnotherNameIsRefusedUnlessInsecure() throws Exception {
        ClientTls tls = trustingTheServer();
        ClientTls insecure = ClientTls.create(null, null, null, true);
        try (TsServer tsServer = tlsServer(); Selector selector = Selector.open()) {
            SSLHandshakeException e = assertThrows(SSLHandshakeException.class, () ->
                    handshake(tsServer.tcpAddress(), port -> tls.newEngine("server.example", port), selector));
            assertTrue(ClientTls.describeFailure(e).startsWith("the server's certificate does not name this host"),
                    ClientTls.describeFailure(e));
            TlsChannel channel = handshake(tsServer.tcpAddress(), port -> insecure.newEngine("server.example", port),
                    selector);
            assertTrue(channel.handshakeDone());
            channel.close();
        }
    }

    /** A server that hangs up mid-handshake is an error at once, not a connection that waits for ever. */
    @Test
    void aServerThatHangsUpDuringTheHandshakeFailsIt() throws Exception {
        ClientTls tls = trustingTheServer();
        try (java.nio.channels.ServerSocketChannel listener = java.nio.channels.ServerSocketChannel.open();
             Selector selector = Selector.open()) {
            listener.bind(new InetSocketAddress("127.0.0.1", 0));
            java.util.concurrent.CompletableFuture<Void> hungUp = java.util.concurrent.CompletableFuture.runAsync(() -> {
                try (SocketChannel accepted = listener.accept()) {
                    accepted.read(ByteBuffer.allocate(64)); // the start of the ClientHello, then hang up
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            InetSocketAddress address = (InetSocketAddress) listener.getLocalAddress();
            assertThrows(IOException.class, () -> handshake(address, port -> tls.newEngine("127.0.0.1", port),
                    selector));
            hungUp.get(60, TimeUnit.SECONDS);
        }
    }

    /**
     * The channel's close sends {@code close_notify}: a server-side engine on a plain socket
     * (driven by another TlsChannel, blocking) sees its inbound side closed by the alert. The
     * control case, a bare socket close, leaves it open, so the check can fail.
     */
    @Test
    void closeSendsCloseNotify() throws Exception {
        assertTrue(serverSawCloseNotify(true));
        assertFalse(serverSawCloseNotify(false));
    }

    private static boolean serverSawCloseNotify(boolean closeTls) throws Exception {
        javax.net.ssl.SSLContext serverContext = serverContext();
        ClientTls tls = trustingTheServer();
        try (java.nio.channels.ServerSocketChannel listener = java.nio.channels.ServerSocketChannel.open();
             Selector selector = Selector.open()) {
            listener.bind(new InetSocketAddress("127.0.0.1", 0));
            java.util.concurrent.CompletableFuture<Boolean> inboundDone = java.util.concurrent.CompletableFuture
                    .supplyAsync(() -> {
                        try (SocketChannel accepted = listener.accept()) {
                            javax.net.ssl.SSLEngine engine = serverContext.createSSLEngine();
                            engine.setUseClientMode(false);
                            TlsChannel server = new TlsChannel(accepted, engine); // blocking socket: reads wait
                            for (int step = 0; step < 1000 && !server.handshake(); step++) {
                                // each step waits for the client's next flight
                            }
                            ByteBuffer in = ByteBuffer.allocate(1024);
                            for (int step = 0; step < 1000 && server.read(in) >= 0; step++) {
                                in.clear();
                            }
                            return engine.isInboundDone();
                        } catch (IOException e) {
                            throw new java.io.UncheckedIOException(e);
                        }
                    });
            InetSocketAddress address = (InetSocketAddress) listener.getLocalAddress();
            TlsChannel channel = handshake(address, port -> tls.newEngine("127.0.0.1", port), selector);
            ByteBuffer hello = ByteBuffer.wrap("hi\n".getBytes(StandardCharsets.US_ASCII));
            while (hello.hasRemaining() || channel.wantsWrite()) {
                channel.write(hello);
            }
            if (closeTls) {
                channel.close();
            } else {
                selector.keys().iterator().next().channel().close();
            }
            return inboundDone.get(60, TimeUnit.SECONDS);
        }
    }

    private static javax.net.ssl.SSLContext serverContext() throws Exception {
        java.security.KeyStore store = java.security.KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setKeyEntry("server", dev.tsserver.core.edge.PemFiles.readPrivateKey(server.key()),
                "x".toCharArray(), dev.tsserver.core.edge.PemFiles.readCertificates(server.certificate())
                        .toArray(new java.security.cert.X509Certificate[0]));
        javax.net.ssl.KeyManagerFactory keys = javax.net.ssl.KeyManagerFactory.getInstance(
                javax.net.ssl.KeyManagerFactory.getDefaultAlgorithm());
        keys.init(store, "x".toCharArray());
        javax.net.ssl.SSLContext context = javax.net.ssl.SSLContext.getInstance("TLSv1.3");
        context.init(keys.getKeyManagers(), null, null);
        return context;
    }
}
