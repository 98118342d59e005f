package dev.tsserver.core.edge;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Arrays;

import dev.tsserver.core.Addresses;
import dev.tsserver.core.logging.RateLimitedLog;
import org.apache.mina.core.buffer.IoBuffer;
import org.apache.mina.core.filterchain.IoFilterAdapter;
import org.apache.mina.core.session.AttributeKey;
import org.apache.mina.core.session.IdleStatus;
import org.apache.mina.core.session.IoSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the PROXY protocol header a load balancer sends before anything else, and makes its
 * source address the session's peer ({@link PeerAddress}). First in the chain: the header comes
 * before TLS bytes, as HAProxy sends it.
 *
 * <p>From a peer inside {@code --proxy-trusted}, a header is required: {@code sessionOpened} is
 * held back until it has been read, so nothing behind this filter (the connection log, access
 * control, per-source limits, a protocol that writes on connect) runs before the real client
 * is known. Bytes after the header in the same read are passed on. A peer outside the trusted
 * set is a direct client: it is served as it is, but if its first bytes are a PROXY header it is
 * trying to claim an address it does not have, and is closed.
 *
 * <p>Failures (no header, malformed, over-long, a header from an untrusted peer, or no complete
 * header within the timeout) close the connection before any reply, are counted, and are
 * logged at WARN, at most one line a second. The timeout runs from the connection's creation,
 * so a header trickled a byte at a time cannot hold a connection open; it is checked on every
 * read and on reader-idle events, which this filter turns on (every second) while it waits.
 */
public final class ProxyProtocolFilter extends IoFilterAdapter {

    private static final Logger LOG = LoggerFactory.getLogger(ProxyProtocolFilter.class);
    private static final AttributeKey STATE = new AttributeKey(ProxyProtocolFilter.class, "state");
    /** Largest amount kept while waiting: the longest v2 header plus one read after it. */
    private static final int MAX_BUFFERED = ProxyHeaderParser.V2_MAX_LENGTH + 64 * 1024;

    private final ProxyProtocolSettings settings;
    private final EdgeStats stats;
    private final RateLimitedLog failures = RateLimitedLog.onePer(LOG, Duration.ofSeconds(1));

    public ProxyProtocolFilter(ProxyProtocolSettings settings, EdgeStats stats) {
        if (!settings.enabled()) {
            throw new IllegalArgumentException("the PROXY protocol is off in these settings");
        }
        this.settings = settings;
        this.stats = stats;
    }

    /** What one connection has received and decided so far; dropped once the header is done. */
    private static final class HeaderState {
        final boolean trusted;
        final long deadlineNanos;
        byte[] received = new byte[0];
        int length;
        boolean openedHeld;
        boolean failed;

        HeaderState(boolean trusted, long deadlineNanos) {
            this.trusted = trusted;
            this.deadlineNanos = deadlineNanos;
        }

        void append(IoBuffer buffer) {
            int n = buffer.remaining();
            if (length + n > received.length) {
                received = Arrays.copyOf(received, Math.max(length + n, Math.min(2 * received.length, MAX_BUFFERED)));
            }
            buffer.get(received, length, n);
            length += n;
        }

        boolean expired(long now) {
            return now - deadlineNanos >= 0;
        }
    }

    @Override
    public void sessionCreated(NextFilter nextFilter, IoSession session) {
        InetSocketAddress peer = session.getRemoteAddress() instanceof InetSocketAddress inet ? inet : null;
        boolean trusted = peer != null && peer.getAddress() != null && settings.trusts(peer.getAddress());
        session.setAttribute(STATE, new HeaderState(trusted, System.nanoTime() + settings.headerTimeout().toNanos()));
        session.getConfig().setIdleTime(IdleStatus.READER_IDLE, 1);
        nextFilter.sessionCreated(session);
    }

    @Override
    public void sessionOpened(NextFilter nextFilter, IoSession session) {
        HeaderState state = (HeaderState) session.getAttribute(STATE);
        if (state != null && state.trusted) {
            state.openedHeld = true; // fired once the header has named the client
            return;
        }
        nextFilter.sessionOpened(session);
    }

    @Override
    public void messageReceived(NextFilter nextFilter, IoSession session, Object message) {
        HeaderState state = (HeaderState) session.getAttribute(STATE);
        if (state == null || !(message instanceof IoBuffer buffer)) {
            nextFilter.messageReceived(session, message);
            return;
        }
        if (state.failed) {
            return;
        }
        if (state.expired(System.nanoTime())) {
            fail(session, state, "no complete header within " + settings.headerTimeout().toMillis() + " ms");
            return;
        }
        if (state.length + buffer.remaining() > MAX_BUFFERED) {
            fail(session, state, "header over " + ProxyHeaderParser.V2_MAX_LENGTH + " bytes");
            return;
        }
        state.append(buffer);
        if (state.trusted) {
            readHeader(nextFilter, session, state);
        } else {
            screenUntrusted(nextFilter, session, state);
        }
    }

    private void readHeader(NextFilter nextFilter, IoSession session, HeaderState state) {
        ProxyHeader header;
        try {
            header = ProxyHeaderParser.parse(state.received, state.length, settings.mode().acceptsV1(),
                    settings.mode().acceptsV2());
        } catch (ProxyHeaderException e) {
            fail(session, state, e.getMessage());
            return;
        }
        if (header == null) {
            return;
        }
        if (!header.keepsSocketAddresses()) {
            PeerAddress.setCarried(session, header.source());
        }
        finish(session);
        if (state.openedHeld) {
            nextFilter.sessionOpened(session);
        }
        passOn(nextFilter, session, state, header.length());
    }

    private void screenUntrusted(NextFilter nextFilter, IoSession session, HeaderState state) {
        switch (ProxyHeaderParser.sniff(state.received, state.length)) {
            case HEADER -> fail(session, state, "PROXY header from a peer outside --proxy-trusted");
            case UNDECIDED -> {
                // a few bytes that could begin a header: wait for the next read (or the deadline)
            }
            case NOT_A_HEADER -> {
                finish(session);
                passOn(nextFilter, session, state, 0);
            }
        }
    }

    private static void passOn(NextFilter nextFilter, IoSession session, HeaderState state, int from) {
        if (state.length > from && !session.isClosing()) {
            nextFilter.messageReceived(session, IoBuffer.wrap(state.received, from, state.length - from));
        }
    }

    /** The header phase is over: the hot path from now on is one attribute lookup. */
    private static void finish(IoSession session) {
        session.removeAttribute(STATE);
        session.getConfig().setIdleTime(IdleStatus.READER_IDLE, 0);
    }

    private void fail(IoSession session, HeaderState state, String why) {
        state.failed = true;
        state.received = null;
        session.suspendRead();
        session.closeNow();
        stats.proxyHeaderFailed();
        failures.warn("PROXY protocol: {} (peer {}); connection closed", why, Addresses.format(session.getRemoteAddress()));
    }

    @Override
    public void sessionIdle(NextFilter nextFilter, IoSession session, IdleStatus status) {
        HeaderState state = (HeaderState) session.getAttribute(STATE);
        if (state == null) {
            nextFilter.sessionIdle(session, status);
            return;
        }
        if (!state.failed && state.expired(System.nanoTime())) {
            fail(session, state, "no complete header within " + settings.headerTimeout().toMillis() + " ms");
            return;
        }
        if (status != IdleStatus.READER_IDLE) {
            nextFilter.sessionIdle(session, status);
        }
    }

    @Override
    public void sessionClosed(NextFilter nextFilter, IoSession session) {
        session.removeAttribute(STATE);
        nextFilter.sessionClosed(session);
    }
}
