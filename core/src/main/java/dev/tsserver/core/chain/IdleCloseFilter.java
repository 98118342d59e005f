package dev.tsserver.core.chain;

import dev.tsserver.core.Addresses;
import dev.tsserver.core.edge.PeerAddress;
import dev.tsserver.core.logging.RateLimitedLog;
import org.apache.mina.core.filterchain.IoFilterAdapter;
import org.apache.mina.core.session.IdleStatus;
import org.apache.mina.core.session.IoSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Closes a connection that has neither read nor written for the configured idle time (MINA's
 * {@code BOTH_IDLE}, set on the acceptor's session config). A peer that stops reading also
 * stops the server's writes, so this catches it too.
 */
public final class IdleCloseFilter extends IoFilterAdapter {

    private static final Logger LOG = LoggerFactory.getLogger(IdleCloseFilter.class);
    private final RateLimitedLog idleCloses = new RateLimitedLog(LOG);

    @Override
    public void sessionIdle(NextFilter nextFilter, IoSession session, IdleStatus status) {
        if (!closeIfIdle(session, status)) {
            nextFilter.sessionIdle(session, status);
        }
    }

    /** Closes the session on {@code BOTH_IDLE} and says so; other idle events are not this filter's. */
    boolean closeIfIdle(IoSession session, IdleStatus status) {
        if (status != IdleStatus.BOTH_IDLE) {
            return false;
        }
        idleCloses.info("closing idle connection from {} after {} s", Addresses.format(PeerAddress.of(session)),
                session.getConfig().getBothIdleTime());
        CloseReason.IDLE.mark(session);
        session.closeNow();
        return true;
    }
}
