package dev.tsserver.core.internal;

import java.util.concurrent.Executor;

import org.apache.mina.transport.socket.nio.NioProcessor;
import org.apache.mina.transport.socket.nio.NioSession;

/**
 * MINA's NIO processor, fixed so that suspending or resuming reads never loses a write that
 * waits for room in the socket.
 *
 * <p>The MINA 2.2.10 bug: {@code suspendRead()} and {@code resumeRead()} call
 * {@code AbstractPollingIoProcessor.updateTrafficControl}, at once and on the caller's thread,
 * which recomputes the selector's write interest from the session's write queue alone:
 * {@code OP_WRITE} is kept only if that queue is not empty. But the write being sent, the one
 * the processor took from the queue and could not finish because the socket's send buffer was
 * full (the session's "current write request"), is no longer in that queue. So when the
 * current write is all that is left, a read suspension or resumption clears {@code OP_WRITE},
 * and the processor never comes back to that session: its reply stays half sent until some
 * other write is queued on it.
 *
 * <p>Where it bit: a TLS connection with a capped send buffer ({@code --send-buffer}) and a
 * pipelining client. MINA's TLS filter sends a large reply as a few records and queues the next
 * one only when the last is out, so the current write is often alone; the reply memory filter
 * suspends reads at its high water mark right then, and its wake-up marker (an empty write) is
 * held by {@link dev.tsserver.core.edge.TlsSessionGuard} until the TLS writes are acknowledged,
 * which they never were: the connection stalled for good with a record half written and the
 * client waiting for it. On plain TCP the same marker reaches the write queue and schedules a
 * flush, which hid the bug (a write that never comes would not).
 *
 * <p>The fix keeps {@code OP_WRITE} set while a current write request exists. A spurious
 * {@code OP_WRITE} (the write finished meanwhile on the I/O thread) costs one empty flush pass;
 * it cannot lose anything.
 */
public class WriteInterestNioProcessor extends NioProcessor {

    public WriteInterestNioProcessor(Executor executor) {
        super(executor);
    }

    @Override
    public void updateTrafficControl(NioSession session) {
        super.updateTrafficControl(session);
        if (session.getCurrentWriteRequest() != null && !session.isWriteSuspended()) {
            try {
                setInterestedInWrite(session, true);
            } catch (Exception e) {
                session.getFilterChain().fireExceptionCaught(e); // as MINA's own update does
            }
        }
    }
}
