package dev.tsserver.core.chain;

import org.apache.mina.core.filterchain.IoFilterAdapter;
import org.apache.mina.core.session.IdleStatus;
import org.apache.mina.core.session.IoSession;
import org.apache.mina.core.write.WriteRequest;

/**
 * The socket-side connection concerns of the stream chain in one chain entry, each still its
 * own class, called in the order they had as separate filters: traffic counting
 * ({@link TrafficCountingFilter}), the connection limit ({@link ConnectionLimitFilter}), the
 * connection log ({@link ConnectionLogFilter}), idle close ({@link IdleCloseFilter}) and the
 * drain request ({@link DrainRequestFilter}, last, so writes it starts from here go to the
 * socket side exactly as from its own entry).
 *
 * <p>Why: MINA builds a chain per session by cloning each filter's entry: an
 * {@code EntryImpl}, its {@code NextFilter} and a node in the chain's name map per filter per
 * connection (~90 bytes live, more allocated, for each of 10,000 idle connections), and every
 * event walks every entry. None of these five keeps state of its own in the chain, and each
 * event concerns at most two of them, so one entry does the same work. The figure it bought is
 * in docs/perf/tuning/tcp-compact-chain.md; {@code -Dtsserver.tcp.compactChain=false} puts the
 * five filters back as separate entries.
 */
public final class SocketSideFilter extends IoFilterAdapter {

    private final TrafficCountingFilter traffic;
    private final ConnectionLimitFilter limit;
    private final ConnectionLogFilter log;
    private final IdleCloseFilter idle;
    private final DrainRequestFilter drainRequest;

    public SocketSideFilter(TrafficCountingFilter traffic, ConnectionLimitFilter limit, ConnectionLogFilter log,
                            IdleCloseFilter idle, DrainRequestFilter drainRequest) {
        this.traffic = traffic;
        this.limit = limit;
        this.log = log;
        this.idle = idle;
        this.drainRequest = drainRequest;
    }

    @Override
    public void sessionCreated(NextFilter nextFilter, IoSession session) {
        if (limit.admit(session)) {
            nextFilter.sessionCreated(session);
        }
    }

    @Override
    public void sessionOpened(NextFilter nextFilter, IoSession session) {
        if (limit.refused(session)) {
            return;
        }
        log.logOpened(session);
        nextFilter.sessionOpened(session);
    }

    @Override
    public void sessionClosed(NextFilter nextFilter, IoSession session) {
        if (!limit.closed(session)) {
            return;
        }
        log.logClosed(session);
        nextFilter.sessionClosed(session);
    }

    @Override
    public void sessionIdle(NextFilter nextFilter, IoSession session, IdleStatus status) {
        if (!idle.closeIfIdle(session, status)) {
            nextFilter.sessionIdle(session, status);
        }
    }

    @Override
    public void messageReceived(NextFilter nextFilter, IoSession session, Object message) {
        traffic.countRead(message);
        drainRequest.messageReceived(nextFilter, session, message);
    }

    @Override
    public void messageSent(NextFilter nextFilter, IoSession session, WriteRequest writeRequest) {
        drainRequest.messageSent(nextFilter, session, writeRequest);
    }

    @Override
    public void inputClosed(NextFilter nextFilter, IoSession session) {
        drainRequest.inputClosed(nextFilter, session);
    }

    @Override
    public void filterWrite(NextFilter nextFilter, IoSession session, WriteRequest writeRequest) {
        traffic.countWrite(writeRequest);
        nextFilter.filterWrite(session, writeRequest);
    }
}
