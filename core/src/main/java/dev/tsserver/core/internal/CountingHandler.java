package dev.tsserver.core.internal;

import dev.tsserver.core.ServerStats;
import org.apache.mina.core.service.IoHandler;
import org.apache.mina.core.session.IdleStatus;
import org.apache.mina.core.session.IoSession;
import org.apache.mina.filter.FilterEvent;

/**
 * Counts every message a listener's handler receives, whatever the handler is (a built-in
 * protocol, a plug-in or an embedding application's {@code IoHandler}). A delegate rather than
 * a filter: one call and one counter per message, no extra trip through the chain.
 */
public final class CountingHandler implements IoHandler {

    private final IoHandler delegate;
    private final ServerStats stats;

    public CountingHandler(IoHandler delegate, ServerStats stats) {
        this.delegate = delegate;
        this.stats = stats;
    }

    /** The handler counted. */
    public IoHandler delegate() {
        return delegate;
    }

    @Override
    public void messageReceived(IoSession session, Object message) throws Exception {
        stats.messageReceived();
        delegate.messageReceived(session, message);
    }

    @Override
    public void sessionCreated(IoSession session) throws Exception {
        delegate.sessionCreated(session);
    }

    @Override
    public void sessionOpened(IoSession session) throws Exception {
        delegate.sessionOpened(session);
    }

    @Override
    public void sessionClosed(IoSession session) throws Exception {
        delegate.sessionClosed(session);
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
}
