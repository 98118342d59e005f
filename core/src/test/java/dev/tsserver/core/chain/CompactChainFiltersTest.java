package dev.tsserver.core.chain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import dev.tsserver.core.ServerStats;
import org.apache.mina.core.buffer.IoBuffer;
import org.apache.mina.core.filterchain.IoFilterAdapter;
import org.apache.mina.core.filterchain.IoFilterChain;
import org.apache.mina.core.service.IoHandlerAdapter;
import org.apache.mina.core.session.DummySession;
import org.apache.mina.core.session.IdleStatus;
import org.apache.mina.core.session.IoSession;
import org.apache.mina.core.write.WriteRequest;
import org.junit.jupiter.api.Test;

/**
 * {@link SocketSideFilter} and {@link HandlerSideFilter} against the separate filters they stand
 * for: the same script of events through a chain of the eight filters and through a chain of
 * the two composites must reach the handler and the socket alike and count alike.
 */
class CompactChainFiltersTest {

    /** What one chain did: events at the handler, writes at the socket end, and the counters. */
    private static final class Run {
        final ServerStats stats = new ServerStats();
        final ServerStats.ListenerStats listener = stats.listener("test");
        final List<String> handled = new ArrayList<>();
        final List<String> written = new ArrayList<>();
        final List<DummySession> sessions = new ArrayList<>();
        final boolean compact;

        Run(boolean compact) {
            this.compact = compact;
        }

        DummySession open() {
            DummySession session = new DummySession();
            IoFilterChain chain = session.getFilterChain();
            // First entry, socket end: records what reaches the socket (DummySession then fires messageSent).
            chain.addLast("socket", new IoFilterAdapter() {
                @Override
                public void filterWrite(NextFilter next, IoSession s, WriteRequest request) {
                    written.add(s.getId() + " " + describe(request.getMessage()));
                    next.filterWrite(s, request);
                }
            });
            TrafficCountingFilter traffic = new TrafficCountingFilter(stats);
            ConnectionLimitFilter limit = new ConnectionLimitFilter(2, stats);
            if (compact) {
                chain.addLast("socket-side", new SocketSideFilter(traffic, limit, new ConnectionLogFilter(),
                        new IdleCloseFilter(), new DrainRequestFilter()));
                chain.addLast("handler-side", new HandlerSideFilter(new ProtocolErrorFilter(stats),
                        new DrainCompletionFilter(), new ReplyCountingFilter(listener)));
            } else {
                chain.addLast("traffic", traffic);
                chain.addLast("limit", limit);
                chain.addLast("log", new ConnectionLogFilter());
                chain.addLast("idle", new IdleCloseFilter());
                chain.addLast("drain-request", new DrainRequestFilter());
                chain.addLast("errors", new ProtocolErrorFilter(stats));
                chain.addLast("drain-complete", new DrainCompletionFilter());
                chain.addLast("replies", new ReplyCountingFilter(listener));
            }
            session.setHandler(new IoHandlerAdapter() {
                @Override
                public void sessionCreated(IoSession s) {
                    handled.add(s.getId() + " created");
                }

                @Override
                public void sessionOpened(IoSession s) {
                    handled.add(s.getId() + " opened");
                }

                @Override
                public void sessionClosed(IoSession s) {
                    handled.add(s.getId() + " closed");
                }

                @Override
                public void sessionIdle(IoSession s, IdleStatus status) {
                    handled.add(s.getId() + " idle " + status);
                }

                @Override
                public void messageReceived(IoSession s, Object message) {
                    handled.add(s.getId() + " message " + describe(message));
                }

                @Override
                public void messageSent(IoSession s, Object message) {
                    handled.add(s.getId() + " sent " + describe(message));
                }

                @Override
                public void exceptionCaught(IoSession s, Throwable cause) {
                    handled.add(s.getId() + " exception " + cause.getClass().getSimpleName());
                }

                @Override
                public void inputClosed(IoSession s) {
                    handled.add(s.getId() + " input closed");
                }
            });
            sessions.add(session);
            chain.fireSessionCreated();
            chain.fireSessionOpened();
            return session;
        }

        String counters() {
            return "open=" + stats.openConnections() + " rejected=" + stats.snapshot().connectionsRejected()
                    + " in=" + stats.bytesReceived() + " out=" + stats.bytesSent()
                    + " replies=" + listener.repliesSent();
        }

