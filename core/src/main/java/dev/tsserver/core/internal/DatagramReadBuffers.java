package dev.tsserver.core.internal;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.mina.core.buffer.AbstractIoBuffer;
import org.apache.mina.core.buffer.IoBuffer;
import org.apache.mina.core.buffer.IoBufferAllocator;
import org.apache.mina.core.buffer.SimpleBufferAllocator;
import org.apache.mina.core.filterchain.IoFilterAdapter;
import org.apache.mina.core.session.IdleStatus;
import org.apache.mina.core.session.IoSession;
import org.apache.mina.core.write.WriteRequest;
import org.apache.mina.filter.FilterEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One read buffer per UDP listener thread, reused for every datagram, instead of MINA's fresh
 * one. {@code NioDatagramAcceptor} reads each datagram into {@code IoBuffer.allocate(readBufferSize)}:
 * with the 64 KiB a datagram listener needs (so no datagram is truncated), that is a 64 KiB heap
 * array zeroed per datagram, which the JDK then fills by copying from its own temporary direct
 * buffer, and the garbage of ~4 GB/s at 65k datagrams/s. MINA takes that buffer from the
 * process-wide {@link IoBufferAllocator}, its extension point for buffer allocation, so this
 * part is one: it answers MINA's datagram read, and only that, with the thread's own direct
 * buffer, and every other request as MINA's default allocator does.
 *
 * <p>"Only that" is decided without guessing at callers: the request must come from a thread
 * this class made for a datagram acceptor ({@link #acceptorExecutor}), ask for exactly that
 * thread's read buffer size, and come while no filter chain event is running on the thread.
 * MINA's acceptor loop allocates its read buffer outside any event; everything a filter or
 * handler allocates happens inside one, and the {@link #eventGuard()} filter, first in each
 * datagram session's chain, counts those. The buffer can be reused for the next datagram
 * because nothing in a datagram chain keeps it: {@link DatagramPayloadFilter} copies each
 * datagram out before any executor or handler, and the filters in front of it only look.
 *
 * <p>Installed only in place of MINA's default {@link SimpleBufferAllocator} (replacing another
 * allocator would dispose it); otherwise UDP listeners keep MINA's fresh buffers. Note that
 * MINA 2.2.10 puts back, process-wide, whatever allocator made the last buffer (see
 * {@link ReusingAllocator}): code that allocates through its own {@code SimpleBufferAllocator}
 * instance silently switches this part off again. Switched off
 * with {@code -Dtsserver.udp.reuseReadBuffer=false}. Figures: docs/perf/tuning/udp-read-buffer.md.
 *
 * <p>UDP listeners now run on {@link BatchReadingDatagramAcceptor}, which reuses a read buffer of
 * its own (the same switch turns that off); the allocator and the guard filter are installed
 * only for MINA's acceptor ({@code -Dtsserver.udp.acceptor=mina}). Both kinds of listener thread
 * lend their reply buffer ({@link DatagramReplyBuffer}).
 */
public final class DatagramReadBuffers {

    private static final Logger LOG = LoggerFactory.getLogger(DatagramReadBuffers.class);

    /** Whether UDP listeners reuse their read buffer (for comparison runs). */
    public static final boolean ENABLED =
            Boolean.parseBoolean(System.getProperty("tsserver.udp.reuseReadBuffer", "true"));

    private static final AtomicInteger THREAD_IDS = new AtomicInteger();
    private static final EventGuard EVENT_GUARD = new EventGuard();

    private DatagramReadBuffers() {
    }

    /**
     * Puts the reusing allocator in front of MINA's default one, once per JVM.
     *
     * @return whether datagram reads now reuse their buffer (false when another allocator than
     *         MINA's default was already set)
     */
    public static synchronized boolean install() {
        IoBufferAllocator current = IoBuffer.getAllocator();
        if (current instanceof ReusingAllocator) {
            return true;
        }
        if (current.getClass() == SimpleBufferAllocator.class) {
            // setAllocator disposes the old allocator: a no-op for SimpleBufferAllocator.
            IoBuffer.setAllocator(new ReusingAllocator());
            return true;
        }
        LOG.debug("IoBuffer allocator {} set elsewhere: UDP reads keep a fresh buffer each", current);
        return false;
    }

    /**
     * The executor to hand {@code new NioDatagramAcceptor(executor)}: its threads carry a read
     * buffer of {@code readBufferSize} bytes. An acceptor does not shut down an executor it was
     * given, so an idle thread ends by itself a second after its acceptor loop has returned
     * (MINA's loop returns once the acceptor is unbound).
     */
    public static ExecutorService acceptorExecutor(int readBufferSize) {
        return newExecutor(readBufferSize);
    }

    /**
     * The executor for a {@link BatchReadingDatagramAcceptor}, which reuses a read buffer of its
     * own: its threads lend only their reply buffer ({@link DatagramReplyBuffer}), never a read
     * buffer, whatever allocator is installed.
     */
    public static ExecutorService replyBufferExecutor() {
        return newExecutor(0);
    }

    private static ExecutorService newExecutor(int readBufferSize) {
        ThreadPoolExecutor executor = new ThreadPoolExecutor(0, Integer.MAX_VALUE, 1, TimeUnit.SECONDS,
                new SynchronousQueue<>(), runnable -> {
                    Thread thread = new ReadThread(runnable, "tsserver-udp-" + THREAD_IDS.incrementAndGet(),
                            readBufferSize);
                    thread.setDaemon(true);
                    return thread;
                });
        return executor;
    }

    /** The filter to put first in every datagram session's chain (stateless, shared). */
    public static IoFilterAdapter eventGuard() {
        return EVENT_GUARD;
    }

    /** A datagram acceptor's thread with its read buffer and the depth of events running on it. */
    static final class ReadThread extends Thread {
        private final int readBufferSize;
        private IoBuffer readBuffer;
        private int eventDepth;
        private IoBuffer replyBuffer;
        private boolean replyLent;

        ReadThread(Runnable runnable, String name, int readBufferSize) {
            super(runnable, name);
            this.readBufferSize = readBufferSize;
        }

        /** The thread's buffer, emptied, for the read MINA is about to do; null when it is not one. */
        /** This thread's reply buffer, cleared, unless it is lent already (DatagramReplyBuffer). */
        IoBuffer lendReplyBuffer() {
            if (replyLent) {
                return null;
            }
            if (replyBuffer == null) {
                replyBuffer = IoBuffer.wrap(ByteBuffer.allocateDirect(DatagramReplyBuffer.CAPACITY));
            }
            replyLent = true;
            return replyBuffer.clear();
        }

        void returnReplyBuffer(IoBuffer lent) {
            if (lent == replyBuffer) {
                replyLent = false;
            }
        }

        IoBuffer readBufferFor(int capacity, ReusingAllocator allocator) {
            if (readBufferSize <= 0 || capacity != readBufferSize || eventDepth != 0) {
                return null;
            }
            if (readBuffer == null) {
                // Direct: the JDK receives straight into it, without its temporary buffer and copy.
                readBuffer = allocator.wrap(allocator.allocateNioBuffer(capacity, true));
            }
            return readBuffer.clear();
        }
    }

    /**
     * MINA's default allocation (heap or direct buffers, as asked), except for a datagram
     * acceptor thread's read. It makes its buffers itself rather than through
     * {@link SimpleBufferAllocator}: MINA's {@code AbstractIoBuffer} constructor calls the static
     * {@code IoBuffer.setAllocator} with the allocator that made the buffer (and disposes the one
     * set before), so every buffer a delegate {@code SimpleBufferAllocator} made would put that
     * delegate back as the process-wide allocator. For the same reason {@link #dispose()} does
     * nothing: MINA calls it on this allocator each time one of its buffers is made.
     */
    static final class ReusingAllocator implements IoBufferAllocator {

        @Override
        public IoBuffer allocate(int capacity, boolean direct) {
            if (Thread.currentThread() instanceof ReadThread thread) {
                IoBuffer reused = thread.readBufferFor(capacity, this);
                if (reused != null) {
                    return reused;
                }
            }
            return new PlainBuffer(this, allocateNioBuffer(capacity, direct));
        }

        @Override
        public ByteBuffer allocateNioBuffer(int capacity, boolean direct) {
            return direct ? ByteBuffer.allocateDirect(capacity) : ByteBuffer.allocate(capacity);
        }

        @Override
        public IoBuffer wrap(ByteBuffer nioBuffer) {
            return new PlainBuffer(this, nioBuffer);
        }

        @Override
        public void dispose() {
            // Nothing held; see the class comment for why MINA calls this so often.
        }
    }

    /** An {@code IoBuffer} over one NIO buffer, as MINA's default allocator makes them. */
    private static final class PlainBuffer extends AbstractIoBuffer {
        private ByteBuffer buf;

        PlainBuffer(IoBufferAllocator allocator, ByteBuffer buf) {
            super(allocator, buf.capacity());
            this.buf = buf;
            buf.order(ByteOrder.BIG_ENDIAN);
        }

        private PlainBuffer(PlainBuffer parent, ByteBuffer buf) {
            super(parent);
            this.buf = buf;
        }

        @Override
        public ByteBuffer buf() {
            return buf;
        }

        @Override
        protected void buf(ByteBuffer newBuf) {
            this.buf = newBuf;
        }

        @Override
        protected IoBuffer duplicate0() {
            return new PlainBuffer(this, buf.duplicate());
        }

        @Override
        protected IoBuffer slice0() {
            return new PlainBuffer(this, buf.slice());
        }

        @Override
        protected IoBuffer asReadOnlyBuffer0() {
            return new PlainBuffer(this, buf.asReadOnlyBuffer());
        }

        @Override
        public byte[] array() {
            return buf.array();
        }

        @Override
        public int arrayOffset() {
            return buf.arrayOffset();
        }

        @Override
        public boolean hasArray() {
            return buf.hasArray();
        }

        @Override
        public void free() {
            // Garbage collected, as MINA's default buffers are.
        }
    }

    /**
     * Marks the span of every chain event (and write) on a datagram acceptor thread, so that
     * whatever filters and handlers allocate there never gets the read buffer. Pass-through on
     * any other thread.
     */
    static final class EventGuard extends IoFilterAdapter {

        private static ReadThread enter() {
            if (Thread.currentThread() instanceof ReadThread thread) {
                thread.eventDepth++;
                return thread;
            }
            return null;
        }

        private static void exit(ReadThread thread) {
            if (thread != null) {
                thread.eventDepth--;
            }
        }

        @Override
        public void messageReceived(NextFilter nextFilter, IoSession session, Object message) {
            ReadThread thread = enter();
            try {
                nextFilter.messageReceived(session, message);
            } finally {
                exit(thread);
            }
        }

        @Override
        public void messageSent(NextFilter nextFilter, IoSession session, WriteRequest writeRequest) {
            ReadThread thread = enter();
            try {
                nextFilter.messageSent(session, writeRequest);
            } finally {
                exit(thread);
            }
        }

        @Override
        public void filterWrite(NextFilter nextFilter, IoSession session, WriteRequest writeRequest) {
            ReadThread thread = enter();
            try {
                nextFilter.filterWrite(session, writeRequest);
            } finally {
                exit(thread);
            }
        }

        /**
         * The events that are not per datagram go through here; the three that are
         * (messageReceived, messageSent, filterWrite) are written out above, since a lambda
         * capturing the session would be an allocation per datagram.
         */
        private static void guarded(Runnable event) {
            ReadThread thread = enter();
            try {
                event.run();
            } finally {
                exit(thread);
            }
        }

        @Override
        public void sessionCreated(NextFilter nextFilter, IoSession session) {
            guarded(() -> nextFilter.sessionCreated(session));
        }

        @Override
        public void sessionOpened(NextFilter nextFilter, IoSession session) {
            guarded(() -> nextFilter.sessionOpened(session));
        }

        @Override
        public void sessionClosed(NextFilter nextFilter, IoSession session) {
            guarded(() -> nextFilter.sessionClosed(session));
        }

        @Override
        public void sessionIdle(NextFilter nextFilter, IoSession session, IdleStatus status) {
            guarded(() -> nextFilter.sessionIdle(session, status));
        }

        @Override
        public void exceptionCaught(NextFilter nextFilter, IoSession session, Throwable cause) {
            guarded(() -> nextFilter.exceptionCaught(session, cause));
        }

        @Override
        public void inputClosed(NextFilter nextFilter, IoSession session) {
            guarded(() -> nextFilter.inputClosed(session));
        }

        @Override
        public void event(NextFilter nextFilter, IoSession session, FilterEvent event) {
            guarded(() -> nextFilter.event(session, event));
        }

        @Override
        public void filterClose(NextFilter nextFilter, IoSession session) {
            guarded(() -> nextFilter.filterClose(session));
        }
    }
}
