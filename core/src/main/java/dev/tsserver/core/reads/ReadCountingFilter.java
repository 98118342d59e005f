package dev.tsserver.core.reads;

import dev.tsserver.core.edge.PeerAddress;
import org.apache.mina.core.buffer.IoBuffer;
import org.apache.mina.core.filterchain.IoFilterAdapter;
import org.apache.mina.core.session.AttributeKey;
import org.apache.mina.core.session.IoSession;

/**
 * Counts the reads of each peer into a {@link ReadLedger}. Placed first in the chain, on the
 * socket side of the codec, it sees each {@link IoBuffer} exactly as one read produced it: on
 * TCP, whatever bytes the socket had when the server read (several messages, or part of one);
 * on UDP, one datagram. Off unless the server is built with read counting, so the normal path
 * pays nothing.
 */
public final class ReadCountingFilter extends IoFilterAdapter {

    private static final AttributeKey COUNTER = new AttributeKey(ReadCountingFilter.class, "counter");

    private final ReadLedger ledger;
    private final String transport;

    /** @param transport {@code "tcp"} or {@code "udp"}: the ledger's key alongside the peer address */
    public ReadCountingFilter(ReadLedger ledger, String transport) {
        this.ledger = ledger;
        this.transport = transport;
    }

    @Override
    public void messageReceived(NextFilter nextFilter, IoSession session, Object message) {
        if (message instanceof IoBuffer buffer) {
            counterOf(session).record(buffer.remaining());
        }
        nextFilter.messageReceived(session, message);
    }

    private ReadLedger.Counter counterOf(IoSession session) {
        ReadLedger.Counter counter = (ReadLedger.Counter) session.getAttribute(COUNTER);
        if (counter == null) {
            counter = ledger.counterFor(transport, PeerAddress.of(session));
            session.setAttribute(COUNTER, counter);
        }
        return counter;
    }
}
