package dev.tsserver.core.internal;

import java.io.IOException;

import dev.tsserver.codec.EncodablePayload;
import dev.tsserver.codec.Payloads;
import dev.tsserver.core.Addresses;
import dev.tsserver.core.ServerStats;
import dev.tsserver.core.TsServerConfig;
import dev.tsserver.core.edge.PeerAddress;
import org.apache.mina.core.buffer.IoBuffer;
import org.apache.mina.core.filterchain.IoFilterAdapter;
import org.apache.mina.core.session.IoSession;
import org.apache.mina.core.write.WriteRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gives UDP handlers the same message type as TCP ones: each datagram goes up as one
 * {@code byte[]}, and a {@code byte[]} or {@link EncodablePayload} written back goes down as one
 * datagram. Not a MINA codec: a datagram is already one message, and an accumulating decoder on
 * a datagram session can wedge MINA's single UDP thread (docs: MINA notes).
 *
 * <p>The SPEC's size rules live here, so they hold for every protocol: a datagram over
 * {@code maxFrame} is dropped and counted before any handler sees it; a reply that would not
 * fit one datagram (65,507 bytes) is dropped and counted, never truncated.
 */
public final class DatagramPayloadFilter extends IoFilterAdapter {

    private static final Logger LOG = LoggerFactory.getLogger(DatagramPayloadFilter.class);

    private final int maxFrame;
    private final ServerStats stats;

    public DatagramPayloadFilter(int maxFrame, ServerStats stats) {
        if (maxFrame < 1) {
            throw new IllegalArgumentException("max frame must be at least 1 byte, was " + maxFrame);
        }
        this.maxFrame = maxFrame;
        this.stats = stats;
    }

    @Override
    public void messageReceived(NextFilter nextFilter, IoSession session, Object message) {
        if (!(message instanceof IoBuffer datagram)) {
            nextFilter.messageReceived(session, message);
            return;
        }
        int size = datagram.remaining();
        if (size > maxFrame) {
            stats.datagramDropped(ServerStats.DatagramDropReason.OVERSIZE);
            LOG.debug("dropped a {}-byte datagram from {} (max frame {})", size,
                    Addresses.format(PeerAddress.of(session)), maxFrame);
            return;
        }
        byte[] payload = new byte[size];
        datagram.get(payload);
        nextFilter.messageReceived(session, payload);
    }

    @Override
    public void filterWrite(NextFilter nextFilter, IoSession session, WriteRequest writeRequest) throws Exception {
        Object message = writeRequest.getMessage();
        if (message instanceof byte[] || message instanceof EncodablePayload) {
            int size = Payloads.sizeOf(message);
            if (size > TsServerConfig.MAX_DATAGRAM_PAYLOAD) {
                stats.datagramDropped(ServerStats.DatagramDropReason.REPLY_TOO_LARGE);
                LOG.debug("dropped a {}-byte reply to {}: over one datagram", size,
                        Addresses.format(PeerAddress.of(session)));
                writeRequest.getFuture().setException(
                        new IOException("reply of " + size + " bytes does not fit one datagram"));
                return;
            }
            IoBuffer datagram;
            IoBuffer lent = null;
            if (message instanceof byte[] bytes) {
                datagram = IoBuffer.wrap(bytes);
            } else {
                lent = DatagramReplyBuffer.lend(size);
                datagram = lent != null ? lent : IoBuffer.allocate(size, false);
                ((EncodablePayload) message).writeTo(datagram);
                datagram.flip();
            }
            writeRequest.setMessage(datagram);
            stats.datagramAnswered();
            if (lent != null) {
                try {
                    nextFilter.filterWrite(session, writeRequest);
                } finally {
                    DatagramReplyBuffer.giveBack(writeRequest, lent);
                }
                return;
            }
        } else if (message instanceof IoBuffer) {
            stats.datagramAnswered();
        }
        nextFilter.filterWrite(session, writeRequest);
    }
}
