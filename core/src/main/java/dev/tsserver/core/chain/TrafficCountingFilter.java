package dev.tsserver.core.chain;

import dev.tsserver.core.ServerStats;
import org.apache.mina.core.buffer.IoBuffer;
import org.apache.mina.core.filterchain.IoFilterAdapter;
import org.apache.mina.core.session.IoSession;
import org.apache.mina.core.write.WriteRequest;

/**
 * Counts the bytes a server reads from and writes to its sockets into {@link ServerStats}.
 * It sits first in the chain, on the socket side, so it sees each read as the socket gave it
 * and each encoded write as it goes to the socket's queue. Writes are counted there and not on
 * {@code messageSent}: MINA fires no {@code messageSent} for a codec's encoded writes, and
 * leaves a written buffer empty. A write still queued when a connection is dropped at a stop
 * deadline is counted though never delivered. One {@code LongAdder.add} per read and per
 * write: no lock, and nothing from MINA's {@code IoServiceStatistics}.
 */
public final class TrafficCountingFilter extends IoFilterAdapter {

    private final ServerStats stats;

    public TrafficCountingFilter(ServerStats stats) {
        this.stats = stats;
    }

    @Override
    public void messageReceived(NextFilter nextFilter, IoSession session, Object message) {
        countRead(message);
        nextFilter.messageReceived(session, message);
    }

    @Override
    public void filterWrite(NextFilter nextFilter, IoSession session, WriteRequest writeRequest) {
        countWrite(writeRequest);
        nextFilter.filterWrite(session, writeRequest);
    }

    /** Counts a read's bytes (what {@link #messageReceived} does before passing it on). */
    void countRead(Object message) {
        if (message instanceof IoBuffer buffer) {
            stats.bytesReceived(buffer.remaining());
        }
    }

    /** Counts a write's bytes (what {@link #filterWrite} does before passing it on). */
    void countWrite(WriteRequest writeRequest) {
        if (writeRequest.getMessage() instanceof IoBuffer buffer) {
            stats.bytesSent(buffer.remaining());
        }
    }
}
