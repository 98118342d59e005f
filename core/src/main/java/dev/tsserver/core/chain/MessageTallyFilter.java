package dev.tsserver.core.chain;

import java.util.Locale;

import dev.tsserver.core.Addresses;
import dev.tsserver.core.ServerStats.ListenerStats;
import org.apache.mina.core.filterchain.IoFilterAdapter;
import org.apache.mina.core.session.AttributeKey;
import org.apache.mina.core.session.IoSession;
import org.apache.mina.core.write.WriteRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counts decoded messages and the handler's replies for one listener, and, on TCP, writes the
 * one INFO line per closed connection: peer, duration, messages, bytes in and out, and the
 * {@link CloseReason}.
 *
 * <p>It sits last, next to the handler and behind the executor, so it counts what the handler
 * got and wrote (not error notices from the filters below), and its close line comes after the
 * connection's last message has been handled, whatever thread handled it. Per message: one
 * {@code LongAdder} increment, and on TCP one attribute read and a plain field increment (the
 * session's events are never handled by two threads at once, so the field needs no lock).
 */
public final class MessageTallyFilter extends IoFilterAdapter {

    private static final Logger LOG = LoggerFactory.getLogger("dev.tsserver.connections");
    private static final AttributeKey TALLY = new AttributeKey(MessageTallyFilter.class, "tally");

    private final ListenerStats listener;
    private final boolean perConnection;

    private MessageTallyFilter(ListenerStats listener, boolean perConnection) {
        this.listener = listener;
        this.perConnection = perConnection;
    }

    /** For a TCP listener: counts, plus the per-connection tally and close line. */
    public static MessageTallyFilter forConnections(ListenerStats listener) {
        return new MessageTallyFilter(listener, true);
    }

    /** For a UDP listener: counts only (a UDP "session" is a peer address, not a connection). */
    public static MessageTallyFilter forDatagrams(ListenerStats listener) {
        return new MessageTallyFilter(listener, false);
    }

    @Override
    public void sessionOpened(NextFilter nextFilter, IoSession session) {
        if (perConnection) {
            session.setAttribute(TALLY, new Tally());
        }
        nextFilter.sessionOpened(session);
    }

    @Override
    public void messageReceived(NextFilter nextFilter, IoSession session, Object message) {
        listener.messageReceived();
        if (perConnection && session.getAttribute(TALLY) instanceof Tally tally) {
            tally.messages++;
        }
        nextFilter.messageReceived(session, message);
    }

    @Override
    public void filterWrite(NextFilter nextFilter, IoSession session, WriteRequest writeRequest) {
        listener.replySent();
        nextFilter.filterWrite(session, writeRequest);
    }

    @Override
    public void sessionClosed(NextFilter nextFilter, IoSession session) {
        if (perConnection && session.getAttribute(TALLY) instanceof Tally tally) {
            logClose(session, tally);
        }
        nextFilter.sessionClosed(session);
    }

    private static void logClose(IoSession session, Tally tally) {
        if (!LOG.isInfoEnabled()) {
            return;
        }
        String peer = Addresses.format(session.getRemoteAddress());
        double seconds = Math.max(0, System.currentTimeMillis() - session.getCreationTime()) / 1000.0;
        String reason = CloseReason.of(session).text();
        long in = session.getReadBytes();
        long out = session.getWrittenBytes();
        LOG.atInfo()
                .addKeyValue("peer", peer)
                .addKeyValue("duration_seconds", seconds)
                .addKeyValue("messages", tally.messages)
                .addKeyValue("bytes_in", in)
                .addKeyValue("bytes_out", out)
                .addKeyValue("reason", reason)
                .log("closed {} after {} s: {} messages, {} bytes in, {} bytes out, {}", peer,
                        String.format(Locale.ROOT, "%.3f", seconds), tally.messages, in, out, reason);
    }

    /** One connection's message count. */
    private static final class Tally {
        long messages;
    }
}
