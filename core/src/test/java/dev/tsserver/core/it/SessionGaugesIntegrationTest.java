package dev.tsserver.core.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import dev.tsserver.core.TsServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The two gauges the metrics read from open sessions: a client that sends without reading
 * shows up as a read-suspended connection with its replies queued, and both go back to zero
 * once it is gone.
 */
@Timeout(60)
class SessionGaugesIntegrationTest {

    @Test
    void aClientThatDoesNotReadIsSuspendedWithItsRepliesQueued() throws Exception {
        int low = 64 * 1024;
        int high = 256 * 1024;
        try (TsServer server = Servers.loopback().writeWaterMarks(low, high).start()) {
            Socket socket = new Socket();
            socket.setReceiveBufferSize(8 * 1024);
            socket.connect(server.tcpAddress(), 5_000);
            byte[] lines = new byte[64 * 1024];
            Arrays.fill(lines, (byte) 'x');
            for (int i = 63; i < lines.length; i += 64) {
                lines[i] = '\n';
            }
            // Sends until the server stops reading (then the write blocks) or 64 MiB, whichever first.
            CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
                try {
                    OutputStream out = socket.getOutputStream();
                    for (int i = 0; i < 1024; i++) {
                        out.write(lines);
                    }
                } catch (IOException closedByTheTest) {
                    // the test closes the socket once it has seen the gauges
                }
            });
            try {
                // The reply memory filter parks a connection after a turn of replies and lets it
                // read again only once its queue is under the low water mark: a client that reads
                // nothing ends up parked with at least that much charged to the budget (before
                // that, the kernel's buffers still take replies, so it may read again for a while).
                AtomicReference<String> lastSeen = new AtomicReference<>("nothing yet");
                try {
                    Servers.await("a read-suspended connection with its replies queued past the low water mark",
                            30_000, () -> {
                                int suspended = server.stats().readSuspendedConnections();
                                long queued = server.stats().queuedReplyBytes();
                                lastSeen.set(suspended + " read-suspended, " + queued + " reply bytes queued, "
                                        + server.stats().openConnections() + " open");
                                return suspended == 1 && queued >= low;
                            });
                } catch (AssertionError e) {
                    throw new AssertionError(e.getMessage() + "; last seen: " + lastSeen.get(), e);
                }
            } finally {
                socket.close();
            }
            writer.get(30, TimeUnit.SECONDS);
            Servers.await("the connection gone", 30_000, () -> server.stats().openConnections() == 0);
            assertEquals(0, server.stats().readSuspendedConnections());
            assertEquals(0, server.stats().queuedReplyBytes());
        }
    }
}
