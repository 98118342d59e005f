package dev.tsserver.core.internal;

import java.nio.channels.ServerSocketChannel;
import java.util.Iterator;

import org.apache.mina.core.service.IoProcessor;
import org.apache.mina.transport.socket.nio.NioSession;
import org.apache.mina.transport.socket.nio.NioSocketAcceptor;

/**
 * MINA's NIO socket acceptor, taking up to {@code acceptsPerSelect} pending connections each
 * time its selector reports the listening socket ready, instead of one.
 *
 * <p>MINA's accept loop ({@code AbstractPollingIoAcceptor.processHandles}) accepts exactly one
 * connection per ready key and goes back to {@code select()}: a burst of N connects costs N
 * {@code epoll_wait} calls, and N hand-overs to the I/O processor, each a selector wake-up the
 * processor thread answers with one new session. Accepting until the listening socket's queue
 * is empty (bounded, so a connect flood cannot hold the acceptor thread and an unbind waits at
 * most one batch) hands the processor its new sessions in batches, as Netty's acceptor
 * ({@code maxMessagesPerRead} 16) and the C peer (accept until {@code EAGAIN}) do. The figure
 * it bought is in docs/perf/tuning/tcp-accept-batch.md.
 *
 * <p>Switch: {@code -Dtsserver.tcp.acceptsPerSelect=1} restores MINA's one accept per select.
 */
public class BatchAcceptingNioSocketAcceptor extends NioSocketAcceptor {

    /** System property: the most connections taken per ready listening socket (1 = MINA's behaviour). */
    public static final String ACCEPTS_PER_SELECT_PROPERTY = "tsserver.tcp.acceptsPerSelect";
    /** Default: about a listen backlog's worth, so one wake-up drains what a burst queued. */
    public static final int DEFAULT_ACCEPTS_PER_SELECT = 128;

    private final IoProcessor<NioSession> processor;
    private final int acceptsPerSelect;

    /**
     * @param processor        the processor (pool) new sessions go to; the caller owns it
     * @param acceptsPerSelect most connections accepted per ready listening socket, at least 1
     */
    public BatchAcceptingNioSocketAcceptor(IoProcessor<NioSession> processor, int acceptsPerSelect) {
        super(processor);
        if (acceptsPerSelect < 1) {
            throw new IllegalArgumentException("accepts per select must be at least 1, was " + acceptsPerSelect);
        }
        this.processor = processor;
        this.acceptsPerSelect = acceptsPerSelect;
    }

    /** {@link #DEFAULT_ACCEPTS_PER_SELECT}, or the system property when it holds a positive number. */
    public static int configuredAcceptsPerSelect() {
        Integer value = Integer.getInteger(ACCEPTS_PER_SELECT_PROPERTY);
        return value == null || value < 1 ? DEFAULT_ACCEPTS_PER_SELECT : value;
    }

    public int acceptsPerSelect() {
        return acceptsPerSelect;
    }

    /**
     * As MINA's loop, but each ready listening socket is accepted from until its queue is empty
     * ({@code accept} returns null) or the batch is full.
     */
    @Override
    protected void processHandles(Iterator<ServerSocketChannel> handles) throws Exception {
        while (handles.hasNext()) {
            ServerSocketChannel handle = handles.next();
            handles.remove();
            for (int accepted = 0; accepted < acceptsPerSelect; accepted++) {
                NioSession session = accept(processor, handle);
                if (session == null) {
                    break;
                }
                initSession(session, null, null);
                session.getProcessor().add(session);
            }
        }
    }
}
