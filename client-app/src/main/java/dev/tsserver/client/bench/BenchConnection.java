package dev.tsserver.client.bench;

import java.nio.ByteBuffer;
import java.nio.channels.ByteChannel;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;

import dev.tsserver.client.tls.TlsChannel;

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
    /** With {@code --reconnect}: how long this connection has been without replies, and when to try again. */
    final Outage outage = new Outage();

    SelectableChannel channel;
    /** What requests are written to and replies read from: the channel itself, or {@link #tls} over it. */
    ByteChannel io;
    /** With {@code --tls}: the TLS session over {@link #channel}; null otherwise. */
    TlsChannel tls;
    /** Connected, TLS handshake under way: not yet {@link #open}. */
    boolean handshaking;
    SelectionKey key;
    boolean open;
    boolean wantsWrite;
    /** UDP: {@link #out} holds a datagram that could not be sent yet. */
    boolean datagramPending;
    /** Listed among the worker's connections with requests to write. */
    boolean dirty;
    long connectStartNanos;
    /** Which of the server's addresses this connection tries or uses. */
    int addressIndex;
    /** Lost, and waiting to be connected again (with {@code --reconnect}). */
    boolean reconnecting;
    /** When the next reconnect attempt is due; meaningful while {@link #reconnecting}. */
    long reconnectAtNanos;
    /** Last time a reply came, or the connection became busy or was connected again: for stalls. */
    long progressNanos;
    /** Last reply, or when the connection became busy after being idle: for the longest gap. */
    long lastReplyNanos;

    BenchConnection(int id, int outstandingCapacity, int outCapacity, int inCapacity) {
        this.id = id;
        this.seqBase = (long) id << SEQ_BASE_SHIFT;
        this.outstanding = new Outstanding(outstandingCapacity);
        this.out = ByteBuffer.allocateDirect(outCapacity);
        this.in = ByteBuffer.allocateDirect(inCapacity);
        this.scratch = in.duplicate();
    }

    /** Whether requests may be given to it: connected, or about to be connected again. */
    boolean usable() {
        return open || reconnecting;
    }

    /** Asks the selector for writability, or stops asking. No-op without a selection key (in tests). */
    void wantWrite(boolean write) {
        if (wantsWrite != write) {
            wantsWrite = write;
            if (key != null) {
                key.interestOps(write ? SelectionKey.OP_READ | SelectionKey.OP_WRITE : SelectionKey.OP_READ);
            }
        }
    }

    /** Whether encrypted bytes wait for room in the socket (the selector must report writability). */
    boolean outputPending() {
        return tls != null && tls.wantsWrite();
    }

    /** Requests written but not answered (UDP replies may come out of order). */
    long unanswered() {
        long count = 0;
        for (int k = 0; k < outstanding.inFlight(); k++) {
            if (!outstanding.answeredAt(k)) {
                count++;
            }
        }
        return count;
    }
}
