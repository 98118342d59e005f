package dev.tsserver.core.chain;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import dev.tsserver.codec.FrameTooLongException;
import dev.tsserver.core.Addresses;
import dev.tsserver.core.Failures;
import dev.tsserver.core.ServerStats;
import dev.tsserver.core.edge.PeerAddress;
import dev.tsserver.core.logging.RateLimitedLog;
import org.apache.mina.core.filterchain.IoFilterAdapter;
import org.apache.mina.core.session.IoSession;
import org.apache.mina.core.write.WriteTimeoutException;
import org.apache.mina.filter.codec.ProtocolDecoderException;
import org.apache.mina.filter.codec.ProtocolEncoderException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The SPEC's error rules, applied whatever handler is installed:
 * <ul>
 *   <li>a frame too long but recoverable (line): tell the peer one line, keep the connection;</li>
 *   <li>any other decoding error (a bad length prefix): log it, close that connection once the
 *       replies to the messages before the bad frame are flushed;</li>
 *   <li>a reply the codec cannot frame (too long for a 1- or 2-byte length): log, close the same
 *       way;</li>
 *   <li>I/O errors (reset by peer) and write timeouts: close, logged at DEBUG.</li>
 * </ul>
 * Log lines are one line each, at most 10 of each kind per 10 s ({@link RateLimitedLog}); a
 * decoder's hexdump never reaches the log. Errors that are none
 * of these go on to the handler.
 */
public final class ProtocolErrorFilter extends IoFilterAdapter {

    private static final Logger LOG = LoggerFactory.getLogger(ProtocolErrorFilter.class);

    private final ServerStats stats;
    private final RateLimitedLog decodeErrors = new RateLimitedLog(LOG);
    private final RateLimitedLog encodeErrors = new RateLimitedLog(LOG);
    private final RateLimitedLog writeTimeouts = new RateLimitedLog(LOG);

    public ProtocolErrorFilter(ServerStats stats) {
        this.stats = stats;
    }

    @Override
    public void exceptionCaught(NextFilter nextFilter, IoSession session, Throwable cause) {
        if (cause instanceof FrameTooLongException tooLong) {
            stats.protocolError(ServerStats.ProtocolErrorKind.FRAME_TOO_LONG);
            LOG.debug("{}: {}", peer(session), tooLong.getMessage());
            session.write(tooLong.peerNotice().getBytes(StandardCharsets.US_ASCII));
        } else if (cause instanceof ProtocolDecoderException) {
            stats.protocolError(Failures.rootCause(cause) instanceof FrameTooLongException
                    ? ServerStats.ProtocolErrorKind.FRAME_TOO_LONG : ServerStats.ProtocolErrorKind.CORRUPT_FRAME);
            CloseReason.ERROR.mark(session);
            decodeErrors.warn("closing {}: {}", peer(session), messageOf(cause));
            DrainRequestFilter.drain(session);
        } else if (cause instanceof ProtocolEncoderException) {
            stats.protocolError(ServerStats.ProtocolErrorKind.UNFRAMEABLE_REPLY);
            CloseReason.ERROR.mark(session);
            encodeErrors.warn("closing {}: cannot frame reply: {}", peer(session), messageOf(cause));
            DrainRequestFilter.drain(session);
        } else if (cause instanceof WriteTimeoutException) {
            CloseReason.LIMIT.mark(session);
            writeTimeouts.info("closing {}: replies not read for {} s", peer(session), session.getConfig().getWriteTimeout());
            session.closeNow();
        } else if (cause instanceof IOException) {
            LOG.debug("closing {}: {}", peer(session), cause.toString());
            CloseReason.ERROR.mark(session);
            session.closeNow();
        } else {
            nextFilter.exceptionCaught(session, cause);
        }
    }

    private static String peer(IoSession session) {
        return Addresses.format(PeerAddress.of(session));
    }

    /** The innermost message: MINA wraps encoder errors and appends hexdumps to decoder errors. */
    private static String messageOf(Throwable cause) {
        Throwable root = Failures.rootCause(cause);
        String message = root.getMessage();
        if (message == null) {
            return root.getClass().getSimpleName();
        }
        int hexdump = message.indexOf(" (Hexdump:");
        return hexdump < 0 ? message : message.substring(0, hexdump);
    }
}
