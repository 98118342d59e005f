package dev.tsserver.core.edge;

import static dev.tsserver.core.edge.EdgeTestSupport.PREFIX;
import static dev.tsserver.core.edge.EdgeTestSupport.loopbackServer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

import dev.tsserver.core.TsServer;
import dev.tsserver.core.TsServerConfig;
import dev.tsserver.core.chain.GracefulStop;
import dev.tsserver.core.it.GateClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The stop over TLS (SPEC Part 2, "Stopping without losing anything"): messages whose TLS
 * records were already in the server's socket when the stop began are all answered. Each line
 * goes as its own record, so one socket read holds many records; before
 * {@link dev.tsserver.core.chain.SocketReadMarkFilter}, the drain took the first short
 * decrypted record for a short socket read, stopped reading, and the records still in the
 * socket were read while lingering and discarded.
 */
@Timeout(120)
class TlsStopIntegrationTest {

    private static final int CLIENTS = 4;
    private static final int LINES_EACH = 100;

    @TempDir
    static Path dir;

    @Test
    void tlsRecordsStillInTheSocketWhenTheStopBeginsAreAllAnswered() throws Exception {
        stopWithRecordsInTheSocket("pki", builder -> builder);
    }

    /**
     * The same with low reply water marks, so the reply memory filter holds input back (the
     * clients read nothing until the stop is under way) while the drain runs: the replies to that
     * input come after the drain marker was written, and {@code close_notify} must still follow
     * them. It once went out when the drain marker passed the TLS guard, and those replies were
     * refused.
     */
    @Test
    void inputTheReplyMemoryHoldsWhenTheStopBeginsIsAnsweredBeforeCloseNotify() throws Exception {
        stopWithRecordsInTheSocket("pki-held", builder -> builder.writeWaterMarks(512, 2048));
    }

    private void stopWithRecordsInTheSocket(String pkiDir, UnaryOperator<TsServerConfig.Builder> tuning)
            throws Exception {
        TestPki pki = TestPki.create(dir.resolve(pkiDir), "Test CA", false);
        SSLContext context = TlsClients.context(pki, null);
        GateClock clock = new GateClock();
        // One I/O thread, held inside the handler: what the clients send stays in their sockets.
        // A generous stop limit: on a loaded machine one thread decrypting every connection's
        // backlog takes seconds, and this test is about what gets answered, not the limit.
        TsServer server = tuning.apply(loopbackServer().clock(clock).ioThreads(1).stopTimeout(Duration.ofSeconds(30))
                .tls(new TlsSettings(pki.serverChain, pki.serverKey, null))).start();
        List<SSLSocket> clients = new ArrayList<>();
        try {
            for (int c = 0; c < CLIENTS; c++) {
                SSLSocket client = TlsClients.connect(context, server.tcpAddress(), "TLSv1.3");
                // Without it Nagle keeps every record after the first in the client's kernel until
                // the server acknowledges the first (a delayed ACK): those records were not in the
                // server's socket when the stop began, and the stop rightly does not wait for them.
                client.setTcpNoDelay(true);
                clients.add(client);
            }
            SSLSocket blocker = TlsClients.connect(context, server.tcpAddress(), "TLSv1.3");
            clients.add(blocker);
            send(blocker, "hold the I/O thread\n");
            assertTrue(clock.entered.await(10, TimeUnit.SECONDS), "the handler holds the I/O thread");
            for (int c = 0; c < CLIENTS; c++) {
                for (int m = 0; m < LINES_EACH; m++) {
                    send(clients.get(c), "c" + c + " m" + m + "\n"); // one TLS record each
                }
            }
            CompletableFuture<Void> stop = CompletableFuture.runAsync(server::close);
            EdgeTestSupport.await("the listener to close", 10_000, () -> !accepting(server));
            clock.release.countDown();

            assertEquals(PREFIX + "hold the I/O thread", readLine(blocker.getInputStream()));
            for (int c = 0; c < CLIENTS; c++) {
                InputStream in = clients.get(c).getInputStream();
                for (int m = 0; m < LINES_EACH; m++) {
                    assertEquals(PREFIX + "c" + c + " m" + m, readLine(in), "client " + c + " reply " + m);
                }
                assertEquals(null, readLine(in), "client " + c + ": closed after the last reply");
            }
            stop.get(40, TimeUnit.SECONDS);
        } finally {
            clock.release.countDown();
            server.close();
            for (SSLSocket socket : clients) {
                socket.close();
            }
        }
    }

