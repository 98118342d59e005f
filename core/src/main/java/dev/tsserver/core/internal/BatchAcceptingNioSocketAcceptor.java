package dev.tsserver.core.internal;

import java.io.IOException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.Iterator;

import org.apache.mina.core.filterchain.DefaultIoFilterChainBuilder;
import org.apache.mina.core.filterchain.IoFilterChainBuilder;
import org.apache.mina.core.service.IoProcessor;
import org.apache.mina.transport.socket.nio.NioSession;
import org.apache.mina.transport.socket.nio.NioSocketAcceptor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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
 *
 * <p>Each accepted connection becomes a {@link SharedChainSocketSession}, whose filter chain
 * shares its entries with every other connection of this acceptor ({@link SharedFilterChain};
 * docs/perf/tuning/tcp-shared-chain.md). Switch: {@code -Dtsserver.tcp.sharedChain=false} makes
 * MINA's own sessions, each with its own {@code DefaultIoFilterChain}.
 */
public class BatchAcceptingNioSocketAcceptor extends NioSocketAcceptor {

    /** System property: the most connections taken per ready listening socket (1 = MINA's behaviour). */
    public static final String ACCEPTS_PER_SELECT_PROPERTY = "tsserver.tcp.acceptsPerSelect";
    /** Default: about a listen backlog's worth, so one wake-up drains what a burst queued. */
    public static final int DEFAULT_ACCEPTS_PER_SELECT = 128;

    /** System property: {@code false} gives each connection MINA's own session and chain. */
    public static final String SHARED_CHAIN_PROPERTY = "tsserver.tcp.sharedChain";

    private static final Logger LOG = LoggerFactory.getLogger(BatchAcceptingNioSocketAcceptor.class);

    private final IoProcessor<NioSession> processor;
    private final int acceptsPerSelect;
    private final boolean sharedChain = !"false".equalsIgnoreCase(System.getProperty(SHARED_CHAIN_PROPERTY));
    /** The entries of the chain builder's current filters; only the acceptor thread uses it. */
    private SharedFilterChain.Template template;

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

    /**
     * As MINA's {@code accept}, making a session that shares this acceptor's chain entries.
     * (MINA also checks the listening socket's selection key first; here every handle comes from
     * this round's selected keys and is unbound only by this thread, after the round.)
     */
    @Override
    protected NioSession accept(IoProcessor<NioSession> processor, ServerSocketChannel handle) throws Exception {
        if (!sharedChain) {
            return super.accept(processor, handle);
        }
        SocketChannel channel;
        try {
            channel = handle.accept();
        } catch (IOException e) {
            if (!"Too many open files".equals(e.getMessage())) {
                throw e;
            }
            // As MINA: out of descriptors, pause the accept loop briefly instead of spinning on it.
            LOG.error("Cannot accept a connection: too many open files (check the ulimit)");
            try {
                Thread.sleep(50L);
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
            }
            return null;
        }
        return channel == null ? null : new SharedChainSocketSession(this, processor, channel, currentTemplate());
    }

    /** The shared entries for the chain builder as it is now, or null. */
    SharedFilterChain.Template currentTemplate() {
        IoFilterChainBuilder builder = getFilterChainBuilder();
        if (!(builder instanceof DefaultIoFilterChainBuilder chain)) {
            return null;
        }
        var entries = chain.getAll();
        if (template == null || !template.matches(entries)) {
            template = SharedFilterChain.Template.of(entries);
        }
        return template;
    }
}
