package dev.tsserver.core;

import dev.tsserver.core.time.TimestampFormatter;
import org.apache.mina.core.buffer.IoBuffer;
import org.apache.mina.core.service.IoHandlerAdapter;
import org.apache.mina.core.session.IoSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers each UDP datagram with one datagram {@code [TIMESTAMP] payload} to its sender. No
 * codec: a datagram is already one message, and an accumulating decoder on a datagram session
 * can wedge MINA's single UDP thread. A datagram over {@code maxFrame}, or one whose reply
 * would not fit one datagram, is dropped and counted, never truncated.
 */
public final class DatagramReplyHandler extends IoHandlerAdapter {

    private static final Logger LOG = LoggerFactory.getLogger(DatagramReplyHandler.class);

    private final TimestampFormatter formatter;
    private final int maxFrame;
    private final ServerStats stats;

    public DatagramReplyHandler(TimestampFormatter formatter, int maxFrame, ServerStats stats) {
        this.formatter = formatter;
        this.maxFrame = maxFrame;
        this.stats = stats;
    }

    @Override
    public void messageReceived(IoSession session, Object message) {
        IoBuffer datagram = (IoBuffer) message;
        int size = datagram.remaining();
        byte[] prefix = formatter.prefix();
        if (size > maxFrame || prefix.length + size > TsServerConfig.MAX_DATAGRAM_PAYLOAD) {
            stats.datagramDropped(size > maxFrame ? ServerStats.DatagramDropReason.OVERSIZE
                    : ServerStats.DatagramDropReason.REPLY_TOO_LARGE);
            LOG.debug("dropped a {}-byte datagram from {} (max frame {})", size,
                    Addresses.format(session.getRemoteAddress()), maxFrame);
            return;
        }
        IoBuffer reply = IoBuffer.allocate(prefix.length + size, false);
        reply.put(prefix).put(datagram).flip();
        session.write(reply);
        stats.datagramAnswered();
    }

    @Override
    public void exceptionCaught(IoSession session, Throwable cause) {
        LOG.debug("UDP error for {}: {}", Addresses.format(session.getRemoteAddress()), cause.toString());
    }
}
