package dev.tsserver.core.internal;

import java.nio.ByteBuffer;

import org.apache.mina.core.buffer.IoBuffer;
import org.apache.mina.core.write.WriteRequest;

/**
 * One reply buffer per UDP listener thread, lent to {@link DatagramPayloadFilter} for each reply
 * it encodes there, instead of a fresh heap buffer per reply. For a reply written on the thread
 * that reads the datagrams (the handler runs there unless the listener has an executor), MINA
 * 2.2.10 sends at once when the session has nothing queued ({@code HeadFilter} calls
 * {@code NioDatagramAcceptor.write}, or {@link BatchReadingDatagramAcceptor#write}, which call
 * {@code DatagramChannel.send}); from a heap
 * buffer the JDK then copies the reply into its own temporary direct buffer. So each reply cost
 * a heap array, MINA's buffer wrapper, and a copy. Encoding into this thread's direct buffer
 * saves all three: the JDK sends straight from it.
 *
 * <p>The buffer is only lent for the duration of the write call. When the call returns without
 * the reply written (the socket refused it and MINA queued it, or another reply was queued
 * first), {@link #giveBack} puts a heap copy in the write request in its place, before MINA's
 * flush can see it: the flush runs on this same thread, later. A write during the lending (a
 * handler writing from {@code messageSent}) gets a heap buffer. Other threads (executors,
 * application threads) always do. Switched off with {@code -Dtsserver.udp.reuseReplyBuffer=false}.
 * Figures: docs/perf/tuning/udp-reply-buffer.md.
 */
public final class DatagramReplyBuffer {

    /** Whether UDP listener threads lend their reply buffer (for comparison runs). */
    public static final boolean ENABLED =
            Boolean.parseBoolean(System.getProperty("tsserver.udp.reuseReplyBuffer", "true"));

    /** Room for the largest UDP payload. */
    static final int CAPACITY = 65_536;

    private DatagramReplyBuffer() {
    }

    /**
     * This thread's reply buffer, cleared, when this is a UDP listener thread, the part is on, the
     * reply fits, and the buffer is not already lent; otherwise null (allocate as usual).
     */
    public static IoBuffer lend(int size) {
        if (ENABLED && size <= CAPACITY && Thread.currentThread() instanceof DatagramReadBuffers.ReadThread thread) {
            return thread.lendReplyBuffer();
        }
        return null;
    }

    /**
     * Ends the lending of {@code lent} after the write call for {@code request} returned: a reply
     * not yet written gets a heap copy of its bytes in the request, so the buffer is free again.
     */
    public static void giveBack(WriteRequest request, IoBuffer lent) {
        if (request.getMessage() == lent && !request.getFuture().isWritten()) {
            request.setMessage(heapCopy(lent));
        }
        ((DatagramReadBuffers.ReadThread) Thread.currentThread()).returnReplyBuffer(lent);
    }

    static IoBuffer heapCopy(IoBuffer reply) {
        ByteBuffer copy = ByteBuffer.allocate(reply.remaining());
        copy.put(reply.buf().duplicate());
        copy.flip();
        return IoBuffer.wrap(copy);
    }
}
