package dev.tsserver.client.exchange;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;

import dev.tsserver.client.connection.ClientTransport;
import dev.tsserver.client.connection.ConnectionSettings;
import dev.tsserver.client.connection.TsConnection;
import dev.tsserver.client.connection.TsConnectionException;

/**
 * Sends every message of a source with up to {@code window} of them awaiting replies, and prints
 * the replies in order as they arrive. A window of 1 is stop-and-wait.
 *
 * <p>Every reply is checked against the message it answers, and with {@code --reconnect} the
 * exchange outlives its connection (see {@link ResilientConnection}).
 *
 * <p>A sender thread reads the source and writes; the calling thread waits for replies and
 * prints them. That way a source that blocks (a slow pipe on standard input) never holds back
 * replies already received, and a missing reply is noticed within the timeout even while the
 * sender is blocked. The sender is a daemon: a read from standard input cannot be interrupted.
 */
public final class PipelinedExchange {

    /** Messages in flight when replies stay apart: enough to keep the pipe full on a LAN. */
    public static final int DEFAULT_WINDOW = 64;
    /**
     * Bytes in flight over UDP. Datagrams beyond what the socket buffers hold are dropped, not
     * delayed: 300 pipelined 60 KB datagrams on loopback lost about a fifth of their replies.
     * Linux's default receive buffer is 208 KiB; a third of that leaves room for overhead.
     */
    public static final int DATAGRAM_BYTES_IN_FLIGHT = 64 * 1024;

    private final ResilientConnection connection;
    private final int window;
    private final int maxBytesInFlight;
    private final Duration replyTimeout;
    private final ReplyPrinter printer;

    /** The exchange the connection's settings call for: see {@link #windowFor} and {@link #bytesInFlightFor}. */
    public static PipelinedExchange forConnection(TsConnection connection, ReplyPrinter printer) {
        ConnectionSettings settings = connection.settings();
        return new PipelinedExchange(connection, windowFor(settings), bytesInFlightFor(settings), settings.timeout(),
                printer);
    }

    /** {@link #DEFAULT_WINDOW} messages where replies stay apart, else stop-and-wait. */
    public static int windowFor(ConnectionSettings settings) {
        return settings.keepsMessagesApart() ? DEFAULT_WINDOW : 1;
    }

    /** Unbounded over TCP (its flow control holds back the sender), bounded over UDP. */
    public static int bytesInFlightFor(ConnectionSettings settings) {
        return settings.transport() == ClientTransport.UDP ? DATAGRAM_BYTES_IN_FLIGHT : Integer.MAX_VALUE;
    }

    /**
     * @param window           messages sent but not answered, at most; 1 is stop-and-wait
     * @param maxBytesInFlight payload bytes sent but not answered, at most; a larger message
     *                         still goes out, alone
     */
    public PipelinedExchange(TsConnection connection, int window, int maxBytesInFlight, Duration replyTimeout,
                             ReplyPrinter printer) {
        if (window < 1) {
            throw new IllegalArgumentException("window must be at least 1, was " + window);
        }
        if (maxBytesInFlight < 1) {
            throw new IllegalArgumentException("bytes in flight must be at least 1, was " + maxBytesInFlight);
        }
        this.connection = new ResilientConnection(connection);
        this.window = window;
        this.maxBytesInFlight = maxBytesInFlight;
        this.replyTimeout = replyTimeout;
        this.printer = printer;
    }

    /** What the sender tells the printing thread, in order. */
    private sealed interface SenderEvent permits Sent, Finished, Failed {
    }

    /** @param cost the byte credits the message holds until its reply is printed */
    private record Sent(int cost) implements SenderEvent {
    }

    private record Finished() implements SenderEvent {
    }

    private record Failed(Exception cause) implements SenderEvent {
    }

    /**
     * Runs the exchange to the end of the source and the last reply.
     *
     * @return the number of replies printed
     * @throws TsConnectionException    no reply in time, the server closed the connection, or a
     *                                  reply does not answer its message
     * @throws IOException              the source failed (reported after the replies before it)
     * @throws IllegalArgumentException a message cannot be sent (ditto; see
     *                                  {@link dev.tsserver.client.connection.ConnectionSettings#whyUnsendable})
     */
    public long run(MessageSource source) throws IOException, InterruptedException {
        Semaphore freeSlots = new Semaphore(window);
        Semaphore freeBytes = new Semaphore(maxBytesInFlight);
        BlockingQueue<SenderEvent> events = new LinkedBlockingQueue<>();
        Thread sender = new Thread(() -> sendAll(source, freeSlots, freeBytes, events), "tsclient-sender");
        sender.setDaemon(true);
        sender.start();
        long replies = 0;
        try {
            while (true) {
                SenderEvent event = events.take();
                if (event instanceof Sent sent) {
                    printer.print(connection.awaitReply(replyTimeout));
                    replies++;
                    freeSlots.release();
                    freeBytes.release(sent.cost());
                    if (!connection.replyReady()) {
                        printer.flush();
                    }
                } else if (event instanceof Failed failed) {
                    printer.flush();
                    throw ioOrUnchecked(failed.cause());
                } else {
                    printer.flush();
                    return replies;
                }
            }
        } finally {
            sender.interrupt();
            connection.close();
        }
    }

    private void sendAll(MessageSource source, Semaphore freeSlots, Semaphore freeBytes,
                         BlockingQueue<SenderEvent> events) {
        try {
            byte[] message;
            while ((message = source.next()) != null) {
                int cost = Math.max(1, Math.min(message.length, maxBytesInFlight));
                freeSlots.acquire();
                freeBytes.acquire(cost);
                connection.send(message);
                events.add(new Sent(cost));
            }
            events.add(new Finished());
        } catch (InterruptedException e) {
            // the printing thread gave up; nobody is listening any more
        } catch (IOException | RuntimeException e) {
            events.add(new Failed(e));
        }
    }

    /** The sender's failure as the IOException to throw; a RuntimeException is thrown here. */
    private static IOException ioOrUnchecked(Exception cause) {
        if (cause instanceof IOException io) {
            return io;
        }
        throw (RuntimeException) cause;
    }
}
