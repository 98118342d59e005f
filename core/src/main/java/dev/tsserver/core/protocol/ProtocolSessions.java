package dev.tsserver.core.protocol;

import dev.tsserver.core.chain.DrainRequestFilter;
import org.apache.mina.core.session.IoSession;

/** Session operations a protocol handler needs that MINA's own would get wrong here. */
public final class ProtocolSessions {

    private ProtocolSessions() {
    }

    /**
     * Closes a connection once every reply written so far has been sent: the same orderly close
     * as a graceful stop, so it works whether or not replies are being batched and whether or
     * not a stop is already under way. Safe from any thread; later calls do nothing.
     */
    public static void closeAfterReplies(IoSession session) {
        DrainRequestFilter.drain(session);
    }

    /** True on a UDP session, where each message is a datagram and there is no connection. */
    public static boolean isDatagram(IoSession session) {
        return session.getTransportMetadata().isConnectionless();
    }
}
