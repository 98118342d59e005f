package dev.tsserver.core.chain;

import java.time.Duration;

import dev.tsserver.codec.spi.GuardedCodecFactory;
import dev.tsserver.codec.spi.GuardedCodecFactory.PartialFrame;
import dev.tsserver.codec.spi.PartialFrameReporter;
import dev.tsserver.core.Addresses;
import dev.tsserver.core.edge.PeerAddress;
import dev.tsserver.core.logging.RateLimitedLog;
import org.apache.mina.core.filterchain.IoFilter;
import org.apache.mina.core.filterchain.IoFilterAdapter;
import org.apache.mina.core.session.AttributeKey;
import org.apache.mina.core.session.IdleStatus;
import org.apache.mina.core.session.IoSession;
import org.apache.mina.filter.codec.ProtocolCodecFactory;
import org.slf4j.LoggerFactory;

/**
 * A partial frame must be completed within a time limit, whatever the codec: the answer to a
 * slowloris, which keeps a connection (and its partial frame) alive by trickling a byte at a
 * time, each byte resetting the idle timer. Like nginx's {@code client_header_timeout} or
 * Apache's {@code mod_reqtimeout}.
 *
 * <p>Two filters around the codec share one clock per connection: {@link #readSide()} (socket
 * side) sees the input, {@link #messageSide()} (handler side) sees each decoded message. The
 * first read after the last decoded message starts the clock; a decoded message stops it. A
 * connection whose clock has run longer than the limit is closed, checked on each read (a
 * trickle) and on MINA's reader-idle event (input that went silent; set the session's reader
 * idle time to the limit), so it closes at the latest twice the limit after its partial frame
 * began. Input held back by {@link ReplyMemoryFilter} (the server's doing, not the peer's) does
 * not count: a connection whose reading is suspended is never closed by this filter.
 *
 * <p>A read can complete a message and begin the next one. A codec whose decoder says whether
 * it holds part of a frame ({@link PartialFrameReporter}: the built-in line and length codecs)
 * is asked after each read: the begun frame is timed from that read, and a read that leaves
 * nothing behind (the end of a skipped over-long line) stops the clock. Otherwise a decoded
 * message stops the clock and the partial tail is timed from the next read that adds to it, so
 * a peer that sends one complete message and one new partial byte in every read is never timed
 * out (a plug-in codec that does not report).
 */
public final class FrameDeadlineFilter {

    private static final AttributeKey STARTED = new AttributeKey(FrameDeadlineFilter.class, "partial-since");

    private final long limitMillis;
    private final RateLimitedLog log = new RateLimitedLog(LoggerFactory.getLogger(FrameDeadlineFilter.class));
    private final IoFilter readSide = new ReadSide();
    private final IoFilter messageSide = new MessageSide();
    /** Asked whether a partial frame is left after a read; null: judge from decoded messages. */
    private final GuardedCodecFactory codec;

    /** A deadline timed from the reads alone, for any codec. */
    public FrameDeadlineFilter(Duration limit) {
        this(limit, null);
    }

    /**
     * @param codec the codec filter's factory; when it is a {@link GuardedCodecFactory}, its
     *              decoders are asked whether a partial frame is left after each read
     */
    public FrameDeadlineFilter(Duration limit, ProtocolCodecFactory codec) {
        if (limit.isNegative() || limit.isZero()) {
            throw new IllegalArgumentException("frame timeout must be positive, was " + limit);
        }
        this.limitMillis = limit.toMillis();
        this.codec = codec instanceof GuardedCodecFactory guarded ? guarded : null;
    }

    /** Goes on the socket side of the codec. */
    public IoFilter readSide() {
        return readSide;
    }

    /** Goes right after the codec, before any executor. */
    public IoFilter messageSide() {
        return messageSide;
    }

    private static final class Clock {
        /** When the pending input began ({@code currentTimeMillis}); 0: nothing pending. */
        long since;
        boolean decoded;
    }

    private static Clock clock(IoSession session) {
        Clock clock = (Clock) session.getAttribute(STARTED);
        if (clock == null) {
            clock = new Clock();
            session.setAttribute(STARTED, clock);
        }
        return clock;
    }

    private void closeIfOverdue(IoSession session, Clock clock, long now) {
        if (clock.since != 0 && now - clock.since >= limitMillis && !session.isReadSuspended()
                && !session.isClosing()) {
            log.warn("closing {}: partial frame not completed within {} s", Addresses.format(PeerAddress.of(session)),
                    limitMillis / 1000.0);
            clock.since = 0;
            CloseReason.LIMIT.mark(session);
            session.closeNow();
        }
    }

    private final class ReadSide extends IoFilterAdapter {
        @Override
        public void messageReceived(NextFilter nextFilter, IoSession session, Object message) {
            Clock clock = clock(session);
            clock.decoded = false;
            nextFilter.messageReceived(session, message);
            long now = System.currentTimeMillis();
            PartialFrame left = codec == null || session.isClosing() ? PartialFrame.UNKNOWN : codec.partialFrame(session);
            if (left == PartialFrame.NONE) {
                clock.since = 0;
            } else if (clock.decoded) {
                // The frame left behind (if the codec cannot say: none) began in this read.
                clock.since = left == PartialFrame.HELD ? now : 0;
            } else if (clock.since == 0) {
                clock.since = now;
            } else {
                closeIfOverdue(session, clock, now);
            }
        }

        @Override
        public void sessionIdle(NextFilter nextFilter, IoSession session, IdleStatus status) {
            if (status == IdleStatus.READER_IDLE) {
                Clock clock = (Clock) session.getAttribute(STARTED);
                if (clock != null) {
                    closeIfOverdue(session, clock, System.currentTimeMillis());
                }
            }
            nextFilter.sessionIdle(session, status);
        }
    }

    private static final class MessageSide extends IoFilterAdapter {
        @Override
        public void messageReceived(NextFilter nextFilter, IoSession session, Object message) {
            Clock clock = (Clock) session.getAttribute(STARTED);
            if (clock != null) {
                clock.decoded = true;
            }
            nextFilter.messageReceived(session, message);
        }
    }
}
