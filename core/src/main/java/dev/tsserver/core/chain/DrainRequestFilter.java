package dev.tsserver.core.chain;

import java.io.IOException;
import java.nio.channels.SocketChannel;

import dev.tsserver.core.internal.IoRounds;
import org.apache.mina.core.buffer.IoBuffer;
import org.apache.mina.core.filterchain.IoFilterAdapter;
import org.apache.mina.core.filterchain.IoFilterChain;
import org.apache.mina.core.session.AttributeKey;
import org.apache.mina.core.session.IoSession;
import org.apache.mina.core.write.DefaultWriteRequest;
import org.apache.mina.core.write.WriteRequest;
import org.apache.mina.transport.socket.nio.NioSession;

/**
 * Starts an orderly close: stop reading, then close once every message already read has been
 * answered and every reply flushed. Used when the peer half-closes (end of input), after a
 * fatal protocol error, and when the server stops.
 *
 * <p>How the "already answered" point is found: an empty {@link DrainRequest} is queued for
 * writing from this filter's place in the chain. The I/O thread fires its {@code messageSent}
 * after the reads it has already dispatched, and that event travels through the executor filter
 * in the same per-session order as the messages, so when it reaches
 * {@link DrainCompletionFilter} (next to the handler) every earlier message has been handled and
 * its reply queued ahead of the close.
 *
 * <p>A server stop ({@link #beginStop}) first reads on: whatever is still in the socket's
 * receive queue was sent before the stop and must be answered. The input counts as drained once
 * a read comes back short of a full buffer (the queue was empty) and the queue is still empty
 * when that read is handled (the read may predate the stop), or once nothing has been read
 * for a quiet period ({@link GracefulStop} checks that) counted from when the session's I/O
 * thread handled an empty probe written at the stop, so a thread held up elsewhere (a blocking
 * handler, a long pause) does not make unread input look quiet, and only while the kernel holds
 * no unread byte of the connection ({@code FIONREAD}): a starved I/O thread can leave input in
 * the socket for longer than any quiet period. This needs the socket's own
 * reads: filters that change them belong on the handler side of this one, or, as TLS does,
 * come with a {@link SocketReadMarkFilter} at the head of the chain, which keeps the "short
 * read" signal for this filter and starts the drain once a short socket read has been handled
 * as a whole. A quiet period right after a read that filled its buffer may
 * only mean that the I/O thread has not come round yet (a loaded machine): then the probe is
 * sent once more, and the input counts as quiet only if no read came after it. Then the drain
 * begins as above, and
 * once the replies are handed over (an empty marker written after the last one has been sent:
 * a TLS connection sends {@code close_notify} there) the connection lingers: it reads and discards whatever the
 * peer still sends (sent after the stop began) until the input has been quiet, and only then
 * closes. Closing a socket with unread input makes the kernel send a reset, and a reset throws
 * away the replies still on their way to the peer.
 *
 * <p>Why not MINA's defaults: {@code IoHandlerAdapter.inputClosed} closes at once, so a client
 * that sends and then shuts down its write side gets no replies; and {@code ExecutorFilter}
 * does not queue {@code inputClosed}, so it would overtake messages still in the executor.
 */
public final class DrainRequestFilter extends IoFilterAdapter {

    private static final AttributeKey DRAINING = new AttributeKey(DrainRequestFilter.class, "draining");
    /** Value: the time the stop began, in {@link System#currentTimeMillis()}. */
    private static final AttributeKey STOPPING = new AttributeKey(DrainRequestFilter.class, "stopping");
    /** Value: the time the replies were handed over and lingering began. */
    private static final AttributeKey LINGERING = new AttributeKey(DrainRequestFilter.class, "lingering");
    private static final AttributeKey INPUT_CLOSED = new AttributeKey(DrainRequestFilter.class, "input-closed");
    /** Value: when the session's I/O thread handled the stop probe ({@code currentTimeMillis}). */
    private static final AttributeKey PROBED = new AttributeKey(DrainRequestFilter.class, "stop-probed");
    /** Set while stopping when a read filled its buffer (plain TCP; TLS asks {@link SocketReadMarkFilter}). */
    private static final AttributeKey LAST_READ_FILLED = new AttributeKey(DrainRequestFilter.class, "last-read-filled");
    /** Value: the session's last read time when the stop probe was sent again after a full read. */
    private static final AttributeKey PROBED_AGAIN_AFTER = new AttributeKey(DrainRequestFilter.class, "probed-again-after");

    /**
     * Set once any session in this JVM has begun a stop: until then no session can carry
     * {@code STOPPING} or {@code LINGERING}, and a read needs no attribute lookup to know it
     * (two map lookups per read less on the hot path). Set before the first {@code STOPPING}.
     */
    private static volatile boolean anyStopBegun;

    /** Begins the orderly close of a session; safe from any thread, once per session. */
    public static void drain(IoSession session) {
        IoFilterChain.Entry entry = entryOf(session);
        if (entry == null) {
            session.closeOnFlush();
            return;
        }
        startDrain(entry.getNextFilter(), session);
    }

