package dev.tsserver.client.exchange;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;

import dev.tsserver.client.connection.TsConnection;
import dev.tsserver.client.connection.TsConnectionException;

/**
 * Sends every message of a source with up to {@code window} of them awaiting replies, and prints
 * the replies in order as they arrive. A window of 1 is stop-and-wait.
 *
 * <p>A sender thread reads the source and writes; the calling thread waits for replies and
 * prints them. That way a source that blocks (a slow pipe on standard input) never holds back
 * replies already received, and a missing reply is noticed within the timeout even while the
 * sender is blocked. The sender is a daemon: a read from standard input cannot be interrupted.
 */
public final class PipelinedExchange {

    /** Messages in flight when replies stay apart: enough to keep the pipe full on a LAN. */
    public static final int DEFAULT_WINDOW = 64;

    private final TsConnection connection;
    private final int window;
    private final Duration replyTimeout;
    private final ReplyPrinter printer;

    public PipelinedExchange(TsConnection connection, int window, Duration replyTimeout, ReplyPrinter printer) {
        if (window < 1) {
            throw new IllegalArgumentException("window must be at least 1, was " + window);
        }
        this.connection = connection;
        this.window = window;
        this.replyTimeout = replyTimeout;
        this.printer = printer;
    }

    /** What the sender tells the printing thread, in order. */
    private sealed interface SenderEvent permits Sent, Finished, Failed {
    }

    private record Sent() implements SenderEvent {
    }

    private record Finished() implements SenderEvent {
    }

    private record Failed(Exception cause) implements SenderEvent {
    }

    private static final Sent SENT = new Sent();

    /**
     * Runs the exchange to the end of the source and the last reply.
     *
     * @return the number of replies printed
     * @throws TsConnectionException    no reply in time, or the server closed the connection
     * @throws IOException              the source failed (reported after the replies before it)
     * @throws IllegalArgumentException a message cannot be sent (ditto; see
     *                                  {@link dev.tsserver.client.connection.ConnectionSettings#whyUnsendable})
     */
    public long run(MessageSource source) throws IOException, InterruptedException {
        Semaphore freeSlots = new Semaphore(window);
        BlockingQueue<SenderEvent> events = new LinkedBlockingQueue<>();
        Thread sender = new Thread(() -> sendAll(source, freeSlots, events), "tsclient-sender");
        sender.setDaemon(true);
        sender.start();
        long replies = 0;
        try {
            while (true) {
                SenderEvent event = events.take();
                if (event instanceof Sent) {
                    printer.print(connection.awaitReply(replyTimeout));
                    replies++;
                    freeSlots.release();
                    if (!connection.replyReady()) {
                        printer.flush();
                    }
                } else if (event instanceof Failed failed) {
                    printer.flush();
                    throw rethrow(failed.cause());
                } else {
                    printer.flush();
                    return replies;
                }
            }
        } finally {
            sender.interrupt();
        }
    }

    private void sendAll(MessageSource source, Semaphore freeSlots, BlockingQueue<SenderEvent> events) {
        try {
            byte[] message;
            while ((message = source.next()) != null) {
                freeSlots.acquire();
                connection.send(message);
                events.add(SENT);
            }
            events.add(new Finished());
        } catch (InterruptedException e) {
            // the printing thread gave up; nobody is listening any more
        } catch (IOException | RuntimeException e) {
            events.add(new Failed(e));
        }
    }

    private static IOException rethrow(Exception cause) {
        if (cause instanceof IOException io) {
            return io;
        }
        throw (RuntimeException) cause;
    }
}