    /**
     * The victim's first record is read alone (a short socket read) and its handler holds the
     * one I/O thread; then the victim sends more records, and the stop begins while the thread
     * is still held. The drain decision for that short read is made after its records are
     * handled, that is after the stop began, although the read itself came before the victim's
     * later records: they were in the server's socket before the stop, and the drain once
     * discarded them while lingering (the victim got 1 reply of 10, then end of stream).
     */
    @Test
    void recordsThatArriveWhileAShortReadIsHandledAcrossTheStopBeginAreAnswered() throws Exception {
        int linesEach = 10;
        TestPki pki = TestPki.create(dir.resolve("pki-short-read"), "Test CA", false);
        SSLContext context = TlsClients.context(pki, null);
        GateClock clock = new GateClock();
        TsServer server = loopbackServer().clock(clock).ioThreads(1).stopTimeout(Duration.ofSeconds(30))
                .tls(new TlsSettings(pki.serverChain, pki.serverKey, null)).start();
        Thread closer = new Thread(server::close, "tls-short-read-closer");
        try (SSLSocket victim = TlsClients.connect(context, server.tcpAddress(), "TLSv1.3")) {
            victim.setTcpNoDelay(true); // each record leaves at once (see stopWithRecordsInTheSocket)
            send(victim, "v m0\n");
            assertTrue(clock.entered.await(10, TimeUnit.SECONDS), "the handler holds the I/O thread");
            for (int m = 1; m < linesEach; m++) {
                send(victim, "v m" + m + "\n");
            }
            closer.start();
            // The stop marks its connections without an event a test can wait on; once its
            // thread polls in GracefulStop's loop, every connection is marked.
            EdgeTestSupport.await("the stop to mark its connections", 10_000, () -> pollsInGracefulStop(closer));
            clock.release.countDown();

            InputStream in = victim.getInputStream();
            for (int m = 0; m < linesEach; m++) {
                assertEquals(PREFIX + "v m" + m, readLine(in), "reply " + m);
            }
            assertEquals(null, readLine(in), "closed after the last reply");
            closer.join(TimeUnit.SECONDS.toMillis(40));
            assertFalse(closer.isAlive(), "the stop ended");
        } finally {
            clock.release.countDown();
            closer.join(TimeUnit.SECONDS.toMillis(40));
            server.close();
        }
    }

    private static boolean pollsInGracefulStop(Thread closer) {
        boolean inStop = false;
        boolean parked = false;
        for (StackTraceElement frame : closer.getStackTrace()) {
            inStop |= frame.getClassName().equals(GracefulStop.class.getName()) && frame.getMethodName().equals("stop");
            parked |= frame.getMethodName().equals("parkNanos");
        }
        return inStop && parked;
    }

    private static void send(SSLSocket socket, String ascii) throws IOException {
        OutputStream out = socket.getOutputStream();
        out.write(ascii.getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    /** The bytes up to the next LF, without it; null at end of stream (or a reset after the last reply). */
    private static String readLine(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        while (true) {
            int b;
            try {
                b = in.read();
            } catch (java.net.SocketException | javax.net.ssl.SSLException e) {
                b = -1;
            }
            if (b < 0) {
                return line.length() == 0 ? null : line.toString();
            }
            if (b == '\n') {
                return line.toString();
            }
            line.append((char) b);
        }
    }

    private static boolean accepting(TsServer server) {
        try (Socket probe = new Socket()) {
            probe.connect(server.tcpAddress(), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
