package dev.tsserver.client.boundaries;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import dev.tsserver.client.experiment.ExperimentIo;

/**
 * Sends a workload over one TCP connection, one write call per message, while a second thread
 * reads the replies (so a server that answers as it reads never blocks on a full socket).
 *
 * <p>Plain {@link Socket}s, not the project's MINA client: this is a measurement, and it needs
 * to decide exactly how bytes are written. {@code TCP_NODELAY} is on, so each write leaves at
 * once as its own segment: whatever merging the server sees is the stream's doing at the
 * receiver, not Nagle's at the sender. Buffers keep their defaults: a small send buffer would
 * split large messages no more surely (the server reads at most 64 KiB at a time anyway), and
 * against a server that pauses reading while its replies drain it slows the exchange from
 * milliseconds to seconds.
 *
 * <p>Never hangs: connect and every read have timeouts, and a watchdog closes the socket at the
 * deadline, which ends a blocked write too.
 */
final class TcpExchange {

    private static final int READ_POLL_MS = 100;
    private static final String TIMED_OUT = "timed out waiting for replies";

    /** What came back. {@code error} is null when the exchange ran to its end. */
    record Outcome(InetSocketAddress localAddress, int writes, ReplyParser replies, boolean complete,
                   String error) {
    }

    private TcpExchange() {
    }

    /**
     * @param writes the bytes of each write: the workload's messages framed for the server's codec
     */
    static Outcome run(InetSocketAddress server, Workload workload, List<byte[]> writes, ReplyParser replies,
                       long timeoutMillis, ScheduledExecutorService watchdog) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        ExecutorService reader = Executors.newSingleThreadExecutor(ExperimentIo.daemonThreads("boundaries-reader"));
        int written = 0;
        InetSocketAddress local = null;
        try (Socket socket = new Socket()) {
            socket.setTcpNoDelay(true);
            ScheduledFuture<?> alarm = watchdog.schedule(() -> ExperimentIo.closeQuietly(socket), timeoutMillis,
                    TimeUnit.MILLISECONDS);
            try {
                socket.connect(server, (int) Math.max(1, timeoutMillis));
                socket.setSoTimeout(READ_POLL_MS);
                local = (InetSocketAddress) socket.getLocalSocketAddress();
                InputStream in = socket.getInputStream();
                Future<String> reading = reader.submit(() -> readReplies(in, replies, workload, deadline));
                OutputStream out = socket.getOutputStream();
                for (byte[] bytes : writes) {
                    out.write(bytes);
                    written++;
                }
                String shortfall = ExperimentIo.awaitReader(reading, deadline, READ_POLL_MS * 2, TIMED_OUT);
                return new Outcome(local, written, replies, shortfall == null, shortfall);
            } finally {
                alarm.cancel(false);
            }
        } catch (IOException e) {
            String why = ExperimentIo.describe(e, deadline);
            return new Outcome(local, written, replies, false, local == null
                    ? ExperimentIo.cannotConnect(server, why) : why);
        } finally {
            ExperimentIo.stopReader(reader);
            replies.finish();
        }
    }

    /**
     * Reads until every reply is in (then null), the peer closes, or the deadline passes (then
     * what stopped it).
     */
    private static String readReplies(InputStream in, ReplyParser replies, Workload workload, long deadline)
            throws IOException {
        byte[] buffer = new byte[64 * 1024];
        // Replies are the messages plus a short timestamp each; far more means a confused peer.
        long byteLimit = 2 * workload.totalBytes() + 256L * workload.count() + 1024 * 1024;
        long received = 0;
        while (!replies.complete(workload)) {
            if (System.nanoTime() - deadline > 0) {
                return TIMED_OUT;
            }
            int n;
            try {
                n = in.read(buffer);
            } catch (SocketTimeoutException e) {
                continue;
            }
            if (n < 0) {
                return replies.complete(workload) ? null : "the server closed the connection before every reply";
            }
            received += n;
            if (received > byteLimit) {
                throw new IOException("the server sent more than " + byteLimit + " bytes of replies");
            }
            replies.feed(buffer, 0, n);
        }
        return null;
    }
}
