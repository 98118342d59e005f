package dev.tsserver.core.chain;

import java.net.SocketAddress;
import java.util.concurrent.atomic.AtomicLong;

import dev.tsserver.core.Addresses;
import dev.tsserver.core.edge.PeerAddress;
import dev.tsserver.core.internal.IoRounds;
import org.apache.mina.core.buffer.IoBuffer;
import org.apache.mina.core.filterchain.IoFilterAdapter;
import org.apache.mina.core.future.WriteFuture;
import org.apache.mina.core.session.AttributeKey;
import org.apache.mina.core.session.IoSession;
import org.apache.mina.core.write.DefaultWriteRequest;
import org.apache.mina.core.write.WriteRequest;
import org.apache.mina.filter.ssl.SslFilter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bounds the memory that replies waiting to be sent can take, per connection and across the
 * server, by holding back input rather than by queueing replies.
 *
 * <p><b>What is counted.</b> For each connection: the bytes of its queued replies (MINA's
 * scheduled write bytes) plus {@value #WRITE_REQUEST_OVERHEAD} bytes for every queued write
 * request (the request, its future, the buffer object and the queue node; a batch from
 * {@link ReplyBatchFilter} adds the futures of the replies inside it), plus any input this
 * filter holds back. Every connection's cost is also charged to one {@link ReplyMemoryBudget}.
 *
 * <p><b>How input is held back.</b> A read is passed on to the codec in steps of at most
 * {@value #INPUT_STEP} bytes ({@value #INPUT_STEP_WHEN_SPENT} while the budget is spent), each
 * step sized from what the previous one produced so that it yields about one turn
 * ({@value #TURN_REPLY_BYTES} bytes) of replies: the replies one step can produce stay bounded
 * even when a read of empty lines would turn into thousands of replies. Before each step the
 * connection may go on only if
 * <ul>
 *   <li>its own cost is under the high water mark (once stopped, under the low one),</li>
 *   <li>the server's budget is not spent, or the connection has nothing queued at all, and</li>
 *   <li>it has not yet added a turn's worth of replies since this read or resumption began
 *       (so one connection cannot keep an I/O thread from its other connections).</li>
 * </ul>
 * Otherwise the rest of the read is held, reading from that socket is suspended, and an empty
 * marker is queued behind the connection's replies. Reading resumes from {@code messageSent}
 * (on the connection's own I/O thread) once the connection may go on again, at the latest when
 * the marker is sent, that is when everything queued before it has been written. So a peer that
 * does not read stops costing more than its share, and while the budget is spent only
 * connections that keep up with their replies (their queue drains to nothing) are served.
 *
 * <p>Held input keeps its place: the end of input and the drain marker of
 * {@link DrainRequestFilter} wait until the held bytes have been handled.
 *
 * <p>Sits on the socket side of the reply batch and the codec, so it sees encoded replies and
 * whole reads.
 *
 * <p><b>With TLS.</b> This filter sits on the application side of the TLS filter, and TLS has
 * queues of its own that MINA's scheduled write bytes do not see: the replies
 * {@link dev.tsserver.core.edge.TlsSessionGuard} holds back (at most 16 in flight inside MINA's
 * SSL handler, the rest in the guard) are plaintext not yet encrypted, and only the ciphertext
 * of what has been encrypted reaches the session's write queue. So on a TLS connection a
 * request's plaintext bytes are counted as bookkeeping from the moment it passes here until its
 * {@code messageSent}, which MINA's SSL filter sends only once the ciphertext is written. A
 * reply is then counted twice while its ciphertext waits in the write queue (plaintext here,
 * ciphertext there): the bound overestimates by at most the size of the queued ciphertext, and
 * it never misses what waits inside the TLS layer. The guard's own read suspension (past
 * 256 KiB held) stays as a second, per-connection, line of defence.
 */
public final class ReplyMemoryFilter extends IoFilterAdapter {

    /**
     * What one queued write request costs besides its bytes, rounded up from the object layouts
     * of a 64-bit JVM with compressed pointers: the request (24), its future and lock (40), the
     * heap buffer and its {@code ByteBuffer} (about 100), the queue node (24), and for a lone
     * reply the original message object the request keeps (about 60).
     */
    static final int WRITE_REQUEST_OVERHEAD = 256;
    /** What one reply's future held by a batch costs (see {@link ReplyBatchFilter}). */
    static final int BATCHED_FUTURE_COST = 48;
    /** Largest piece of a read handed to the codec at once. */
    static final int INPUT_STEP = 4096;
    /** Smallest piece, whatever the replies cost. */
    static final int MIN_INPUT_STEP = 64;
    /**
     * Reply bytes (with bookkeeping) one connection may add per turn, that is per read or per
     * resumption, before the I/O thread moves on to its other connections. Keeps one connection
     * whose small requests turn into many replies from holding the thread for milliseconds.
     */
    static final int TURN_REPLY_BYTES = 8 * 1024;
    /** Largest piece while the budget is spent: enough for a request/response client. */
    static final int INPUT_STEP_WHEN_SPENT = 512;
    /**
     * System property; {@code false} grows a step only while its replies stay under a quarter of
     * a turn, as before (docs/perf/tuning/fairness-steps.md).
     */
    public static final String GROW_STEP_TO_TURN_PROPERTY = "tsserver.tcp.growStepToTurn";
    /**
     * Whether a step doubles while its replies come to less than half a turn, so that the
     * doubled step is still expected to fit one turn; otherwise (as before) only while they come
     * to less than a quarter. A quarter left 64-byte pipelined requests at 1 KiB steps, just under
     * their 1,040-byte reads, and every read went up the chain, and down as a write, in two
     * pieces.
     */
    static final boolean GROW_STEP_TO_TURN =
            Boolean.parseBoolean(System.getProperty(GROW_STEP_TO_TURN_PROPERTY, "true"));

    private static final Logger LOG = LoggerFactory.getLogger(ReplyMemoryFilter.class);
    private static final AttributeKey GATE = new AttributeKey(ReplyMemoryFilter.class, "gate");

    private final ReplyMemoryBudget budget;
    private final long highWaterMark;
    private final long lowWaterMark;
    private final boolean stepReads;
    /** A step doubles while its replies stay under a turn divided by this (2, or 4 as before). */
    private final int growBelowTurnDivisor;

    public ReplyMemoryFilter(ReplyMemoryBudget budget, long lowWaterMark, long highWaterMark) {
        this(budget, lowWaterMark, highWaterMark, true);
    }

    /**
     * @param stepReads false for a codec whose messages are the reads themselves ({@code raw}:
     *                  "each chunk that one read returns is one message"), which must see each
     *                  read whole; such a codec makes one reply per read, so there is nothing
     *                  to bound within a read
     */
    public ReplyMemoryFilter(ReplyMemoryBudget budget, long lowWaterMark, long highWaterMark, boolean stepReads) {
        this(budget, lowWaterMark, highWaterMark, stepReads, GROW_STEP_TO_TURN);
    }

    /** @param growStepToTurn see {@link #GROW_STEP_TO_TURN_PROPERTY}; tests compare both */
    ReplyMemoryFilter(ReplyMemoryBudget budget, long lowWaterMark, long highWaterMark, boolean stepReads,
                      boolean growStepToTurn) {
        if (lowWaterMark < 0 || highWaterMark <= lowWaterMark) {
            throw new IllegalArgumentException("need 0 <= low < high, got low=" + lowWaterMark + " high=" + highWaterMark);
        }
        this.budget = budget;
        this.highWaterMark = highWaterMark;
        this.lowWaterMark = lowWaterMark;
        this.stepReads = stepReads;
        this.growBelowTurnDivisor = growStepToTurn ? 2 : 4;
    }

    /** The bytes this connection costs now (queued replies, their bookkeeping, held input). */
    public static long cost(IoSession session) {
        Gate gate = (Gate) session.getAttribute(GATE);
        return gate == null ? 0 : gate.cost(session);
    }

    /** True while input read from this connection waits here for its replies to drain. */
    public static boolean isHoldingInput(IoSession session) {
        Gate gate = (Gate) session.getAttribute(GATE);
        return gate != null && gate.parked;
    }

    @Override
    public void messageReceived(NextFilter nextFilter, IoSession session, Object message) {
        if (!(message instanceof IoBuffer buffer)) {
            nextFilter.messageReceived(session, message);
            return;
        }
        Gate gate = gate(session);
        if (gate.held != null) {
            gate.hold(session, buffer, budget); // a read that raced the suspension: keep it in order
            return;
        }
        feed(nextFilter, session, gate, buffer);
    }

    @Override
    public void inputClosed(NextFilter nextFilter, IoSession session) {
        Gate gate = gate(session);
        if (gate.held != null) {
            gate.inputClosed = true;
            return;
        }
        nextFilter.inputClosed(session);
    }

    @Override
    public void filterWrite(NextFilter nextFilter, IoSession session, WriteRequest writeRequest) {
        Gate gate = gate(session);
        long overhead = WRITE_REQUEST_OVERHEAD;
        if (gate.plaintextBeforeTls && writeRequest.getMessage() instanceof IoBuffer reply) {
            overhead += reply.remaining(); // invisible to getScheduledWriteBytes until encrypted
        }
        if (writeRequest instanceof ReplyBatchFilter.BatchWriteRequest batch) {
            overhead += (long) BATCHED_FUTURE_COST * batch.replies();
        }
        gate.bookkeeping.addAndGet(overhead);
        nextFilter.filterWrite(session, new CountedWriteRequest(writeRequest, overhead, gate));
        gate.report(session, budget);
    }

    @Override
    public void messageSent(NextFilter nextFilter, IoSession session, WriteRequest writeRequest) {
        if (writeRequest instanceof CountedWriteRequest counted) {
            Gate gate = counted.gate; // charged there: no attribute look-up per reply sent
            gate.bookkeeping.addAndGet(-counted.overhead);
            gate.report(session, budget);
            if (gate.parked) {
                tryResume(nextFilter, session, gate);
            }
            nextFilter.messageSent(session, counted.inner);
            return;
        }
        if (writeRequest instanceof ResumeMarker) {
            Gate gate = gate(session);
            gate.report(session, budget);
            if (gate.parked) {
                tryResume(nextFilter, session, gate);
            }
            return;
        }
        if (writeRequest instanceof DrainRequestFilter.DrainRequest) {
            Gate gate = gate(session);
            if (gate.held != null) {
                gate.deferredDrain = writeRequest; // "all input handled" is not true yet
                return;
            }
        }
        nextFilter.messageSent(session, writeRequest);
    }

    @Override
    public void sessionClosed(NextFilter nextFilter, IoSession session) {
        Gate gate = (Gate) session.getAttribute(GATE);
        if (gate != null) {
            gate.close(budget);
        }
        nextFilter.sessionClosed(session);
    }

    private Gate gate(IoSession session) {
        Gate gate = (Gate) session.getAttribute(GATE);
        if (gate == null) {
            gate = new Gate(session.getFilterChain().contains(SslFilter.class));
            Gate raced = (Gate) session.setAttributeIfAbsent(GATE, gate);
            if (raced != null) {
                gate = raced;
            }
        }
        return gate;
    }

    /** Hands the buffer on in steps while the connection may go on; holds the rest otherwise. */
    private void feed(NextFilter nextFilter, IoSession session, Gate gate, IoBuffer buffer) {
        IoRounds rounds = rounds(gate);
        gate.turnRound = rounds == null ? -1 : rounds.current();
        long turnStart = gate.own(session);
        while (buffer.hasRemaining()) {
            long before = gate.own(session);
            if (!mayProceed(session, gate) || before - turnStart >= TURN_REPLY_BYTES) {
                // Over a bound, or this connection had its turn: the others get the I/O thread.
                if (rounds != null) {
                    rounds.spend(Math.max(0, before - turnStart));
                }
                gate.hold(session, buffer, budget);
                park(nextFilter, session, gate);
                return;
            }
            int step = !stepReads ? buffer.remaining()
                    : budget.exhausted() ? Math.min(gate.step, INPUT_STEP_WHEN_SPENT) : gate.step;
            if (buffer.remaining() <= step) {
                step = buffer.remaining();
                nextFilter.messageReceived(session, buffer);
            } else {
                nextFilter.messageReceived(session, buffer.getSlice(step));
            }
            gate.adaptStep(step, gate.own(session) - before, growBelowTurnDivisor);
        }
        if (rounds != null) {
            rounds.spend(Math.max(0, gate.own(session) - turnStart));
        }
        if (gate.inputClosed) {
            gate.inputClosed = false;
            nextFilter.inputClosed(session);
        }
        if (gate.deferredDrain != null) {
            WriteRequest drain = gate.deferredDrain;
            gate.deferredDrain = null;
            nextFilter.messageSent(session, drain);
        }
    }

    private boolean mayProceed(IoSession session, Gate gate) {
        long own = gate.own(session);
        if (own >= (gate.parked ? lowWaterMark : highWaterMark)) {
            return false;
        }
        return own == 0 || !budget.exhausted();
    }

    private void park(NextFilter nextFilter, IoSession session, Gate gate) {
        if (gate.parked) {
            return;
        }
        gate.parked = true;
        if (LOG.isDebugEnabled()) {
            LOG.debug("holding input from {}: {} bytes queued, budget {} of {} bytes used",
                    Addresses.format(PeerAddress.of(session)), gate.own(session), budget.used(), budget.limit());
        }
        session.suspendRead();
        // Its messageSent comes once everything queued before it is written: a wake-up that
        // needs no timer and no list of parked connections.
        nextFilter.filterWrite(session, new ResumeMarker());
    }

    /** On the connection's I/O thread (from messageSent, or put off to the next round). */
    private void tryResume(NextFilter nextFilter, IoSession session, Gate gate) {
        if (!mayProceed(session, gate)) {
            return;
        }
        IoRounds rounds = gate.held != null && gate.turnRound >= 0 ? rounds(gate) : null;
        if (rounds != null && (gate.turnRound == rounds.current() || rounds.roundSpent())) {
            // It had its turn this round, or this round's work is done: feeding it now would keep
            // the thread in MINA's flush loop, away from select() and every other socket (see
            // IoRounds).
            if (!gate.resumePutOff) {
                rounds.defer(() -> resumePutOff(nextFilter, session, gate));
                gate.resumePutOff = true;
            }
            return;
        }
        gate.parked = false;
        if (LOG.isDebugEnabled()) {
            LOG.debug("reading {} again: {} bytes queued, budget {} of {} bytes used",
                    Addresses.format(PeerAddress.of(session)), gate.own(session), budget.used(), budget.limit());
        }
        IoBuffer held = gate.held;
        gate.held = null;
        gate.report(session, budget);
        if (!DrainRequestFilter.isDraining(session) || DrainRequestFilter.isLingering(session)) {
            session.resumeRead();
        }
        if (held != null) {
            feed(nextFilter, session, gate, held);
        }
    }

    /**
     * The I/O rounds of this connection's thread when called on it, else null (no rounds: do
     * the work at once). Found once and kept: a connection stays on one I/O thread.
     */
    private static IoRounds rounds(Gate gate) {
        IoRounds rounds = gate.rounds;
        if (rounds == null || !rounds.isCurrentThread()) {
            rounds = IoRounds.ofCurrentThread();
            if (rounds != null) {
                gate.rounds = rounds;
            }
        }
        return rounds;
    }

    private void resumePutOff(NextFilter nextFilter, IoSession session, Gate gate) {
        gate.resumePutOff = false;
        if (gate.parked && !session.isClosing()) {
            tryResume(nextFilter, session, gate);
        }
    }

    /** Per-connection state; {@code held}, {@code parked} and the flags belong to the I/O thread. */
    private static final class Gate {
        /**
         * Input handed on per step, adapted so that one step's replies fit a turn. It starts
         * small because the first step's replies are unknown: 4 KiB of empty lines would be
         * 4,096 replies at once; doubling finds the size for a client with larger messages in a
         * few steps.
         */
        int step = MIN_INPUT_STEP;
        final AtomicLong bookkeeping = new AtomicLong();
        volatile IoBuffer held;
        volatile boolean parked;
        boolean inputClosed;
        WriteRequest deferredDrain;
        /** The I/O round of this connection's last turn ({@link IoRounds}); -1 without rounds. */
        long turnRound = -1;
        /** A resumption waits for the next round. */
        boolean resumePutOff;
        /** The rounds of this connection's I/O thread, once found; see {@link #rounds(Gate)}. */
        IoRounds rounds;
        /** The cost last charged to the budget; guarded by this. */
        private long reported;
        private boolean closed;
        /** A TLS filter sits between here and the socket: replies' plaintext is counted (see the class comment). */
        final boolean plaintextBeforeTls;

        Gate(boolean plaintextBeforeTls) {
            this.plaintextBeforeTls = plaintextBeforeTls;
        }

        long own(IoSession session) {
            return session.getScheduledWriteBytes() + bookkeeping.get();
        }

        /** Aims the next step at a turn's worth of replies, from what this step produced. */
        void adaptStep(int stepBytes, long produced, int growBelowTurnDivisor) {
            if (produced > TURN_REPLY_BYTES) {
                step = (int) Math.max(MIN_INPUT_STEP, stepBytes * (long) TURN_REPLY_BYTES / produced);
            } else if (produced < TURN_REPLY_BYTES / growBelowTurnDivisor && stepBytes == step
                    && step < INPUT_STEP) {
                step = Math.min(INPUT_STEP, step * 2);
            }
        }

        long cost(IoSession session) {
            IoBuffer h = held;
            return session.getScheduledWriteBytes() + bookkeeping.get() + (h == null ? 0 : h.capacity());
        }

        void hold(IoSession session, IoBuffer rest, ReplyMemoryBudget budget) {
            if (held == null) {
                // Keep only what is left, not the whole read buffer, when that is much smaller.
                held = rest.remaining() * 2 < rest.capacity() ? exactCopy(rest) : rest;
            } else {
                IoBuffer joined = IoBuffer.allocate(held.remaining() + rest.remaining(), false);
                joined.put(held).put(rest).flip();
                held = joined;
            }
            report(session, budget);
        }

        private static IoBuffer exactCopy(IoBuffer source) {
            IoBuffer copy = IoBuffer.allocate(source.remaining(), false);
            copy.put(source).flip();
            return copy;
        }

        synchronized void report(IoSession session, ReplyMemoryBudget budget) {
            if (closed) {
                return;
            }
            long now = cost(session);
            budget.charge(now - reported);
            reported = now;
        }

        synchronized void close(ReplyMemoryBudget budget) {
            closed = true;
            budget.charge(-reported);
            reported = 0;
            held = null;
        }
    }

    /** A write request that was charged here; it reports the charge back when sent. */
    private static final class CountedWriteRequest implements WriteRequest {
        final WriteRequest inner;
        final long overhead;
        /** The connection's gate the charge went to (a session's gate never changes once made). */
        final Gate gate;

        CountedWriteRequest(WriteRequest inner, long overhead, Gate gate) {
            this.inner = inner;
            this.overhead = overhead;
            this.gate = gate;
        }

        @Override
        public WriteRequest getOriginalRequest() {
            return inner.getOriginalRequest();
        }

        @Override
        public WriteFuture getFuture() {
            return inner.getFuture();
        }

        @Override
        public Object getMessage() {
            return inner.getMessage();
        }

        @Override
        public void setMessage(Object modifiedMessage) {
            inner.setMessage(modifiedMessage);
        }

        @Override
        public SocketAddress getDestination() {
            return inner.getDestination();
        }

        @Override
        public boolean isEncoded() {
            return inner.isEncoded();
        }

        @Override
        public Object getOriginalMessage() {
            return inner.getOriginalMessage();
        }

        @Override
        public String toString() {
            return inner.toString();
        }
    }

    /** An empty write whose {@code messageSent} means "everything queued before me is written". */
    private static final class ResumeMarker extends DefaultWriteRequest {
        ResumeMarker() {
            super(IoBuffer.allocate(0));
        }
    }
}
