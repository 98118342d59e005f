package dev.tsserver.core.chain;

import org.apache.mina.core.filterchain.IoFilterAdapter;
import org.apache.mina.core.session.IoSession;
import org.apache.mina.core.write.WriteRequest;

/**
 * The far end of {@link DrainRequestFilter}: placed right before the handler, it sees the drain
 * marker's {@code messageSent} after every message read before the drain began, and then closes
 * the session once its queued replies are flushed (during a server stop it lingers first: see
 * {@link DrainRequestFilter}). The marker never reaches the handler.
 */
public final class DrainCompletionFilter extends IoFilterAdapter {

    @Override
    public void messageSent(NextFilter nextFilter, IoSession session, WriteRequest writeRequest) {
        if (writeRequest instanceof DrainRequestFilter.DrainRequest) {
            DrainRequestFilter.drained(session);
            return;
        }
        nextFilter.messageSent(session, writeRequest);
    }
}