    public static boolean isDraining(IoSession session) {
        return session.containsAttribute(DRAINING);
    }

    /** True once a stopping session's replies are handed over and it only waits for quiet input. */
    public static boolean isLingering(IoSession session) {
        return session.containsAttribute(LINGERING);
    }

    /**
     * Marks the session as stopping: it keeps reading until its input is drained (see the class
     * comment), then drains. Safe from any thread.
     */
    static void beginStop(IoSession session, long nowMillis) {
        IoFilterChain.Entry entry = entryOf(session);
        if (entry == null) {
            session.closeOnFlush();
            return;
        }
        anyStopBegun = true;
        if (session.setAttributeIfAbsent(STOPPING, nowMillis) == null) {
            // Quiet input only counts once the session's I/O thread has come round after the
            // stop began: a thread held up elsewhere has not read what is waiting yet.
            entry.getNextFilter().filterWrite(session, new StopProbe());
        }
    }

    /**
     * One step of a stop, called repeatedly by {@link GracefulStop}: drains a session whose input
     * has been quiet, and closes a lingering one whose replies are all written and whose input
     * has been quiet.
     */
    static void advanceStop(IoSession session, long nowMillis, long quietMillis) {
        if (session.isClosing()) {
            return;
        }
        Long lingerFrom = (Long) session.getAttribute(LINGERING);
        if (lingerFrom != null) {
            if (session.getWriteRequestQueue().isEmpty(session) && session.getScheduledWriteBytes() == 0
                    && nowMillis - Math.max(session.getLastReadTime(), lingerFrom) >= quietMillis
                    && !inputWaitsInSocket(session)) {
                session.closeNow(); // nothing queued, nothing unread: a plain FIN
            }
            return;
        }
        Long probedAt = (Long) session.getAttribute(PROBED);
        if (probedAt != null && !isDraining(session) && !session.isReadSuspended()
                && !ReplyMemoryFilter.isHoldingInput(session)
                && nowMillis - Math.max(session.getLastReadTime(), probedAt) >= quietMillis
                && !inputWaitsInSocket(session)) {
            Long lastRead = session.getLastReadTime();
            if (lastReadFilledItsBuffer(session) && !lastRead.equals(session.getAttribute(PROBED_AGAIN_AFTER))) {
                // More may wait in the socket: quiet only once the I/O thread has come round again.
                IoFilterChain.Entry entry = entryOf(session);
                if (entry != null) {
                    session.setAttribute(PROBED_AGAIN_AFTER, lastRead);
                    session.removeAttribute(PROBED);
                    entry.getNextFilter().filterWrite(session, new StopProbe());
                    return;
                }
            }
            drain(session);
        }
    }

    /**
     * True while the kernel holds bytes of this connection that the server has not read (its
     * receive queue, {@code FIONREAD}). Quiet time alone does not prove the queue empty: an I/O
     * thread the machine does not schedule, or one busy with other connections, leaves input
     * unread for longer than any quiet period, and a read buffer smaller than the input (it
     * starts at 128 bytes) takes several rounds to empty it. Draining then would discard what
     * was sent before the stop; closing would reset the connection. Nor does a short read: it
     * may have been made before the stop began and handled after it (its I/O thread preempted
     * between the read and this filter's check, or, under TLS, busy with the read's records), and
     * what arrived in between was sent before the stop. Only a queue found empty once the stop is
     * known proves it drained. False for a transport that cannot say (then quiet time decides
     * alone) and for a socket that can no longer be read.
     */
    static boolean inputWaitsInSocket(IoSession session) {
        if (session instanceof NioSession nio && nio.getChannel() instanceof SocketChannel channel) {
            try {
                return channel.socket().getInputStream().available() > 0;
            } catch (IOException closedOrShutDown) {
                return false; // nothing more will be read from it
            }
        }
        return false;
    }

    /**
     * The chain entry whose next filter drain writes go through: this filter's own, or the
     * {@link SocketSideFilter} it is part of in the compact chain (where it is the last part, so
     * the next filter is the same).
     */
    private static IoFilterChain.Entry entryOf(IoSession session) {
        IoFilterChain chain = session.getFilterChain();
        IoFilterChain.Entry entry = chain.getEntry(SocketSideFilter.class);
        return entry != null ? entry : chain.getEntry(DrainRequestFilter.class);
    }

    private static boolean lastReadFilledItsBuffer(IoSession session) {
        Boolean socketSide = SocketReadMarkFilter.lastReadEmptiedSocket(session);
        return socketSide != null ? !socketSide : session.containsAttribute(LAST_READ_FILLED);
    }

    /** True while a stopping session has not yet drained its input. */
    static boolean isReadingBeforeStop(IoSession session) {
        return session.containsAttribute(STOPPING) && !isDraining(session);
    }

