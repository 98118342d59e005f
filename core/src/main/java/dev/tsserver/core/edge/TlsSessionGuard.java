package dev.tsserver.core.edge;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;

import dev.tsserver.core.Addresses;
import dev.tsserver.core.chain.DrainRequestFilter;
import dev.tsserver.core.internal.MergedBytes;
import dev.tsserver.core.internal.PartsWriteFuture;
import dev.tsserver.core.logging.RateLimitedLog;
import org.apache.mina.core.buffer.IoBuffer;
import org.apache.mina.core.filterchain.IoFilterAdapter;
import org.apache.mina.core.session.AttributeKey;
import org.apache.mina.core.session.IdleStatus;
import org.apache.mina.core.session.IoSession;
import org.apache.mina.core.write.DefaultWriteRequest;
import org.apache.mina.core.write.WriteRequest;
import org.apache.mina.filter.FilterEvent;
import org.apache.mina.filter.ssl.DisableEncryptWriteRequest;
import org.apache.mina.filter.ssl.SslEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sits right behind {@link TlsFilter} (application side) and makes MINA's TLS layer safe to
 * put in front of the rest of the chain:
 * <ul>
 *   <li><b>Handshake deadline.</b> A handshake not finished within the timeout closes the
 *       connection (checked on reader-idle events, turned on every second until the handshake
 *       completes, and on every read).</li>
 *   <li><b>Failures.</b> An {@link SSLException} (bad certificate, wrong protocol, no common
 *       cipher, garbage instead of TLS) closes the connection, is counted, and is logged at WARN
 *       in one line without a stack trace, at most once a second.</li>
 *   <li><b>A bounded write queue.</b> MINA's TLS handler throws once 64 writes wait inside it;
 *       this filter lets at most {@value #MAX_IN_FLIGHT} unacknowledged writes into it and holds
 *       the rest here, and stops reading from the peer while more than
 *       {@value #HIGH_WATER_BYTES} bytes are held (so a peer that does not read cannot grow the
 *       queue), resuming below {@value #LOW_WATER_BYTES}.</li>
 *   <li><b>Empty writes and the drain.</b> The graceful stop marks "all answered" with an empty
 *       write; MINA's TLS handler would keep it for ever. This filter sends it past TLS,
 *       unencrypted (it has no bytes), once every earlier write has gone out, and when the
 *       drain's last-reply marker ({@link DrainRequestFilter#isLastReplyMarker}, written once
 *       every message is answered) is out, sends {@code close_notify} before the close.</li>
 *   <li><b>One TLS write per socket read.</b> A socket read can carry many TLS records, and
 *       MINA's TLS filter hands each decrypted record up the chain as a read of its own, so the
 *       reply batch behind it ({@code ReplyBatchFilter}: one write per read) made one write per
 *       record, that is per request for a client that sends a record per request; and MINA
 *       encrypts each write as records of its own and sends each with a system call of its own.
 *       While {@link TlsHandshakeFlush} hands one socket read up, the replies the I/O thread
 *       writes to that session are merged here and go to the TLS layer as one write (up to
 *       {@value #MAX_READ_BATCH_BYTES} bytes, a few full records) when the read is handled.
 *       Each reply still gets its own {@code messageSent}, in order, once the merged write is
 *       out, so the reply memory filter's accounting and the drain see what they saw before.</li>
 * </ul>
 */
public final class TlsSessionGuard extends IoFilterAdapter {

    static final int MAX_IN_FLIGHT = 16;
    static final int HIGH_WATER_BYTES = 256 * 1024;
    static final int LOW_WATER_BYTES = 64 * 1024;
    /** Plaintext merged into one write to the TLS layer at most: four full TLS records. */
    static final int MAX_READ_BATCH_BYTES = 64 * 1024;

    private static final Logger LOG = LoggerFactory.getLogger(TlsSessionGuard.class);
    private static final AttributeKey STATE = new AttributeKey(TlsSessionGuard.class, "state");

    private final TlsFilter tls;
    private final long handshakeTimeoutNanos;
    private final EdgeStats stats;
    private final RateLimitedLog failures = RateLimitedLog.onePer(LOG, Duration.ofSeconds(1));
    /** The read batch of each I/O thread: it only lives while the thread hands one socket read up. */
    private final ThreadLocal<ReadBatch> readBatches = ThreadLocal.withInitial(ReadBatch::new);

    public TlsSessionGuard(TlsFilter tls, TlsSettings settings, EdgeStats stats) {
        this.tls = tls;
        this.handshakeTimeoutNanos = settings.handshakeTimeout().toNanos();
        this.stats = stats;
    }

    /** Per-session state; guarded by its own monitor (writes come from any thread). */
    private static final class State {
        final long deadlineNanos;
        volatile boolean secured;
        boolean failed;
        int inFlight;
        long heldBytes;
        boolean readSuspended;
        final ArrayDeque<WriteRequest> held = new ArrayDeque<>();

        State(long deadlineNanos) {
            this.deadlineNanos = deadlineNanos;
        }
    }

    /** An empty write sent past TLS unencrypted, standing for the application's empty write. */
    private static final class PassThrough extends DefaultWriteRequest implements DisableEncryptWriteRequest {
        final WriteRequest original;

        PassThrough(WriteRequest original) {
            super(IoBuffer.allocate(0));
            this.original = original;
        }
    }

    private State state(IoSession session) {
        return (State) session.getAttribute(STATE);
    }

    @Override
    public void sessionCreated(NextFilter nextFilter, IoSession session) {
        session.setAttribute(STATE, new State(Long.MAX_VALUE));
        nextFilter.sessionCreated(session);
    }

    @Override
    public void sessionOpened(NextFilter nextFilter, IoSession session) {
        // The deadline runs from here: after a PROXY header, if any, has been read.
        session.setAttribute(STATE, new State(System.nanoTime() + handshakeTimeoutNanos));
        session.getConfig().setIdleTime(IdleStatus.READER_IDLE, 1);
        nextFilter.sessionOpened(session);
    }

    @Override
    public void event(NextFilter nextFilter, IoSession session, FilterEvent event) {
        if (event == SslEvent.SECURED) {
            State state = state(session);
            if (state != null) {
                state.secured = true;
            }
            session.getConfig().setIdleTime(IdleStatus.READER_IDLE, 0);
        }
        nextFilter.event(session, event);
    }

    @Override
    public void sessionIdle(NextFilter nextFilter, IoSession session, IdleStatus status) {
        State state = state(session);
        if (state != null && !state.secured) {
            if (System.nanoTime() - state.deadlineNanos >= 0) {
                fail(session, state, "handshake not finished within "
                        + TimeUnit.NANOSECONDS.toMillis(handshakeTimeoutNanos) + " ms", false);
                return;
            }
            if (status == IdleStatus.READER_IDLE) {
                return;
            }
        }
        nextFilter.sessionIdle(session, status);
    }

    @Override
    public void exceptionCaught(NextFilter nextFilter, IoSession session, Throwable cause) {
        State failedState = state(session);
        if ((failedState != null && failedState.failed)
                || (cause instanceof org.apache.mina.core.write.WriteToClosedSessionException && session.isClosing())) {
            LOG.debug("after closing {}: {}", Addresses.format(PeerAddress.of(session)), cause.toString());
            return; // e.g. the TLS layer writing its alert to the session just closed
        }
        if (cause instanceof IllegalStateException && "closed".equals(cause.getMessage())) {
            // MINA's TLS handler after the peer's close_notify: nothing more can be read; not an error.
            LOG.debug("{} closed its TLS session", Addresses.format(PeerAddress.of(session)));
            session.closeOnFlush();
            return;
        }
        SSLException tlsError = tlsCause(cause);
        if (tlsError == null) {
            nextFilter.exceptionCaught(session, cause);
            return;
        }
        State state = state(session);
        // The TLS layer has already queued its alert for the peer: let it go out, then close.
        fail(session, state, (state != null && state.secured ? "TLS error: " : "handshake failed: ")
                + oneLine(tlsError), true);
    }

    private void fail(IoSession session, State state, String why, boolean flushAlert) {
        if (state != null) {
            synchronized (state) {
                if (state.failed) {
                    return;
                }
                state.failed = true;
            }
            if (!state.secured) {
                stats.tlsHandshakeFailed();
            }
        }
        session.suspendRead();
        tls.forgetEngine(session);
        if (flushAlert) {
            session.closeOnFlush();
        } else {
            session.closeNow();
        }
        failures.warn("TLS: {} (peer {}); connection closed", why, Addresses.format(PeerAddress.of(session)));
    }

    private static SSLException tlsCause(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SSLException ssl) {
                return ssl;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return null;
    }

    private static String oneLine(SSLException e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        if (e instanceof SSLHandshakeException && e.getCause() != null && e.getCause().getMessage() != null) {
            message = message + " (" + e.getCause().getMessage() + ")";
        }
        message = message.replaceAll("\\s+", " ");
        return message.length() <= 200 ? message : message.substring(0, 200) + "...";
    }

    /**
     * Opens the calling I/O thread's read batch for {@code session}; false if one is open (a read
     * inside a read), and then the caller must not call {@link #endRead}.
     */
    boolean beginRead(IoSession session) {
        ReadBatch batch = readBatches.get();
        if (batch.session != null) {
            return false;
        }
        batch.session = session;
        return true;
    }

    /** Closes the read batch opened by {@link #beginRead}: what it holds goes to TLS as one write. */
    void endRead(IoSession session) {
        ReadBatch batch = readBatches.get();
        batch.session = null;
        WriteRequest merged = batch.take(session);
        if (merged == null) {
            return;
        }
        NextFilter next = session.getFilterChain().getNextFilter(this);
        if (next != null) {
            forward(next, session, merged);
        } else {
            merged.getFuture().setException(new java.io.IOException("connection closed"));
        }
    }

    @Override
    public void filterWrite(NextFilter nextFilter, IoSession session, WriteRequest writeRequest) {
        ReadBatch batch = readBatches.get();
        if (batch.session == session) {
            if (writeRequest.getMessage() instanceof IoBuffer buffer && buffer.hasRemaining()
                    && writeRequest.getDestination() == null) {
                batch.add(writeRequest, buffer);
                if (batch.bytes >= MAX_READ_BATCH_BYTES) {
                    forward(nextFilter, session, batch.take(session));
                }
                return;
            }
            WriteRequest merged = batch.take(session); // keeps its place ahead of this write
            if (merged != null) {
                forward(nextFilter, session, merged);
            }
        }
        forward(nextFilter, session, writeRequest);
    }

    private void forward(NextFilter nextFilter, IoSession session, WriteRequest writeRequest) {
        State state = state(session);
        if (state == null) {
            nextFilter.filterWrite(session, writeRequest);
            return;
        }
        boolean suspend = false;
        WriteRequest forward = null;
        synchronized (state) {
            if (state.held.isEmpty() && canPass(state, writeRequest)) {
                forward = admit(state, writeRequest);
            } else {
                state.held.add(writeRequest);
                state.heldBytes += size(writeRequest);
                if (state.heldBytes > HIGH_WATER_BYTES && !state.readSuspended) {
                    state.readSuspended = true;
                    suspend = true;
                }
            }
        }
        if (suspend) {
            session.suspendRead();
        }
        if (forward != null) {
            nextFilter.filterWrite(session, forward);
        }
    }

    @Override
    public void messageSent(NextFilter nextFilter, IoSession session, WriteRequest writeRequest) {
        State state = state(session);
        if (state == null) {
            nextFilter.messageSent(session, writeRequest);
            return;
        }
        WriteRequest sent = writeRequest;
        if (writeRequest instanceof PassThrough passThrough) {
            sent = passThrough.original;
            if (DrainRequestFilter.isLastReplyMarker(sent)) {
                tls.sendCloseNotify(session); // every reply before it is out: close_notify, then the close
            }
        }
        java.util.List<WriteRequest> release = new java.util.ArrayList<>(2);
        boolean resume = false;
        synchronized (state) {
            if (state.inFlight > 0) {
                state.inFlight--;
            }
            while (!state.held.isEmpty() && canPass(state, state.held.peek())) {
                WriteRequest next = state.held.poll();
                state.heldBytes -= size(next);
                release.add(admit(state, next));
            }
            if (state.readSuspended && state.heldBytes < LOW_WATER_BYTES) {
                state.readSuspended = false;
                resume = true;
            }
        }
        for (WriteRequest next : release) {
            nextFilter.filterWrite(session, next);
        }
        if (resume && !DrainRequestFilter.isDraining(session)) {
            session.resumeRead();
        }
        if (sent instanceof MergedWrite merged) {
            for (WriteRequest part : merged.parts) {
                nextFilter.messageSent(session, part); // its future completed with the merged one's
            }
            return;
        }
        nextFilter.messageSent(session, sent);
    }

    /** An empty write waits until nothing is in flight (so it is ordered after them); others up to the limit. */
    private static boolean canPass(State state, WriteRequest request) {
        return isEmpty(request) ? state.inFlight == 0 : state.inFlight < MAX_IN_FLIGHT;
    }

    private static WriteRequest admit(State state, WriteRequest request) {
        state.inFlight++;
        return isEmpty(request) ? new PassThrough(request) : request;
    }

    private static boolean isEmpty(WriteRequest request) {
        return request.getMessage() instanceof IoBuffer buffer && !buffer.hasRemaining();
    }

    private static long size(WriteRequest request) {
        return request.getMessage() instanceof IoBuffer buffer ? buffer.remaining() : 0;
    }

    /** The replies one I/O thread writes to the session whose socket read it hands up. */
    private static final class ReadBatch {
        IoSession session;
        WriteRequest first;
        /** The merged bytes once the batch holds two writes or more. */
        byte[] merged;
        List<WriteRequest> parts;
        int bytes;

        void add(WriteRequest request, IoBuffer buffer) {
            if (first == null) {
                first = request;
                bytes = buffer.remaining();
                return;
            }
            if (merged == null) {
                IoBuffer firstBuffer = (IoBuffer) first.getMessage();
                int two = firstBuffer.remaining() + buffer.remaining();
                merged = new byte[Math.max(two, Math.min(MAX_READ_BATCH_BYTES, 4 * two))];
                bytes = 0;
                append(firstBuffer);
                parts = new ArrayList<>(8);
                parts.add(first);
            }
            append(buffer);
            parts.add(request);
        }

        private void append(IoBuffer buffer) {
            int n = buffer.remaining();
            merged = MergedBytes.append(merged, bytes, buffer, MAX_READ_BATCH_BYTES);
            bytes += n;
        }

        /** What the batch holds as one write (the lone write itself when it holds one), or null. */
        WriteRequest take(IoSession session) {
            if (first == null) {
                return null;
            }
            WriteRequest out = merged == null ? first : new MergedWrite(session, IoBuffer.wrap(merged, 0, bytes), parts);
            first = null;
            merged = null;
            parts = null;
            bytes = 0;
            return out;
        }
    }

    /** Several replies as one write to TLS; its outcome is theirs. */
    private static final class MergedWrite extends DefaultWriteRequest {
        final List<WriteRequest> parts;

        MergedWrite(IoSession session, IoBuffer bytes, List<WriteRequest> parts) {
            super(bytes, new PartsWriteFuture<>(session, parts, WriteRequest::getFuture));
            this.parts = parts;
        }
    }

    @Override
    public void sessionClosed(NextFilter nextFilter, IoSession session) {
        State state = (State) session.removeAttribute(STATE);
        if (state != null) {
            synchronized (state) {
                for (WriteRequest request : state.held) {
                    request.getFuture().setException(new java.io.IOException("connection closed"));
                }
                state.held.clear();
            }
        }
        nextFilter.sessionClosed(session);
    }
}
