package dev.tsserver.core.chain;

import org.apache.mina.core.buffer.IoBuffer;
import org.apache.mina.core.filterchain.IoFilterAdapter;
import org.apache.mina.core.filterchain.IoFilterChain;
import org.apache.mina.core.session.AttributeKey;
import org.apache.mina.core.session.IoSession;
import org.apache.mina.core.write.DefaultWriteRequest;

/**
 * Starts an orderly close: stop reading, then close once every message already read has been
 * answered and every reply flushed. Used when the peer half-closes (end of input) and when the
 * server stops.
 *
 * <p>How the "already answered" point is found: an empty {@link DrainRequest} is queued for
 * writing from this filter's place in the chain. The I/O thread fires its {@code messageSent}
 * after the reads it has already dispatched, and that event travels through the executor filter
 * in the same per-session order as the messages, so when it reaches
 * {@link DrainCompletionFilter} (next to the handler) every earlier message has been handled and
 * its reply queued ahead of the close.
 *
 * <p>Why not MINA's defaults: {@code IoHandlerAdapter.inputClosed} closes at once, so a client
 * that sends and then shuts down its write side gets no replies; and {@code ExecutorFilter}
 * does not queue {@code inputClosed}, so it would overtake messages still in the executor.
 */
public final class DrainRequestFilter extends IoFilterAdapter {

    private static final AttributeKey DRAINING = new AttributeKey(DrainRequestFilter.class, "draining");

    /** Begins the orderly close of a session; safe from any thread, once per session. */
    public static void drain(IoSession session) {
        IoFilterChain.Entry entry = session.getFilterChain().getEntry(DrainRequestFilter.class);
        if (entry == null) {
            session.closeOnFlush();
            return;
        }
        startDrain(entry.getNextFilter(), session);
    }

    public static boolean isDraining(IoSession session) {
        return session.containsAttribute(DRAINING);
    }

    private static void startDrain(NextFilter nextFilter, IoSession session) {
        if (session.setAttributeIfAbsent(DRAINING, Boolean.TRUE) != null) {
            return;
        }
        session.suspendRead();
        nextFilter.filterWrite(session, new DrainRequest());
    }

    @Override
    public void inputClosed(NextFilter nextFilter, IoSession session) {
        startDrain(nextFilter, session);
    }

    /** An empty write whose {@code messageSent} marks "all earlier input handled". */
    static final class DrainRequest extends DefaultWriteRequest {
        DrainRequest() {
            super(IoBuffer.allocate(0));
        }
    }
}
