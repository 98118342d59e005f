package dev.tsserver.core.chain;

import java.net.SocketAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;

import dev.tsserver.core.internal.MergedBytes;
import dev.tsserver.core.internal.PartsWriteFuture;
import org.apache.mina.core.buffer.IoBuffer;
import org.apache.mina.core.filterchain.IoFilterAdapter;
import org.apache.mina.core.future.WriteFuture;
import org.apache.mina.core.session.IoSession;
import org.apache.mina.core.write.DefaultWriteRequest;
import org.apache.mina.core.write.WriteRequest;

/**
 * Coalesces the replies written while one read is handled into one buffer, so a read that
 * carried fifty requests costs one {@code write()} system call instead of fifty.
 *
 * <p>Why: MINA's I/O processor writes each queued write request with its own
 * {@code channel.write()} and fires a {@code messageSent} event for each through the whole
 * chain. With pipelined clients that per-reply system call was most of the server's time (JFR:
 * native samples in {@code FileDispatcherImpl.write0} outnumbered every Java frame). Netty and
 * the C peer write once per read batch; this filter brings MINA to the same pattern.
 *
 * <p>How: it sits on the socket side of the codec. While the I/O thread passes a read up the
 * chain, encoded replies written on that same thread to that same session are held; when the read has been handled
 * they go down as one write request (a lone reply goes down as it is, wrapped but not copied). A
 * batch past {@code maxBatchBytes} is sent early, so the held bytes stay bounded. Writes from
 * any other thread (an executor, a timer) and writes that are not buffers pass straight
 * through. The futures of held replies complete when their batch is written or fails.
 *
 * <p>Limits, and why the server installs it only in front of its own handler: replies get
 * no individual {@code messageSent} event, held or alone (the built-in handler ignores them), and MINA's
 * {@code closeOnFlush()} queues its close marker without passing through the chain, so a
 * handler that called it while its reply was held would lose the reply. The built-in handler
 * does neither.
 */
public final class ReplyBatchFilter extends IoFilterAdapter {

    /**
     * System property; {@code false} starts every batch's buffer at 1 KiB (or four times its
     * first two replies) as before, instead of at the size of the thread's last batch.
     */
    public static final String SIZE_FROM_LAST_PROPERTY = "tsserver.tcp.batchSizeFromLast";
    static final boolean SIZE_FROM_LAST = Boolean.parseBoolean(System.getProperty(SIZE_FROM_LAST_PROPERTY, "true"));

    /**
     * System property; {@code false} lets a lone reply's {@code messageSent} travel on to the
     * handler as MINA does, instead of ending here like a merged batch's.
     */
    public static final String END_LONE_REPLY_SENT_PROPERTY = "tsserver.tcp.endLoneReplySent";
    static final boolean END_LONE_REPLY_SENT =
            Boolean.parseBoolean(System.getProperty(END_LONE_REPLY_SENT_PROPERTY, "true"));

    /**
     * The batch being collected by the current I/O thread. Per thread, not per session: a
     * batch only lives while its thread handles one read, and a per-session attribute would
     * cost every idle connection a map entry and an object.
     */
    private final ThreadLocal<Batch> batches;
    private final int maxBatchBytes;

    public ReplyBatchFilter(int maxBatchBytes) {
        this(maxBatchBytes, SIZE_FROM_LAST, END_LONE_REPLY_SENT);
    }

    /** @param sizeFromLast see {@link #SIZE_FROM_LAST_PROPERTY}; tests compare both */
    ReplyBatchFilter(int maxBatchBytes, boolean sizeFromLast) {
        this(maxBatchBytes, sizeFromLast, END_LONE_REPLY_SENT);
    }

    /** @param endLoneReplySent see {@link #END_LONE_REPLY_SENT_PROPERTY}; tests compare both */
    ReplyBatchFilter(int maxBatchBytes, boolean sizeFromLast, boolean endLoneReplySent) {
        if (maxBatchBytes < 1) {
            throw new IllegalArgumentException("max batch bytes must be at least 1, was " + maxBatchBytes);
        }
        this.maxBatchBytes = maxBatchBytes;
        this.batches = ThreadLocal.withInitial(() -> new Batch(maxBatchBytes, sizeFromLast, endLoneReplySent));
    }

    @Override
    public void messageReceived(NextFilter nextFilter, IoSession session, Object message) {
        Batch batch = batches.get();
        if (batch.session != null) {
            nextFilter.messageReceived(session, message); // a read inside a read: leave it alone
            return;
        }
        batch.session = session;
        try {
            nextFilter.messageReceived(session, message);
        } finally {
            batch.session = null;
            batch.flush(nextFilter, session);
        }
    }

    @Override
    public void filterWrite(NextFilter nextFilter, IoSession session, WriteRequest writeRequest) {
        Batch batch = batches.get();
        if (batch.session == session && writeRequest.getMessage() instanceof IoBuffer buffer
                && writeRequest.getDestination() == null) {
            batch.add(writeRequest, buffer);
            if (batch.bytes >= maxBatchBytes) {
                batch.flush(nextFilter, session);
            }
            return;
        }
        nextFilter.filterWrite(session, writeRequest);
    }

    @Override
    public void messageSent(NextFilter nextFilter, IoSession session, WriteRequest writeRequest) {
        if (writeRequest instanceof BatchWriteRequest) {
            return; // its future completed the futures of its parts (see PartsWriteFuture)
        }
        if (writeRequest instanceof LoneReplyRequest) {
            return; // its future is the reply's own, completed before this event
        }
        nextFilter.messageSent(session, writeRequest);
    }

