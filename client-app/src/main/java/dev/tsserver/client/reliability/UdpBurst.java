package dev.tsserver.client.reliability;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.PortUnreachableException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Sends a burst of datagrams back to back, one {@code send} each, with no pacing and no
 * window: UDP has no flow control, so nothing slows the sender down, and whatever arrives
 * while the server's receive buffer is full is dropped by the kernel. A second thread reads the
 * replies as they come, into a receive buffer large enough that the replies themselves are
 * not what overflows. The exchange ends when every reply is in, when none has come for
 * {@link #QUIET_MS}, or at the deadline.
 */
final class UdpBurst {

    /** With no reply for this long after the last send, the missing ones are not coming. */
    static final long QUIET_MS = 300;
    private static final int POLL_MS = 20;
    /** Asked for the client's socket; the kernel caps it at net.core.rmem_max. */
    private static final int CLIENT_RECEIVE_BUFFER = 4 * 1024 * 1024;

    /**
     * @param localAddress the client's address, as the server's read ledger knows it
     * @param sendNanos    time the sender spent sending the whole burst
     * @param error        null when the burst went out and replies were collected
     */
    record Outcome(InetSocketAddress localAddress, int sent, long sendNanos, BurstTally tally, String error) {
    }

    private UdpBurst() {
    }

    static Outcome run(InetSocketAddress server, List<byte[]> messages, long timeoutMillis) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        BurstTally tally = new BurstTally(messages.size());
        InetSocketAddress local = null;
        int sent = 0;
        long sendNanos = 0;
        try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress(server.getAddress(), 0))) {
            socket.setReceiveBufferSize(CLIENT_RECEIVE_BUFFER);
            socket.setSoTimeout(POLL_MS);
            socket.connect(server);
            local = (InetSocketAddress) socket.getLocalSocketAddress();
            ReplyReader reader = new ReplyReader(socket, tally);
            Thread readerThread = new Thread(reader, "reliability-udp-reader");
            readerThread.setDaemon(true);
            readerThread.start();
            String error = null;
            long start = System.nanoTime();
            try {
                for (byte[] message : messages) {
                    if (System.nanoTime() - deadline > 0) {
                        error = "timed out while sending";
                        break;
                    }
                    socket.send(new DatagramPacket(message, message.length));
                    sent++;
                }
            } catch (PortUnreachableException e) {
                error = noServer(server);
            } catch (IOException e) {
                error = message(e);
            }
            sendNanos = System.nanoTime() - start;
            awaitReplies(reader, sent, System.nanoTime(), deadline);
            reader.stop();
            readerThread.join(TimeUnit.SECONDS.toMillis(1));
            if (error == null && reader.error() != null) {
                error = reader.error() instanceof PortUnreachableException ? noServer(server) : message(reader.error());
            }
            if (readerThread.isAlive()) {
                error = error != null ? error : "the reply reader did not stop";
            }
            // Read only after the reader thread has ended (join orders its writes before ours).
            return new Outcome(local, sent, sendNanos, tally, error);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Outcome(local, sent, sendNanos, tally, "interrupted");
        } catch (IOException e) {
            return new Outcome(local, sent, sendNanos, tally, message(e));
        }
    }

    private static void awaitReplies(ReplyReader reader, int sent, long sendEnd, long deadline)
            throws InterruptedException {
        long quiet = TimeUnit.MILLISECONDS.toNanos(QUIET_MS);
        reader.awaitQuietOrAll(sent, sendEnd, quiet, deadline);
    }

    private static String noServer(InetSocketAddress server) {
        return "no UDP server at " + server.getHostString() + ":" + server.getPort() + " (port unreachable)";
    }

    private static String message(Exception e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    /** Receives reply datagrams into the tally until stopped. */
    private static final class ReplyReader implements Runnable {
        private final DatagramSocket socket;
        private final BurstTally tally;
        private final Object progress = new Object();
        private long replies;
        private long lastReplyNanos = System.nanoTime();
        private volatile boolean stopped;
        private volatile IOException error;

        ReplyReader(DatagramSocket socket, BurstTally tally) {
            this.socket = socket;
            this.tally = tally;
        }

        @Override
        public void run() {
            byte[] buffer = new byte[65_536];
            DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
            while (!stopped) {
                packet.setLength(buffer.length);
                try {
                    socket.receive(packet);
                } catch (SocketTimeoutException e) {
                    continue;
                } catch (SocketException e) {
                    if (!stopped && !socket.isClosed()) {
                        error = e;
                    }
                    return;
                } catch (IOException e) {
                    error = e;
                    return;
                }
                tally.onReply(BurstMessages.numberOf(packet.getData(), packet.getOffset(), packet.getLength()));
                synchronized (progress) {
                    replies++;
                    lastReplyNanos = System.nanoTime();
                    progress.notifyAll();
                }
            }
            synchronized (progress) {
                progress.notifyAll(); // an error ends the wait too
            }
        }

        /**
         * Returns once {@code expected} replies are in, none has come for {@code quietNanos}
         * (counted from the later of {@code since} and the last reply), the reader has failed,
         * or the deadline has passed.
         */
        void awaitQuietOrAll(long expected, long since, long quietNanos, long deadline) throws InterruptedException {
            synchronized (progress) {
                while (replies < expected && error == null) {
                    long now = System.nanoTime();
                    long quietEnds = (lastReplyNanos - since > 0 ? lastReplyNanos : since) + quietNanos;
                    long wakeAt = deadline - quietEnds < 0 ? deadline : quietEnds;
                    long left = wakeAt - now;
                    if (left <= 0) {
                        return;
                    }
                    TimeUnit.NANOSECONDS.timedWait(progress, left);
                }
            }
        }

        IOException error() {
            return error;
        }

        void stop() {
            stopped = true;
        }
    }
}