        /** Session ids differ between runs; number them in order of opening instead. */
        List<String> renumbered(List<String> lines) {
            List<String> out = new ArrayList<>();
            for (String line : lines) {
                String id = line.substring(0, line.indexOf(' '));
                int index = -1;
                for (int i = 0; i < sessions.size(); i++) {
                    if (Long.toString(sessions.get(i).getId()).equals(id)) {
                        index = i;
                    }
                }
                out.add("s" + index + line.substring(line.indexOf(' ')));
            }
            return out;
        }
    }

    private static String describe(Object message) {
        if (message instanceof IoBuffer buffer) {
            return buffer.remaining() + "B";
        }
        return message.getClass().getSimpleName();
    }

    /** The script: three connections against a limit of two, traffic, idle, errors, a half-close. */
    private static Run play(boolean compact) {
        Run run = new Run(compact);
        DummySession first = run.open();
        DummySession second = run.open();
        DummySession refused = run.open();
        first.getFilterChain().fireMessageReceived(IoBuffer.wrap(new byte[10]));
        first.write(IoBuffer.wrap(new byte[7]));
        first.getFilterChain().fireSessionIdle(IdleStatus.READER_IDLE);
        second.getFilterChain().fireMessageReceived(IoBuffer.wrap(new byte[3]));
        second.getFilterChain().fireExceptionCaught(new IllegalStateException("not the filters' business"));
        second.getFilterChain().fireInputClosed(); // drain: read suspended, drain marker sent, then closed
        first.getFilterChain().fireExceptionCaught(new IOException("reset by peer"));
        DummySession third = run.open(); // a place is free again
        third.getFilterChain().fireSessionIdle(IdleStatus.BOTH_IDLE);
        assertTrue(refused.isClosing(), "the connection over the limit is closed");
        return run;
    }

    @Test
    void theCompositesBehaveAsTheSeparateFilters() {
        Run separate = play(false);
        Run compact = play(true);

        assertEquals(separate.renumbered(separate.handled), compact.renumbered(compact.handled));
        assertEquals(separate.renumbered(separate.written), compact.renumbered(compact.written));
        assertEquals(separate.counters(), compact.counters());
    }

    @Test
    void theScriptExercisesEveryConcern() {
        Run compact = play(true);
        List<String> handled = compact.renumbered(compact.handled);

        assertFalse(handled.stream().anyMatch(l -> l.startsWith("s2 ")), "the refused connection reaches nothing: " + handled);
        assertTrue(handled.contains("s0 message 10B") && handled.contains("s0 idle " + IdleStatus.READER_IDLE), handled::toString);
        assertFalse(handled.contains("s3 idle " + IdleStatus.BOTH_IDLE), "an idle connection is closed, not passed on");
        assertTrue(handled.contains("s3 closed"), handled::toString);
        assertTrue(handled.contains("s1 exception IllegalStateException"), "errors not the filters' pass on");
        assertFalse(handled.contains("s1 input closed"), "end of input starts a drain instead");
        assertFalse(handled.stream().anyMatch(l -> l.contains("DrainRequest")), "the drain marker never reaches the handler");
        assertTrue(handled.contains("s1 closed") && handled.contains("s0 closed"), handled::toString);
        assertEquals(List.of("s0 7B", "s1 0B", "s1 0B"), compact.renumbered(compact.written),
                "the reply, then the drain marker and the last-reply marker (written below the reply counter: not replies)");
        assertEquals("open=0 rejected=1 in=13 out=7 replies=1", compact.counters());
        assertEquals(CloseReason.IDLE, CloseReason.of(compact.sessions.get(3)));
        assertEquals(CloseReason.ERROR, CloseReason.of(compact.sessions.get(0)));
    }

    @Test
    void aDrainFindsTheCompositeEntry() {
        Run compact = new Run(true);
        DummySession session = compact.open();

        DrainRequestFilter.drain(session);

        assertTrue(DrainRequestFilter.isDraining(session));
        assertTrue(session.isReadSuspended(), "reading stops at once");
        assertTrue(session.isClosing(), "closed once the markers came back: the drain's through the handler side, then the last-reply one");
        assertEquals(List.of("s0 0B", "s0 0B"), compact.renumbered(compact.written),
                "the drain marker, then the last-reply marker, went to the socket");
    }
}
