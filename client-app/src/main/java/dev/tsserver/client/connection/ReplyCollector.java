package dev.tsserver.client.connection;

import java.time.Duration;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.apache.mina.core.buffer.IoBuffer;
import org.apache.mina.core.service.IoHandlerAdapter;
import org.apache.mina.core.session.IoSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands replies from MINA's I/O thread to the thread that waits for them, in arrival order,
 * followed by an end marker once the session is closed. A server that sends far more replies
 * than it was asked for is cut off rather than buffered without bound.
 */
final class ReplyCollector extends IoHandlerAdapter {

    private static final Logger LOG = LoggerFactory.getLogger(ReplyCollector.class);
    /** Marks the end of the session in the queue, after every reply that came before it. */
    static final Object END = new Object();

    private final LinkedBlockingQueue<Object> arrivals = new LinkedBlockingQueue<>();
    private final int maxUnclaimed;
    private volatile Throwable failure;
    private volatile long count;
    private volatile long readBytesAtLastReply;

    ReplyCollector(int maxUnclaimed) {
        this.maxUnclaimed = maxUnclaimed;
    }

    @Override
    public void messageReceived(IoSession session, Object message) {
        if (arrivals.size() >= maxUnclaimed) {
            fail(session, new TsConnectionException("server sent more than " + maxUnclaimed + " unrequested replies"));
            return;
        }
        arrivals.add(toBytes(message));
        count++;
        // Bytes are counted before the read is decoded: all of them belong to replies or to
        // the start of the next one.
        readBytesAtLastReply = session.getReadBytes();
    }

    /** Replies received so far. */
    long count() {
        return count;
    }

    /** How many bytes the session had read when the last reply was decoded. */
    long readBytesAtLastReply() {
        return readBytesAtLastReply;
    }

    private static byte[] toBytes(Object message) {
        if (message instanceof byte[] bytes) {
            return bytes;
        }
        IoBuffer datagram = (IoBuffer) message;
        byte[] bytes = new byte[datagram.remaining()];
        datagram.get(bytes);
        return bytes;
    }

    @Override
    public void exceptionCaught(IoSession session, Throwable cause) {
        LOG.debug("closing {} after an error", session, cause);
        fail(session, cause);
    }

    private void fail(IoSession session, Throwable cause) {
        if (failure == null) {
            failure = cause;
        }
        session.closeNow();
    }

    @Override
    public void sessionClosed(IoSession session) {
        arrivals.add(END);
    }

    /** The next reply, {@link #END} once the session is over, or null after {@code timeout}. */
    Object next(Duration timeout) throws InterruptedException {
        Object item = arrivals.poll(timeout.toNanos(), TimeUnit.NANOSECONDS);
        if (item == END) {
            arrivals.add(END); // stays visible to every later call
        }
        return item;
    }

    /** Whether a reply (or the end) can be taken without waiting. */
    boolean hasArrivals() {
        return !arrivals.isEmpty();
    }

    /** The error that ended the session, if one did. */
    Throwable failure() {
        return failure;
    }
}
