package dev.tsserver.client.bench;

import java.nio.ByteBuffer;
import java.nio.channels.ByteChannel;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;

/**
 * One connection of a load worker (a TCP socket, or a connected UDP socket) with its buffers
 * and outstanding requests. Owned and touched by one worker thread only.
 */
final class BenchConnection {

    /** Sequence numbers of connection {@code id} start at {@code id << 40}: unique per run. */
    private static final int SEQ_BASE_SHIFT = 40;

    final int id;
    final long seqBase;
    final Outstanding outstanding;
    /** Requests encoded and not yet written (TCP), or the datagram about to be sent (UDP). */
    final ByteBuffer out;
    /** Received bytes not yet parsed. */
    final ByteBuffer in;
    /** A second view of {@link #in} for in-place comparisons. */
    final ByteBuffer scratch;

    SelectableChannel channel;
    ByteChannel io;
    SelectionKey key;
    boolean open;
    boolean wantsWrite;
    /** UDP: {@link #out} holds a datagram that could not be sent yet. */
    boolean datagramPending;
    /** Listed among the worker's connections with requests to write. */
    boolean dirty;
    long connectStartNanos;

    BenchConnection(int id, int outstandingCapacity, int outCapacity, int inCapacity) {
        this.id = id;
        this.seqBase = (long) id << SEQ_BASE_SHIFT;
        this.outstanding = new Outstanding(outstandingCapacity);
        this.out = ByteBuffer.allocateDirect(outCapacity);
        this.in = ByteBuffer.allocateDirect(inCapacity);
        this.scratch = in.duplicate();
    }
}
