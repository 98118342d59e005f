package dev.tsserver.core.chain;

import org.apache.mina.core.session.AttributeKey;
import org.apache.mina.core.session.IoSession;

/**
 * Why a TCP connection closed, as the close log line says it. Whoever decides to close a
 * connection marks it first; the first mark wins, and a connection nobody marked was closed
 * by its peer.
 */
public enum CloseReason {
    PEER_CLOSED("peer closed"),
    IDLE("idle"),
    ERROR("error"),
    /** A bound was hit: the write timeout, a memory bound, a connection limit. */
    LIMIT("limit"),
    SERVER_STOPPING("server stopping");

    private static final AttributeKey KEY = new AttributeKey(CloseReason.class, "reason");

    private final String text;

    CloseReason(String text) {
        this.text = text;
    }

    /** Lower-case words for the log line: {@code peer closed}, {@code server stopping}, ... */
    public String text() {
        return text;
    }

    /** Records why this session is about to close, unless a reason was recorded already. */
    public void mark(IoSession session) {
        session.setAttributeIfAbsent(KEY, this);
    }

    /** The recorded reason, or {@link #PEER_CLOSED} when the server never decided to close. */
    public static CloseReason of(IoSession session) {
        Object reason = session.getAttribute(KEY);
        return reason instanceof CloseReason r ? r : PEER_CLOSED;
    }
}
