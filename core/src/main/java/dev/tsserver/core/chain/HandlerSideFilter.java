package dev.tsserver.core.chain;

import org.apache.mina.core.filterchain.IoFilterAdapter;
import org.apache.mina.core.session.IoSession;
import org.apache.mina.core.write.WriteRequest;

/**
 * The handler-side concerns of the stream chain in one chain entry, each still its own class:
 * protocol errors ({@link ProtocolErrorFilter}: {@code exceptionCaught}), the drain's far end
 * ({@link DrainCompletionFilter}: {@code messageSent}) and reply counting
 * ({@link ReplyCountingFilter}: {@code filterWrite}). Each event concerns exactly one of them,
 * so the order they had as three entries (errors, drain-complete, replies) cannot matter; and
 * an error notice written by the error part enters the chain at its tail, so it is counted as a
 * reply here as before.
 *
 * <p>Why: two {@code EntryImpl}s, {@code NextFilter}s and name-map nodes less per connection,
 * and two hops less for every message sent and every reply written (see {@link SocketSideFilter}).
 * {@code -Dtsserver.tcp.compactChain=false} puts the three filters back as separate entries.
 */
public final class HandlerSideFilter extends IoFilterAdapter {

    private final ProtocolErrorFilter errors;
    private final DrainCompletionFilter drainCompletion;
    private final ReplyCountingFilter replies;

    public HandlerSideFilter(ProtocolErrorFilter errors, DrainCompletionFilter drainCompletion,
                             ReplyCountingFilter replies) {
        this.errors = errors;
        this.drainCompletion = drainCompletion;
        this.replies = replies;
    }

    @Override
    public void exceptionCaught(NextFilter nextFilter, IoSession session, Throwable cause) {
        errors.exceptionCaught(nextFilter, session, cause);
    }

    @Override
    public void messageSent(NextFilter nextFilter, IoSession session, WriteRequest writeRequest) {
        drainCompletion.messageSent(nextFilter, session, writeRequest);
    }

    @Override
    public void filterWrite(NextFilter nextFilter, IoSession session, WriteRequest writeRequest) {
        replies.filterWrite(nextFilter, session, writeRequest);
    }
}
