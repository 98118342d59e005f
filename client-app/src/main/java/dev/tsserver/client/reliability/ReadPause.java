package dev.tsserver.client.reliability;

import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.apache.mina.core.service.IoHandler;
import org.apache.mina.core.service.IoProcessor;
import org.apache.mina.core.session.AbstractIoSession;
import org.apache.mina.core.session.IdleStatus;
import org.apache.mina.core.session.IoSession;
import org.apache.mina.filter.FilterEvent;

/**
 * The embedded TCP server's handler for the experiment: the server's own timestamp handler,
 * except that each new connection starts with reading suspended ({@link IoSession#suspendRead()},
 * MINA's real mechanism: the selector stops asking for that socket's reads) for a fixed time,
 * then resumed. While the server does not read, its socket's receive buffer fills, TCP's window
 * closes and the client's {@code write} blocks: flow control made visible. Without the pause
 * the server drains a loopback burst as fast as it comes and the sender is never held back.
 *
 * <p>MINA's UDP acceptor has no such switch ({@code NioDatagramAcceptor.updateTrafficControl}
 * does nothing in 2.2.10), and UDP needs none: its small receive buffer overflows anyway.
 */
final class ReadPause implements IoHandler {

    private final IoHandler delegate;
    private final ScheduledExecutorService scheduler;
    private final long pauseMillis;

    ReadPause(IoHandler delegate, ScheduledExecutorService scheduler, long pauseMillis) {
        this.delegate = delegate;
        this.scheduler = scheduler;
        this.pauseMillis = pauseMillis;
    }

    long pauseMillis() {
        return pauseMillis;
    }

    @Override
    public void sessionCreated(IoSession session) throws Exception {
        // sessionCreated runs on the session's I/O thread before its first read.
        session.suspendRead();
        scheduler.schedule(() -> resume(session), pauseMillis, TimeUnit.MILLISECONDS);
        delegate.sessionCreated(session);
    }

    /**
     * {@code resumeRead()} from a thread other than the session's I/O thread only changes the
     * selection key's interest; a selector already blocked in {@code select()} does not see it
     * until its one-second timeout. Scheduling a flush (of an empty queue: nothing is written)
     * wakes that selector, so reading resumes now.
     */
    private static void resume(IoSession session) {
        session.resumeRead();
        if (session instanceof AbstractIoSession mina && session.isConnected()) {
            @SuppressWarnings("unchecked")
            IoProcessor<IoSession> processor = mina.getProcessor();
            processor.flush(session);
        }
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
    public void messageReceived(IoSession session, Object message) throws Exception {
        delegate.messageReceived(session, message);
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