    /** The replies one I/O thread holds for the session whose read it is handling. */
    private static final class Batch {
        IoSession session;
        WriteRequest first;
        /** The batch's bytes once it holds two replies or more; a plain array, see {@link #append}. */
        byte[] merged;
        /**
         * Only the futures of the merged replies are kept, not their requests: a request keeps
         * its original message (the payload) alive for as long as the batch waits to be sent.
         */
        List<WriteFuture> parts;
        int bytes;
        private final int maxBatchBytes;
        private final boolean sizeFromLast;
        private final boolean endLoneReplySent;
        /**
         * The bytes of this thread's last merged batch. Pipelining clients send reads of much the
         * same size, so the next batch starts at that size and a quarter: the 1 KiB start made a
         * line-50c batch (16 replies, 1,472 bytes) allocate and copy 1 KiB, then 2 KiB, a third
         * of the I/O thread's allocation (JFR).
         */
        private int lastBytes = 1024;

        Batch(int maxBatchBytes, boolean sizeFromLast, boolean endLoneReplySent) {
            this.maxBatchBytes = maxBatchBytes;
            this.sizeFromLast = sizeFromLast;
            this.endLoneReplySent = endLoneReplySent;
        }

        /** The length of a new batch's array, for a batch whose first two replies take {@code two} bytes. */
        private int firstLength(int two) {
            int expected = sizeFromLast ? lastBytes + (lastBytes >> 2) : Math.max(1024, 4 * two);
            return Math.max(two, Math.min(maxBatchBytes, expected));
        }

        void add(WriteRequest request, IoBuffer buffer) {
            if (first == null) {
                first = request;
                bytes = buffer.remaining();
                return;
            }
            if (merged == null) {
                IoBuffer firstBuffer = (IoBuffer) first.getMessage();
                int two = firstBuffer.remaining() + buffer.remaining();
                merged = new byte[firstLength(two)];
                bytes = 0;
                append(firstBuffer);
                parts = new ArrayList<>(16);
                parts.add(first.getFuture());
            }
            append(buffer);
            parts.add(request.getFuture());
        }

        private void append(IoBuffer buffer) {
            int n = buffer.remaining();
            merged = MergedBytes.append(merged, bytes, buffer, maxBatchBytes);
            bytes += n;
        }

        void flush(NextFilter nextFilter, IoSession target) {
            if (first == null) {
                return;
            }
            if (merged != null) {
                lastBytes = bytes;
                if (merged.length > 1024 && bytes < merged.length / 2) {
                    // Sized for a larger batch than this one: what is queued (and counted by the
                    // reply memory filter by its bytes) must not be mostly empty array.
                    merged = Arrays.copyOf(merged, bytes);
                }
            }
            WriteRequest out = merged == null ? (endLoneReplySent ? new LoneReplyRequest(first) : first)
                    : new BatchWriteRequest(IoBuffer.wrap(merged, 0, bytes), new PartsWriteFuture<>(target, parts, Function.identity()));
            first = null;
            merged = null;
            parts = null;
            bytes = 0;
            nextFilter.filterWrite(target, out);
        }
    }

    /**
     * A reply that was alone in its read's batch, going down as a request of its own (same
     * message, same future) so that its {@code messageSent} can end here, as a merged batch's
     * does. MINA fires {@code messageSent} for every written request through the whole chain up
     * to the handler; with one request per read (line-1k) that walk through the codec, the
     * frame-deadline, handler-side and tail entries (the tail also updates the session's written
     * message count, read by nothing here) was one of the three chain walks per message. Whether
     * a reply was batched or alone, the handler behind this filter sees no {@code messageSent}
     * either way now (the {@code ProtocolProvider.runsOnIoThreads} contract: such a handler needs
     * none); the filters below it (reply memory, TLS) still see every one.
     */
    static final class LoneReplyRequest implements WriteRequest {
        /*
         * A wrapper rather than a DefaultWriteRequest: that constructor duplicates an IoBuffer
         * message (to keep an "original"), three objects and ~150 bytes per reply (JFR).
         */
        private final WriteRequest reply;

        LoneReplyRequest(WriteRequest reply) {
            this.reply = reply;
        }

        @Override
        public WriteRequest getOriginalRequest() {
            return reply.getOriginalRequest();
        }

        @Override
        public WriteFuture getFuture() {
            return reply.getFuture();
        }

        @Override
        public Object getMessage() {
            return reply.getMessage();
        }

        @Override
        public void setMessage(Object modifiedMessage) {
            reply.setMessage(modifiedMessage);
        }

        @Override
        public SocketAddress getDestination() {
            return reply.getDestination();
        }

        @Override
        public boolean isEncoded() {
            return reply.isEncoded();
        }

        @Override
        public Object getOriginalMessage() {
            return reply.getOriginalMessage();
        }

        @Override
        public String toString() {
            return reply.toString();
        }
    }

    /** The one write request a batch goes down as. */
    static final class BatchWriteRequest extends DefaultWriteRequest {
        private final int replies;

        BatchWriteRequest(IoBuffer merged, PartsWriteFuture<WriteFuture> future) {
            super(merged, future);
            this.replies = future.partCount();
        }

        /** How many replies the batch holds (their futures wait with it). */
        int replies() {
            return replies;
        }
    }
}