    private static void startDrain(NextFilter nextFilter, IoSession session) {
        if (session.setAttributeIfAbsent(DRAINING, Boolean.TRUE) != null) {
            return;
        }
        session.suspendRead();
        nextFilter.filterWrite(session, new DrainRequest());
    }

    /**
     * Called by {@link DrainCompletionFilter} once every message read before the drain is
     * answered, that is, once every reply has been written into the chain (also those to input
     * the {@link ReplyMemoryFilter} held, which it fed before letting the drain marker reach the
     * handler). The close waits for a second empty marker, written now from this filter's place,
     * to be sent: a filter on the socket side may still hold replies (the TLS guard holds writes
     * beyond its in-flight limit and sends {@code close_notify} when this marker passes it, so
     * after every reply), and MINA's {@code closeOnFlush} would overtake what they hold.
     */
    static void drained(IoSession session) {
        IoFilterChain.Entry entry = entryOf(session);
        if (entry == null || session.isClosing()) {
            repliesSent(session);
            return;
        }
        entry.getNextFilter().filterWrite(session, new RepliesSent());
    }

    /**
     * True for the empty write that follows a drained session's last reply: a filter that ends
     * the session's layer before the close (TLS: {@code close_notify}) does it when this is sent.
     */
    public static boolean isLastReplyMarker(WriteRequest writeRequest) {
        return writeRequest instanceof RepliesSent;
    }

    /** Every reply is out of the chain: linger during a stop (see the class comment), else close. */
    private static void repliesSent(IoSession session) {
        if (session.containsAttribute(STOPPING) && !session.containsAttribute(INPUT_CLOSED)) {
            session.setAttribute(LINGERING, System.currentTimeMillis());
            session.resumeRead(); // read and discard until quiet; see the class comment
        } else {
            session.closeOnFlush();
        }
    }

    @Override
    public void messageReceived(NextFilter nextFilter, IoSession session, Object message) {
        if (!anyStopBegun) {
            nextFilter.messageReceived(session, message);
            return;
        }
        if (session.containsAttribute(LINGERING)) {
            return; // sent after the stop began and after the input was drained: not answered
        }
        if (message instanceof IoBuffer buffer && session.containsAttribute(STOPPING) && !isDraining(session)) {
            // A read that did not fill its buffer emptied the socket's receive queue. Under TLS
            // the buffer here is one decrypted record of a socket read that may hold more: the
            // drain starts from SocketReadMarkFilter once the whole read is handled, so that its
            // marker is queued behind the replies to every record of the read.
            if (SocketReadMarkFilter.lastReadEmptiedSocket(session) != null) {
                nextFilter.messageReceived(session, message);
                return;
            }
            boolean emptiedTheSocket = buffer.limit() < buffer.capacity();
            if (!emptiedTheSocket) {
                session.setAttribute(LAST_READ_FILLED, Boolean.TRUE);
            }
            nextFilter.messageReceived(session, message);
            if (emptiedTheSocket && !inputWaitsInSocket(session)) {
                startDrain(nextFilter, session);
            }
            return;
        }
        nextFilter.messageReceived(session, message);
    }

    @Override
    public void messageSent(NextFilter nextFilter, IoSession session, WriteRequest writeRequest) {
        if (writeRequest instanceof StopProbe probe) {
            // The probe is acknowledged in the flush that follows a read phase, maybe one that
            // ran before it was written; a second one, written at the start of the next round
            // (IoRounds), is acknowledged only after a whole read phase that followed the first.
            IoRounds rounds = probe.second || session.isClosing() ? null : IoRounds.ofCurrentThread();
            if (rounds != null) {
                rounds.defer(() -> nextFilter.filterWrite(session, new StopProbe(true)));
                return;
            }
            session.setAttribute(PROBED, System.currentTimeMillis());
            return;
        }
        if (writeRequest instanceof RepliesSent) {
            repliesSent(session);
            return;
        }
        nextFilter.messageSent(session, writeRequest);
    }

    @Override
    public void inputClosed(NextFilter nextFilter, IoSession session) {
        session.setAttribute(INPUT_CLOSED, Boolean.TRUE);
        if (session.containsAttribute(LINGERING)) {
            session.closeOnFlush(); // the peer is done too: nothing unread, no reset
            return;
        }
        startDrain(nextFilter, session);
    }

    /** An empty write whose {@code messageSent} shows the session's I/O thread has come round. */
    private static final class StopProbe extends DefaultWriteRequest {
        final boolean second;

        StopProbe() {
            this(false);
        }

        StopProbe(boolean second) {
            super(IoBuffer.allocate(0));
            this.second = second;
        }
    }

    /** An empty write, written once all input is answered, whose {@code messageSent} marks "every reply sent". */
    private static final class RepliesSent extends DefaultWriteRequest {
        RepliesSent() {
            super(IoBuffer.allocate(0));
        }
    }

    /** An empty write whose {@code messageSent} marks "all earlier input handled". */
    static final class DrainRequest extends DefaultWriteRequest {
        DrainRequest() {
            super(IoBuffer.allocate(0));
        }
    }
}
