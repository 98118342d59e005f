package dev.tsserver.core.chain;

import org.apache.mina.core.filterchain.IoFilterAdapter;
import org.apache.mina.core.session.IoSession;
import org.apache.mina.core.write.WriteRequest;

/**
 * Bounds the replies queued for a peer that sends but does not read. MINA queues writes
 * without limit; here, once a session's scheduled write bytes pass {@code high}, the server
 * stops reading from that session (so it makes no more replies), and once they fall below
 * {@code low}, reading resumes. Suspending rather than closing keeps a slow but honest reader
 * connected; one that never reads is closed by the write timeout or the idle timeout.
 *
 * <p>Sits on the socket side of the codec, so it sees encoded bytes. The per-write cost is two
 * field reads.
 */
public final class WriteBackpressureFilter extends IoFilterAdapter {

    private final int highWaterMark;
    private final int lowWaterMark;

    public WriteBackpressureFilter(int lowWaterMark, int highWaterMark) {
        if (lowWaterMark < 0 || highWaterMark <= lowWaterMark) {
            throw new IllegalArgumentException("need 0 <= low < high, got low=" + lowWaterMark + " high=" + highWaterMark);
        }
        this.highWaterMark = highWaterMark;
        this.lowWaterMark = lowWaterMark;
    }

    @Override
    public void filterWrite(NextFilter nextFilter, IoSession session, WriteRequest writeRequest) {
        nextFilter.filterWrite(session, writeRequest);
        if (session.getScheduledWriteBytes() > highWaterMark && !session.isReadSuspended()) {
            session.suspendRead();
        }
    }

    @Override
    public void messageSent(NextFilter nextFilter, IoSession session, WriteRequest writeRequest) {
        if (session.isReadSuspended() && session.getScheduledWriteBytes() < lowWaterMark
                && !DrainRequestFilter.isDraining(session)) {
            session.resumeRead();
        }
        nextFilter.messageSent(session, writeRequest);
    }
}
