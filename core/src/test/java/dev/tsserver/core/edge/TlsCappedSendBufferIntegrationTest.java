package dev.tsserver.core.edge;

import static dev.tsserver.core.edge.EdgeTestSupport.PREFIX;
import static dev.tsserver.core.edge.EdgeTestSupport.loopbackServer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLongArray;

import javax.net.ssl.SSLSocket;

import dev.tsserver.core.TsServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Pipelined TLS with large replies and the default 32 KiB send buffer: every reply arrives.
 * Before {@link dev.tsserver.core.internal.WriteInterestNioProcessor}, a connection stalled for
 * good with a TLS record half written (the read suspension at the reply memory filter's high
 * water mark cleared the socket's write interest), the load client-app's BenchTlsTest runs.
 */
@Timeout(180)
class TlsCappedSendBufferIntegrationTest {

    private static final int CONNECTIONS = 4;
    private static final int IN_FLIGHT = 16;
    private static final int LINE_BYTES = 20_000;
    private static final int LINES_PER_CONNECTION = 600;

    @TempDir
    static Path dir;

    @Test
    void pipelinedLargeRepliesOverTlsAllArriveWithACappedSendBuffer() throws Exception {
        TestPki pki = TestPki.create(dir.resolve("pki"), "Test CA", false);
        AtomicLongArray replies = new AtomicLongArray(CONNECTIONS);
        CountDownLatch done = new CountDownLatch(CONNECTIONS);
        List<SSLSocket> sockets = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        try (TsServer server = loopbackServer().tcpSendBufferSize(32 * 1024)
                .tls(new TlsSettings(pki.serverChain, pki.serverKey, null)).start()) {
            for (int c = 0; c < CONNECTIONS; c++) {
                SSLSocket socket = TlsClients.connect(TlsClients.context(pki, null), server.tcpAddress(), "TLSv1.3");
                socket.setSoTimeout(0); // a stall shows as the latch timing out, with the counts
                sockets.add(socket);
                Semaphore window = new Semaphore(IN_FLIGHT);
                int connection = c;
                threads.add(new Thread(() -> writeLines(socket, window), "tls-writer-" + c));
                threads.add(new Thread(() -> {
                    readReplies(socket, window, replies, connection);
                    done.countDown();
                }, "tls-reader-" + c));
            }
            threads.forEach(t -> {
                t.setDaemon(true);
                t.start();
            });
            boolean all = done.await(90, TimeUnit.SECONDS);
            assertTrue(all, "replies per connection: " + replies);
            for (int c = 0; c < CONNECTIONS; c++) {
                assertEquals(LINES_PER_CONNECTION, replies.get(c), "replies on connection " + c);
            }
        } finally {
            for (SSLSocket socket : sockets) {
                socket.close();
            }
        }
    }

    private static void writeLines(SSLSocket socket, Semaphore window) {
        byte[] line = new byte[LINE_BYTES + 1];
        Arrays.fill(line, (byte) 'x');
        line[LINE_BYTES] = '\n';
        try {
            OutputStream out = socket.getOutputStream();
            for (int i = 0; i < LINES_PER_CONNECTION; i++) {
                if (!window.tryAcquire(120, TimeUnit.SECONDS)) {
                    return;
                }
                out.write(line);
                out.flush();
            }
        } catch (IOException | InterruptedException e) {
            // the reader's count says what arrived
        }
    }

    /** Counts whole replies, each checked for its length (prefix, the line, the newline). */
    private static void readReplies(SSLSocket socket, Semaphore window, AtomicLongArray replies, int connection) {
        int expectedLength = PREFIX.length() + LINE_BYTES + 1;
        byte[] buffer = new byte[16 * 1024];
        int inReply = 0;
        try {
            InputStream in = socket.getInputStream();
            while (replies.get(connection) < LINES_PER_CONNECTION) {
                int n = in.read(buffer);
                if (n < 0) {
                    return;
                }
                for (int i = 0; i < n; i++) {
                    inReply++;
                    if (buffer[i] == '\n') {
                        if (inReply != expectedLength) {
                            return; // a reply of the wrong size: the count stays short
                        }
                        inReply = 0;
                        replies.incrementAndGet(connection);
                        window.release();
                    }
                }
            }
        } catch (IOException e) {
            // reported through the count
        }
    }
}
