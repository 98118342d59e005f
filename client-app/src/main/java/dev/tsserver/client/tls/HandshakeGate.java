package dev.tsserver.client.tls;

import java.io.EOFException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;

import org.apache.mina.core.filterchain.IoFilterAdapter;
import org.apache.mina.core.session.AttributeKey;
import org.apache.mina.core.session.IoSession;
import org.apache.mina.core.write.WriteRequest;
import org.apache.mina.filter.FilterEvent;
import org.apache.mina.filter.ssl.SslEvent;

/**
 * Holds the client's writes until the TLS handshake is done, and tells when it is done or why
 * it failed ({@link #handshake}). MINA's TLS handler queues at most 64 writes before then and
 * throws on the next; {@code send} with many messages, or piped chat, can write more than that
 * before the server has answered the handshake.
 */
public final class HandshakeGate extends IoFilterAdapter {

    private static final AttributeKey HELD = new AttributeKey(HandshakeGate.class, "held");
    private static final AttributeKey HANDSHAKE = new AttributeKey(HandshakeGate.class, "handshake");
    private static final AttributeKey ENGINE = new AttributeKey(HandshakeGate.class, "engine");

    private final ClientTls tls;

    HandshakeGate(ClientTls tls) {
        this.tls = tls;
    }

    /**
     * Completes when {@code session}'s TLS handshake is done; fails as soon as it cannot be (the
     * server's certificate refused, an alert, the connection closed first), with the reason as
     * the exception ({@link ClientTls#describeFailure} makes it one line).
     */
    @SuppressWarnings("unchecked")
    public static CompletableFuture<Void> handshake(IoSession session) {
        CompletableFuture<Void> created = new CompletableFuture<>();
        Object existing = session.setAttributeIfAbsent(HANDSHAKE, created);
        return existing != null ? (CompletableFuture<Void>) existing : created;
    }

    /** A refused certificate fails the handshake at once (MINA would drop that exception). */
    static void engineCreated(ClientTls tls, IoSession session, SSLEngine engine) {
        session.setAttribute(ENGINE, engine);
        tls.watch(engine, rejected -> {
            handshake(session).completeExceptionally(rejected);
            session.closeNow();
        });
    }

    private void over(IoSession session) {
        tls.forget((SSLEngine) session.getAttribute(ENGINE));
    }

    @Override
    public void exceptionCaught(NextFilter nextFilter, IoSession session, Throwable cause) {
        for (Throwable t = cause; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SSLException && !handshake(session).isDone()) {
                over(session);
                handshake(session).completeExceptionally(t);
                break;
            }
        }
        nextFilter.exceptionCaught(session, cause);
    }

    @Override
    public void sessionClosed(NextFilter nextFilter, IoSession session) {
        over(session);
        handshake(session).completeExceptionally(
                new EOFException("the server closed the connection during the handshake"));
        nextFilter.sessionClosed(session);
    }

    @Override
    public void filterWrite(NextFilter nextFilter, IoSession session, WriteRequest writeRequest) {
        synchronized (session) {
            Object state = session.getAttribute(HELD);
            if (state == null) {
                state = new ArrayList<WriteRequest>();
                session.setAttribute(HELD, state);
            }
            if (state instanceof List<?> held) {
                @SuppressWarnings("unchecked")
                List<WriteRequest> requests = (List<WriteRequest>) held;
                requests.add(writeRequest);
                return;
            }
        }
        nextFilter.filterWrite(session, writeRequest);
    }

    @Override
    public void event(NextFilter nextFilter, IoSession session, FilterEvent event) {
        if (event == SslEvent.SECURED) {
            over(session);
            handshake(session).complete(null);
            // Released under the lock, so a write made meanwhile cannot overtake them.
            synchronized (session) {
                Object held = session.getAttribute(HELD);
                session.setAttribute(HELD, Boolean.TRUE);
                if (held instanceof List<?> requests) {
                    for (Object request : requests) {
                        nextFilter.filterWrite(session, (WriteRequest) request);
                    }
                }
            }
        }
        nextFilter.event(session, event);
    }
}
