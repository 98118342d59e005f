package dev.tsserver.client.exchange;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.TimeUnit;

import dev.tsserver.client.connection.ConnectFailedException;
import dev.tsserver.client.connection.ConnectionClosedException;
import dev.tsserver.client.connection.ConnectionSettings;
import dev.tsserver.client.connection.MismatchHint;
import dev.tsserver.client.connection.ReplyTimeoutException;
import dev.tsserver.client.connection.TsConnection;
import dev.tsserver.client.connection.TsConnectionException;
import dev.tsserver.codec.wire.LineWireFraming;
import org.apache.mina.filter.codec.ProtocolCodecException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A conversation that checks every reply against the message it answers ({@code --protocol})
 * and, with {@code --reconnect}, outlives its connection: when the connection ends with
 * messages unanswered (end of stream, reset, no reply in time), it connects again with backoff
 * and sends exactly the unanswered messages again, in order, before any new one. Delivery is
 * then at least once: the server may have handled a resent message already.
 *
 * <p>Reconnecting gives up once no reply has come for the settings' timeout since the outage
 * began, so a server that is gone, or one that accepts but never answers, still ends the run.
 * A reply that breaks the protocol (bytes that do not frame, a reply of the wrong shape) is
 * not retried: sending again would only repeat it.
 *
 * <p>One thread may {@link #send} while another {@link #awaitReply waits for replies}; only the
 * waiting thread reconnects.
 */
public final class ResilientConnection implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ResilientConnection.class);
    private static final long FIRST_BACKOFF_NANOS = TimeUnit.MILLISECONDS.toNanos(50);
    private static final long MAX_BACKOFF_NANOS = TimeUnit.SECONDS.toNanos(1);
    private static final byte[] ERROR_LINE = {'E', 'R', 'R', 'O', 'R', ' '};

    private final ConnectionSettings settings;
    private final boolean reconnect;
    private final Object lock = new Object();
    /** Messages sent and not yet answered, oldest first; guarded by {@link #lock}. */
    private final Deque<byte[]> unanswered = new ArrayDeque<>();
    /** The connection this one started with: its opener closes it. */
    private final TsConnection original;
    private volatile TsConnection current;
    private long replies;
    private long repliesAtOutageStart = -1;
    private long outageStartNanos;
    private long reconnects;
    private long resent;

    /** Checks replies; reconnects if the connection's settings ask for it. */
    public ResilientConnection(TsConnection connection) {
        this(connection, connection.settings().reconnect());
    }

    /** Checks replies and never reconnects. */
    public static ResilientConnection withoutReconnecting(TsConnection connection) {
        return new ResilientConnection(connection, false);
    }

    private ResilientConnection(TsConnection connection, boolean reconnect) {
        this.settings = connection.settings();
        this.original = connection;
        this.current = connection;
        this.reconnect = reconnect;
    }

    public ConnectionSettings settings() {
        return settings;
    }

    /**
     * Sends one message. With reconnecting on, a connection that has just ended is not an error
     * here: the message is kept and goes out again on the next connection.
     */
    public void send(byte[] payload) throws TsConnectionException {
        synchronized (lock) {
            unanswered.add(payload);
            try {
                current.send(payload);
            } catch (TsConnectionException e) {
                if (!reconnect) {
                    throw e;
                }
                LOG.debug("send to {} failed; resent after reconnecting", settings.peer(), e);
            }
        }
    }

    /**
     * The reply to the oldest unanswered message.
     *
     * @throws UnexpectedReplyException if the reply is not the protocol's answer to that message
     * @throws TsConnectionException    no reply in time, or the connection ended (after
     *                                  reconnecting failed, with {@code --reconnect})
     */
    public byte[] awaitReply(Duration timeout) throws TsConnectionException, InterruptedException {
        while (true) {
            byte[] reply;
            try {
                reply = current.awaitReply(timeout);
            } catch (ReplyTimeoutException | ConnectionClosedException e) {
                if (!reconnect || e.getCause() instanceof ProtocolCodecException
                        || e.getCause() instanceof TsConnectionException) {
                    throw e;
                }
                reconnectAfter(e);
                continue;
            }
            byte[] message;
            synchronized (lock) {
                message = unanswered.poll();
            }
            replies++;
            if (message == null) {
                throw new UnexpectedReplyException("reply from " + settings.peer() + " to no message: "
                        + Preview.of(reply));
            }
            // Without delimiters the connection's decoder has matched the reply to the message already.
            boolean checked = !settings.keepsMessagesApart();
            if (!checked && !settings.protocol().answers(reply, message) && !isServerErrorLine(reply)) {
                throw new UnexpectedReplyException("reply " + replies + " from " + settings.peer()
                        + " does not answer the message sent: " + Preview.of(reply) + MismatchHint.shape(settings));
            }
            return reply;
        }
    }

    /** {@code ERROR line too long (max N bytes)}: the line codec's answer to an over-long line. */
    private boolean isServerErrorLine(byte[] reply) {
        boolean lines = settings.wireFraming().filter(LineWireFraming.class::isInstance).isPresent();
        if (!lines || reply.length < ERROR_LINE.length) {
            return false;
        }
        for (int i = 0; i < ERROR_LINE.length; i++) {
            if (reply[i] != ERROR_LINE[i]) {
                return false;
            }
        }
        return true;
    }

    /** Whether a reply, or the end of the connection, is waiting to be taken. */
    public boolean replyReady() {
        return current.replyReady();
    }

    public long reconnects() {
        return reconnects;
    }

    public long resent() {
        return resent;
    }

    private void reconnectAfter(TsConnectionException failure) throws TsConnectionException, InterruptedException {
        long now = System.nanoTime();
        if (repliesAtOutageStart != replies) {
            repliesAtOutageStart = replies;
            outageStartNanos = now;
        }
        long deadline = outageStartNanos + settings.timeout().toNanos();
        if (now - deadline >= 0) {
            throw failure;
        }
        LOG.info("{}; reconnecting", failure.getMessage());
        long backoff = FIRST_BACKOFF_NANOS;
        while (true) {
            long left = deadline - System.nanoTime();
            try {
                TsConnection next = TsConnection.open(settings, Duration.ofNanos(Math.max(1, left)));
                resume(next);
                return;
            } catch (ConnectFailedException e) {
                left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new ConnectFailedException(settings.peer(), "gave up reconnecting after "
                            + settings.timeoutText() + " (" + failure.getMessage() + ")", e);
                }
                LOG.debug("reconnecting to {} failed; next try in {} ms", settings.peer(),
                        TimeUnit.NANOSECONDS.toMillis(Math.min(backoff, left)), e);
                TimeUnit.NANOSECONDS.sleep(Math.min(backoff, left));
                backoff = Math.min(2 * backoff, MAX_BACKOFF_NANOS);
            }
        }
    }

    /** Swaps in the new connection and sends every unanswered message on it, in order. */
    private void resume(TsConnection next) {
        synchronized (lock) {
            current.close();
            current = next;
            reconnects++;
            int count = 0;
            for (byte[] message : unanswered) {
                try {
                    next.send(message);
                    count++;
                } catch (TsConnectionException e) {
                    LOG.debug("resending to {} failed; the next reply wait notices", settings.peer(), e);
                    break;
                }
            }
            resent += count;
            LOG.info("reconnected to {}; sent {} unanswered message(s) again", settings.peer(), count);
        }
    }

    /**
     * Closes the connection opened by reconnecting, if any; the one this object was given stays
     * its opener's to close.
     */
    @Override
    public void close() {
        TsConnection last = current;
        if (last != original) {
            last.close();
        }
    }
}
