package dev.tsserver.core.chain;

import dev.tsserver.core.ServerStats.ListenerStats;
import org.apache.mina.core.filterchain.IoFilterAdapter;
import org.apache.mina.core.session.IoSession;
import org.apache.mina.core.write.WriteRequest;

/**
 * Counts the replies written on one listener: every {@code session.write} enters the chain at
 * its tail, so this filter, next to the handler, sees the handler's replies and the server's
 * error notices alike, one {@code LongAdder} increment each. Messages received are counted by
 * the handler's wrapper ({@code internal.CountingHandler}), not here, so no message is counted
 * twice.
 */
public final class ReplyCountingFilter extends IoFilterAdapter {

    private final ListenerStats listener;

    public ReplyCountingFilter(ListenerStats listener) {
        this.listener = listener;
    }

    @Override
    public void filterWrite(NextFilter nextFilter, IoSession session, WriteRequest writeRequest) {
        listener.replySent();
        nextFilter.filterWrite(session, writeRequest);
    }
}
