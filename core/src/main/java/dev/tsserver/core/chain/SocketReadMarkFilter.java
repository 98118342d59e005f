package dev.tsserver.core.chain;

import org.apache.mina.core.buffer.IoBuffer;
import org.apache.mina.core.filterchain.IoFilterAdapter;
import org.apache.mina.core.session.AttributeKey;
import org.apache.mina.core.session.IoSession;
import org.apache.mina.filter.ssl.SslFilter;

/**
 * Records, per session, whether the last socket read came back short of its buffer (the
 * socket's receive queue was emptied), for {@link DrainRequestFilter} on chains where a filter
 * between the socket and the drain filter changes the reads (TLS: the drain filter sees
 * decrypted records, whose size says nothing about the socket). Goes first in the chain, where
 * MINA hands over the buffer it read into, and starts a stopping session's drain once a short
 * socket read has been handled as a whole. It also discards what a lingering connection reads
 * (after the stop's drain) before it reaches TLS.
 */
public final class SocketReadMarkFilter extends IoFilterAdapter {

    private static final AttributeKey LAST_READ = new AttributeKey(SocketReadMarkFilter.class, "last-read");

    /** One per session, so a read costs a field write, not an attribute-map update. */
    private static final class LastRead {
        /** Written and read on the session's I/O thread (reads and their decrypted records). */
        boolean emptiedSocket;
    }

    @Override
    public void sessionCreated(NextFilter nextFilter, IoSession session) throws Exception {
        session.setAttribute(LAST_READ, new LastRead());
        nextFilter.sessionCreated(session);
    }

    @Override
    public void messageReceived(NextFilter nextFilter, IoSession session, Object message) throws Exception {
        if (DrainRequestFilter.isLingering(session)) {
            // Sent after the stop began and after the input was drained: discarded unread (see
            // DrainRequestFilter). Dropped here, before TLS, whose state is gone once
            // close_notify is out: MINA's filter would fail on it and the connection would be
            // closed at once, maybe with a reset that loses replies still on their way.
            return;
        }
        boolean emptiedSocket = false;
        if (message instanceof IoBuffer buffer) {
            LastRead last = (LastRead) session.getAttribute(LAST_READ);
            if (last != null) {
                emptiedSocket = buffer.limit() < buffer.capacity();
                last.emptiedSocket = emptiedSocket;
            }
        }
        nextFilter.messageReceived(session, message);
        if (emptiedSocket && DrainRequestFilter.isReadingBeforeStop(session)
                && session.containsAttribute(SslFilter.SSL_SECURED)
                && !DrainRequestFilter.inputWaitsInSocket(session)) {
            // The stop's input is drained: started here, after every record of this socket read
            // has been handled and its replies written, not at the first short decrypted record
            // (whose drain marker would be queued ahead of the replies to the records after it).
            // Not during a handshake: a short handshake read says nothing about the requests.
            // Not while the socket holds more: the read may predate the stop (see
            // DrainRequestFilter.inputWaitsInSocket), and the handler ran in between.
            DrainRequestFilter.drain(session);
        }
    }

    /**
     * Whether the session's last socket read emptied the socket's receive queue; null when this
     * filter is not in the session's chain (the reads then reach the caller as the socket gave them).
     */
    static Boolean lastReadEmptiedSocket(IoSession session) {
        LastRead last = (LastRead) session.getAttribute(LAST_READ);
        return last == null ? null : last.emptiedSocket;
    }
}
