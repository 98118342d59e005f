package dev.tsserver.core.internal;

import org.apache.mina.core.buffer.IoBuffer;
import org.apache.mina.core.future.ConnectFuture;
import org.apache.mina.core.filterchain.DefaultIoFilterChain;
import org.apache.mina.core.service.AbstractIoService;
import org.apache.mina.core.session.AbstractIoSession;
import org.apache.mina.core.session.IdleStatus;
import org.apache.mina.core.session.IoSession;
import org.apache.mina.core.write.WriteRequest;
import org.apache.mina.core.write.WriteRequestQueue;
import org.apache.mina.filter.FilterEvent;

/**
 * What MINA's {@code DefaultIoFilterChain} does at the two ends of a chain (its private
 * {@code HeadFilter} and {@code TailFilter}), for {@link SharedFilterChain}: the head hands writes
 * and closes to the session's I/O processor, the tail keeps the session's statistics and calls
 * its handler. Same steps, same order, so a session sees no difference between the two chains.
 */
final class ChainEnds {

    private ChainEnds() {
    }

    // ----- head: writes and closes leave the chain here -----

    @SuppressWarnings("unchecked")
    static void headFilterWrite(IoSession session, WriteRequest writeRequest) {
        AbstractIoSession s = (AbstractIoSession) session;
        if (writeRequest.getMessage() instanceof IoBuffer buffer) {
            int remaining = buffer.remaining();
            if (remaining > 0) {
                s.increaseScheduledWriteBytes(remaining);
            }
        }
        s.increaseScheduledWriteMessages();
        WriteRequestQueue queue = s.getWriteRequestQueue();
        if (!s.isWriteSuspended()) {
            if (queue.isEmpty(session)) {
                s.getProcessor().write(s, writeRequest);
            } else {
                queue.offer(s, writeRequest);
                s.getProcessor().flush(s);
            }
        } else {
            queue.offer(s, writeRequest);
        }
    }

    @SuppressWarnings("unchecked")
    static void headFilterClose(IoSession session) {
        ((AbstractIoSession) session).getProcessor().remove(session);
    }

    // ----- tail: events reach the handler here -----

    static void tailSessionCreated(IoSession session) throws Exception {
        session.getHandler().sessionCreated(session);
    }

    static void tailSessionOpened(IoSession session) throws Exception {
        try {
            session.getHandler().sessionOpened(session);
        } finally {
            ConnectFuture future = (ConnectFuture) session.removeAttribute(DefaultIoFilterChain.SESSION_CREATED_FUTURE);
            if (future != null) {
                future.setSession(session);
            }
        }
    }

    static void tailSessionClosed(IoSession session) throws Exception {
        AbstractIoSession s = (AbstractIoSession) session;
        try {
            s.getHandler().sessionClosed(session);
        } finally {
            try {
                s.getWriteRequestQueue().dispose(session);
            } finally {
                try {
                    s.getAttributeMap().dispose(session);
                } finally {
                    try {
                        session.getFilterChain().clear();
                    } finally {
                        if (s.getConfig().isUseReadOperation()) {
                            s.offerClosedReadFuture();
                        }
                    }
                }
            }
        }
    }

    static void tailSessionIdle(IoSession session, IdleStatus status) throws Exception {
        session.getHandler().sessionIdle(session, status);
    }

    static void tailExceptionCaught(IoSession session, Throwable cause) throws Exception {
        AbstractIoSession s = (AbstractIoSession) session;
        try {
            s.getHandler().exceptionCaught(s, cause);
        } finally {
            if (s.getConfig().isUseReadOperation()) {
                s.offerFailedReadFuture(cause);
            }
        }
    }

    static void tailInputClosed(IoSession session) throws Exception {
        session.getHandler().inputClosed(session);
    }

    static void tailMessageReceived(IoSession session, Object message) throws Exception {
        AbstractIoSession s = (AbstractIoSession) session;
        if (message instanceof IoBuffer buffer && !buffer.hasRemaining()) {
            s.increaseReadMessages(System.currentTimeMillis());
        }
        if (session.getService() instanceof AbstractIoService service) {
            service.getStatistics().updateThroughput(System.currentTimeMillis());
        }
        try {
            session.getHandler().messageReceived(s, message);
        } finally {
            if (s.getConfig().isUseReadOperation()) {
                s.offerReadFuture(message);
            }
        }
    }

    static void tailMessageSent(IoSession session, WriteRequest writeRequest) throws Exception {
        long now = System.currentTimeMillis();
        ((AbstractIoSession) session).increaseWrittenMessages(writeRequest, now);
        if (session.getService() instanceof AbstractIoService service) {
            service.getStatistics().updateThroughput(now);
        }
        session.getHandler().messageSent(session, writeRequest.getOriginalMessage());
    }

    static void tailEvent(IoSession session, FilterEvent event) throws Exception {
        session.getHandler().event(session, event);
    }
}
