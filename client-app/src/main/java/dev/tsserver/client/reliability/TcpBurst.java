package dev.tsserver.client.reliability;

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
 * Sends the same burst over one TCP connection, one {@code write} per line-framed message, back
 * to back, while a second thread reads the replies line by line. Nothing paces the sender but
 * TCP itself: when the receiver's buffer is full its window closes and {@code write} blocks until
 * the receiver has read, so a byte stream cannot be overrun. Bounded: the connect and every read
 * have timeouts, and a watchdog closes the socket at the deadline, which ends a blocked write.
 */
final class TcpBurst {

    private static final int READ_POLL_MS = 100;
    private static final String TIMED_OUT = "timed out waiting for replies";
    static final int SEND_BUFFER = 16 * 1024;
    /** Slack over the message size for the timestamp in front of it. */
    private static final int REPLY_ROOM = 256;

    /**
     * @param longestWriteNanos the longest any single write call took: how long TCP held the
     *                          sender back at most
     * @param writtenBeforeLongestWrite messages fully written before that write began: what the
     *                          kernel's buffers took before the sender was held back
     */
    record Outcome(InetSocketAddress localAddress, int sent, long sendNanos, long longestWriteNanos,
                   int writtenBeforeLongestWrite, BurstTally tally, String error) {
    }

    private TcpBurst() {
    }

    /** @param lines the messages, each already framed with its LF */
    static Outcome run(InetSocketAddress server, List<byte[]> lines, int messageSize, long timeoutMillis,
                       ScheduledExecutorService watchdog) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        BurstTally tally = new BurstTally(lines.size());
        ExecutorService reader = Executors.newSingleThreadExecutor(
                ExperimentIo.daemonThreads("reliability-tcp-reader"));
        InetSocketAddress local = null;
        int sent = 0;
        long sendNanos = 0;
        long longestWrite = 0;
        int beforeLongest = 0;
        try (Socket socket = new Socket()) {
            ScheduledFuture<?> alarm = watchdog.schedule(() -> ExperimentIo.closeQuietly(socket), timeoutMillis,
                    TimeUnit.MILLISECONDS);
            try {
                socket.setTcpNoDelay(true);
                // A fixed, small send buffer: left to autotuning it grows to megabytes and swallows
                // the whole burst, and the sender would never feel the receiver's closed window.
                socket.setSendBufferSize(SEND_BUFFER);
                socket.connect(server, (int) Math.max(1, timeoutMillis));
                socket.setSoTimeout(READ_POLL_MS);
                local = (InetSocketAddress) socket.getLocalSocketAddress();
                InputStream in = socket.getInputStream();
                Future<String> reading = reader.submit(
                        () -> readReplies(in, tally, lines.size(), messageSize + REPLY_ROOM, deadline));
                OutputStream out = socket.getOutputStream();
                long start = System.nanoTime();
                for (byte[] line : lines) {
                    long before = System.nanoTime();
                    out.write(line);
                    long took = System.nanoTime() - before;
                    if (took > longestWrite) {
                        longestWrite = took;
                        beforeLongest = sent;
                    }
                    sent++;
                }
                sendNanos = System.nanoTime() - start;
                String shortfall = ExperimentIo.awaitReader(reading, deadline, READ_POLL_MS * 2, TIMED_OUT);
                return new Outcome(local, sent, sendNanos, longestWrite, beforeLongest, tally, shortfall);
            } finally {
                alarm.cancel(false);
            }
        } catch (IOException e) {
            String why = ExperimentIo.describe(e, deadline);
            return new Outcome(local, sent, sendNanos, longestWrite, beforeLongest, tally, local == null
                    ? ExperimentIo.cannotConnect(server, why) : why);
        } finally {
            ExperimentIo.stopReader(reader);
        }
    }

    /** Reads reply lines until every message is answered (then null), the peer closes, or the deadline. */
    private static String readReplies(InputStream in, BurstTally tally, int expected, int longestLine,
                                      long deadline) throws IOException {
        byte[] buffer = new byte[64 * 1024];
        byte[] line = new byte[longestLine];
        int lineLength = 0;
        boolean overlong = false;
        while (tally.replies() < expected) {
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
                return "the server closed the connection before every reply";
            }
            for (int i = 0; i < n; i++) {
                byte b = buffer[i];
                if (b == '\n') {
                    tally.onReply(overlong ? -1 : BurstMessages.numberOf(line, 0, lineLength));
                    lineLength = 0;
                    overlong = false;
                } else if (lineLength < line.length) {
                    line[lineLength++] = b;
                } else {
                    overlong = true; // not a reply to this burst; counted as unrecognised at its LF
                }
            }
        }
        return null;
    }
}
