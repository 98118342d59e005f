package dev.tsserver.core.edge;

import org.apache.mina.core.buffer.IoBuffer;
import org.apache.mina.core.filterchain.IoFilterAdapter;
import org.apache.mina.core.session.AttributeKey;
import org.apache.mina.core.session.IoSession;
import org.apache.mina.core.write.WriteRequest;
import org.apache.mina.filter.ssl.EncryptedWriteRequest;
import org.apache.mina.filter.ssl.SslFilter;

/**
 * Works around a MINA 2.2.10 bug, on the socket side of {@link TlsFilter}. The TLS handler
 * runs the engine's delegated tasks (certificate checks, signatures) on its own executor; when
 * such a task finishes the handshake, the handler decodes the application data that came with
 * the client's last handshake flight (TLS 1.3 clients send it right behind their Finished), but
 * the task's wrapper ({@code SSLHandlerG1.schedule_task}) only forwards writes, not received
 * data or events. The client's first message then waits, unanswered, until it sends another.
 * Seen with client certificates: the client hung on its first reply.
 *
 * <p>It also drops the acknowledgement of a record written after the TLS state was dropped
 * (the {@code close_notify} of a graceful close), on which MINA's filter would throw.
 *
 * <p>The fix: the handshake's own writes are acknowledged on the I/O thread; on each such
 * acknowledgement, until the session is secured, this filter hands the TLS filter an empty
 * read, whose public entry point does forward what the task left queued. Once the handshake
 * is done it costs nothing more.
 *
 * <p>Sitting where each socket read enters TLS, it also marks the read's start and end for the
 * {@link TlsSessionGuard}, which merges the replies to one socket read into one TLS write.
 */
public final class TlsHandshakeFlush extends IoFilterAdapter {

    private static final AttributeKey SETTLED = new AttributeKey(TlsHandshakeFlush.class, "settled");

    /** Where replies to one socket read are merged into one TLS write; null: not merged. */
    private final TlsSessionGuard guard;

    public TlsHandshakeFlush() {
        this(null);
    }

    /** @param guard the listener's guard, which merges the replies to each socket read (see there) */
    public TlsHandshakeFlush(TlsSessionGuard guard) {
        this.guard = guard;
    }

    /** Hands one socket read (ciphertext) to TLS inside the guard's read batch. */
    @Override
    public void messageReceived(NextFilter nextFilter, IoSession session, Object message) {
        if (guard == null || !guard.beginRead(session)) {
            nextFilter.messageReceived(session, message);
            return;
        }
        try {
            nextFilter.messageReceived(session, message);
        } finally {
            guard.endRead(session);
        }
    }

    @Override
    public void messageSent(NextFilter nextFilter, IoSession session, WriteRequest writeRequest) {
        if (writeRequest instanceof EncryptedWriteRequest && !TlsFilter.hasEngine(session)) {
            // The TLS state is gone (close_notify sent, or the handshake failed): MINA's filter
            // would throw a NullPointerException acknowledging this record. The bytes are out;
            // nothing is left to do with it.
            return;
        }
        nextFilter.messageSent(session, writeRequest);
        if (writeRequest instanceof EncryptedWriteRequest && !session.containsAttribute(SETTLED)
                && session.isConnected() && !session.isClosing()) {
            if (session.containsAttribute(SslFilter.SSL_SECURED)) {
                session.setAttribute(SETTLED, Boolean.TRUE);
            }
            nextFilter.messageReceived(session, IoBuffer.allocate(0));
        }
    }
}
