package dev.tsserver.core.internal;

import dev.tsserver.core.Addresses;
import dev.tsserver.core.ServerStats;
import dev.tsserver.core.ServerStats.ListenerStats;
import dev.tsserver.core.chain.CloseReason;
import org.apache.mina.core.service.IoHandler;
import org.apache.mina.core.session.AttributeKey;
import org.apache.mina.core.session.IdleStatus;
import org.apache.mina.core.session.IoSession;
import org.apache.mina.filter.FilterEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counts every message a listener's handler receives, whatever the handler is (a built-in
 * protocol, a plug-in or an embedding application's {@code IoHandler}): the server-wide total,
 * the listener's own count and, on TCP, the connection's, which its one INFO close line reports
 * (peer, duration, messages, bytes in and out, {@link CloseReason}). The only place messages
 * are counted.
 *
 * <p>A delegate rather than a filter: no extra trip through the chain. Per message: two
 * {@code LongAdder} increments and, on TCP, one session attribute read and a plain field
 * increment (a session's events are never handled by two threads at once). Being the handler,
 * it sees each connection's close after its last message was handled, whatever thread handled it.
 */
public final class CountingHandler implements IoHandler {

    private static final Logger CLOSE_LOG = LoggerFactory.getLogger("dev.tsserver.connections");
    private static final AttributeKey TALLY = new AttributeKey(CountingHandler.class, "tally");

    private final IoHandler delegate;
    private final ServerStats stats;
    private final ListenerStats listener;
    private final boolean connections;

    /**
     * @param listener    the listener's own counters
     * @param connections true on TCP: keep a count per connection and log its close line (a UDP
     *                    "session" is a peer address, not a connection)
     */
    public CountingHandler(IoHandler delegate, ServerStats stats, ListenerStats listener, boolean connections) {
        this.delegate = delegate;
        this.stats = stats;
        this.listener = listener;
        this.connections = connections;
    }

    /** The handler counted. */
    public IoHandler delegate() {
        return delegate;
    }

    @Override
    public void messageReceived(IoSession session, Object message) throws Exception {
        stats.messageReceived();
        listener.messageReceived();
        if (connections && session.getAttribute(TALLY) instanceof Tally tally) {
            tally.messages++;
        }
        delegate.messageReceived(session, message);
    }

    @Override
    public void sessionCreated(IoSession session) throws Exception {
        delegate.sessionCreated(session);
    }

    @Override
    public void sessionOpened(IoSession session) throws Exception {
        if (connections) {
            session.setAttribute(TALLY, new Tally());
        }
        delegate.sessionOpened(session);
    }

    @Override
    public void sessionClosed(IoSession session) throws Exception {
        try {
            delegate.sessionClosed(session);
        } finally {
            if (connections && session.getAttribute(TALLY) instanceof Tally tally) {
                logClose(session, tally);
            }
        }
    }

    private static void logClose(IoSession session, Tally tally) {
        if (!CLOSE_LOG.isInfoEnabled()) {
            return;
        }
        String peer = Addresses.format(dev.tsserver.core.edge.PeerAddress.of(session)); // the client behind a PROXY header
        long millis = Math.max(0, System.currentTimeMillis() - session.getCreationTime());
        double seconds = millis / 1000.0;
        String reason = CloseReason.of(session).text();
        long in = session.getReadBytes();
        long out = session.getWrittenBytes();
        CLOSE_LOG.atInfo()
                .addKeyValue("peer", peer)
                .addKeyValue("duration_seconds", seconds)
                .addKeyValue("messages", tally.messages)
                .addKeyValue("bytes_in", in)
                .addKeyValue("bytes_out", out)
                .addKeyValue("reason", reason)
                .log("closed {} after {} s: {} messages, {} bytes in, {} bytes out, {}", peer,
                        secondsText(millis), tally.messages, in, out, reason);
    }

    /**
     * {@code 12.345}: as {@code String.format("%.3f")} gave for whole milliseconds, without the
     * formatter, which parsed its pattern with a regular expression on every close (a burst of
     * 10,000 closes allocated tens of MB: docs/perf/tuning/tcp-accept-and-read.md).
     */
    static String secondsText(long millis) {
        long fraction = millis % 1000;
        return (millis / 1000) + (fraction < 10 ? ".00" : fraction < 100 ? ".0" : ".") + fraction;
    }

    @Override
    public void sessionIdle(IoSession session, IdleStatus status) throws Exception {
        delegate.sessionIdle(session, status);
    }

    @Override
    public void exceptionCaught(IoSession session, Throwable cause) throws Exception {
        delegate.exceptionCaught(session, cause);
    }

    @Override
    public void messageSent(IoSession session, Object message) throws Exception {
        delegate.messageSent(session, message);
    }

    @Override
    public void inputClosed(IoSession session) throws Exception {
        delegate.inputClosed(session);
    }

    @Override
    public void event(IoSession session, FilterEvent event) throws Exception {
        delegate.event(session, event);
    }

    /** One connection's message count. */
    private static final class Tally {
        long messages;
    }
}
