package dev.tsserver.core;

import dev.tsserver.core.edge.PeerAddress;
import dev.tsserver.core.time.TimestampFormatter;
import org.apache.mina.core.service.IoHandlerAdapter;
import org.apache.mina.core.session.IoSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers each decoded message ({@code byte[]}) on a stream connection with
 * {@code [TIMESTAMP] payload}. The codec frames the reply. Stateless; one instance serves every
 * session. Never blocks, so it can run on the I/O threads.
 */
public final class TimestampReplyHandler extends IoHandlerAdapter {

    private static final Logger LOG = LoggerFactory.getLogger(TimestampReplyHandler.class);

    private final TimestampFormatter formatter;
    private final ServerStats stats;

    public TimestampReplyHandler(TimestampFormatter formatter, ServerStats stats) {
        this.formatter = formatter;
        this.stats = stats;
    }

    @Override
    public void messageReceived(IoSession session, Object message) {
        session.write(new TimestampedReply(formatter.prefix(), (byte[]) message));
        stats.messageAnswered();
    }

    @Override
    public void exceptionCaught(IoSession session, Throwable cause) {
        LOG.warn("closing {} after an unexpected error", Addresses.format(PeerAddress.of(session)), cause);
        session.closeNow();
    }

    /** End of input is handled by the drain filters; never close early here. */
    @Override
    public void inputClosed(IoSession session) {
        // the orderly close is already under way
    }
}
