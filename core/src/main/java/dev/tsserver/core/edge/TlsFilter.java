package dev.tsserver.core.edge;

import java.net.InetSocketAddress;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;

import org.apache.mina.core.filterchain.IoFilter;
import org.apache.mina.core.filterchain.IoFilterChain;
import org.apache.mina.core.session.IoSession;
import org.apache.mina.filter.ssl.SslFilter;

/**
 * MINA's {@link SslFilter} in server mode, with what reading its 2.2 source showed it needs.
 *
 * <p>What MINA 2.2's SslFilter does (read in mina-core 2.2.x, {@code SslFilter},
 * {@code SSLHandlerG1}, the default "non-blocking pipeline" handler):
 * <ul>
 *   <li>2.2 rewrote the TLS layer (SSLHandlerG0/G1 in place of 2.0's SslHandler) so TLS 1.3
 *       works: post-handshake messages, no renegotiation.</li>
 *   <li>{@code createEngine} calls {@code addr.getHostName()} on the peer address: a reverse
 *       DNS lookup, on the I/O thread, for every connection; a slow resolver would stall every
 *       connection on that thread. Overridden here: a server engine needs no peer host name.</li>
 *   <li>The engine is made from the {@code SSLContext} given to the constructor, a final
 *       field; the override takes the context from {@link TlsContextSource} at each handshake,
 *       which is how a SIGHUP reload reaches new connections only.</li>
 *   <li>The handler queues at most 64 writes ({@code MAX_QUEUED_MESSAGES}) while it cannot
 *       encrypt (handshake not finished, or 6 records of a large message unacknowledged) and
 *       throws {@code BufferOverflowException} on the 65th. {@link TlsSessionGuard}, on the
 *       application side of this filter, keeps the number of writes inside it bounded.</li>
 *   <li>An empty write wraps to nothing and stays in that queue for ever, blocking every write
 *       behind it; {@link TlsSessionGuard} never lets one through.</li>
 *   <li>{@code close_notify} is only sent from {@code onClose}, which runs when the filter is
 *       removed from the chain or after the session has closed (too late to send anything);
 *       {@code closeOnFlush()} and {@code closeNow()} close the socket without it.
 *       {@link #sendCloseNotify} calls {@code onClose} with "linger" (flush what is queued,
 *       then close the outbound side), for a graceful stop.</li>
 *   <li>Handshake failures surface as an {@code SSLException} from {@code messageReceived},
 *       which MINA turns into {@code exceptionCaught}; completion as the filter event
 *       {@code SslEvent.SECURED}. Both travel towards the handler, where the guard sees them.</li>
 *   <li>Delegated handshake tasks run on a static two-thread executor shared by every
 *       SslFilter in the JVM ("ssl-exec").</li>
 * </ul>
 */
public final class TlsFilter extends SslFilter {

    private final TlsContextSource contexts;

    public TlsFilter(TlsContextSource contexts) {
        super(contexts.current());
        this.contexts = contexts;
        setNeedClientAuth(contexts.settings().clientCa() != null);
        setEnabledProtocols(TlsSettings.PROTOCOLS);
    }

    @Override
    protected SSLEngine createEngine(IoSession session, InetSocketAddress peer) {
        SSLEngine engine = contexts.current().createSSLEngine(); // no peer host: no reverse lookup
        engine.setUseClientMode(false);
        SSLParameters parameters = engine.getSSLParameters();
        parameters.setProtocols(TlsSettings.PROTOCOLS);
        parameters.setNeedClientAuth(isNeedClientAuth());
        engine.setSSLParameters(parameters);
        return engine;
    }

    /** Whether MINA's TLS state for the session is still there (any SslFilter, client or server). */
    static boolean hasEngine(IoSession session) {
        return session.containsAttribute(SSL_HANDLER);
    }

    /**
     * Drops a failed session's TLS state. Without this, closing the session makes MINA's
     * handler write {@code close_notify} into the already closed session, and the resulting
     * {@code WriteToClosedSessionException} reaches the handler after MINA has emptied the
     * chain, past every filter that could keep it out of the log. The handler's alert for the
     * failure is already queued by then, so it still goes out.
     */
    void forgetEngine(IoSession session) {
        session.removeAttribute(SSL_HANDLER);
    }

    /**
     * Sends {@code close_notify} now. Call only when no write is left inside this filter (the
     * guard's drain does); safe from any thread; a no-op on a session without TLS state.
     */
    void sendCloseNotify(IoSession session) {
        IoFilterChain chain = session.getFilterChain();
        IoFilter.NextFilter next = chain.getNextFilter(this);
        if (next == null) {
            return;
        }
        try {
            onClose(next, session, false);
        } catch (SSLException e) {
            // The peer is gone or the engine failed: the connection closes next anyway.
        }
    }
}
