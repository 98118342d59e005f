package dev.tsserver.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.mina.core.session.DummySession;
import org.junit.jupiter.api.Test;

class PeerSessionRecyclerTest {

    private static final int LOCAL_PORT = 7000;
    private final AtomicLong now = new AtomicLong(1_000_000);
    private final PeerSessionRecycler recycler = new PeerSessionRecycler(60_000, 1_000, now::get);

    private static DummySession session(String host, int port, int localPort) {
        DummySession session = new DummySession();
        session.setRemoteAddress(new InetSocketAddress(host, port));
        session.setLocalAddress(new InetSocketAddress("127.0.0.1", localPort));
        return session;
    }

    @Test
    void peerFindsItsOwnSessionByAnEqualAddressNotOnlyTheSameObject() {
        DummySession session = session("127.0.0.1", 5000, LOCAL_PORT);
        recycler.put(session);
        assertSame(session, recycler.recycle(new InetSocketAddress("127.0.0.1", 5000), LOCAL_PORT));
        assertSame(session, recycler.recycle(session.getRemoteAddress(), LOCAL_PORT));
    }

    @Test
    void otherPeerPortOrLocalPortFindsNothing() {
        recycler.put(session("127.0.0.1", 5000, LOCAL_PORT));
        assertNull(recycler.recycle(new InetSocketAddress("127.0.0.1", 5001), LOCAL_PORT));
        assertNull(recycler.recycle(new InetSocketAddress("127.0.0.2", 5000), LOCAL_PORT));
        assertNull(recycler.recycle(new InetSocketAddress("127.0.0.1", 5000), LOCAL_PORT + 1));
    }

    @Test
    void secondPutForAPeerKeepsTheFirstSessionAsMinasRecyclerDoes() {
        DummySession first = session("127.0.0.1", 5000, LOCAL_PORT);
        recycler.put(first);
        recycler.put(session("127.0.0.1", 5000, LOCAL_PORT));
        assertSame(first, recycler.recycle(first.getRemoteAddress(), LOCAL_PORT));
        assertEquals(1, recycler.size());
    }

    @Test
    void removeForgetsOnlyThatSession() {
        DummySession old = session("127.0.0.1", 5000, LOCAL_PORT);
        recycler.put(old);
        recycler.remove(old);
        assertNull(recycler.recycle(old.getRemoteAddress(), LOCAL_PORT));
        DummySession current = session("127.0.0.1", 5000, LOCAL_PORT);
        recycler.put(current);
        recycler.remove(old); // a late remove of the peer's previous session
        assertSame(current, recycler.recycle(current.getRemoteAddress(), LOCAL_PORT));
    }

    @Test
    void useKeepsASessionAliveAndIdlenessPastTheTimeToLiveClosesIt() {
        DummySession busy = session("127.0.0.1", 5000, LOCAL_PORT);
        DummySession idle = session("127.0.0.1", 5001, LOCAL_PORT);
        recycler.put(busy);
        recycler.put(idle);
        for (int second = 1; second <= 61; second++) {
            now.addAndGet(1_000);
            assertSame(busy, recycler.recycle(busy.getRemoteAddress(), LOCAL_PORT));
        }
        assertTrue(idle.isClosing(), "swept by a lookup of another peer, 61 s idle");
        assertFalse(busy.isClosing());
        assertEquals(1, recycler.size());
        assertNull(recycler.recycle(idle.getRemoteAddress(), LOCAL_PORT));
    }

    @Test
    void sessionIdlePastTheTimeToLiveIsNotHandedOutEvenBeforeASweep() {
        PeerSessionRecycler rarelySwept = new PeerSessionRecycler(1_000, 3_600_000, now::get);
        DummySession session = session("127.0.0.1", 5000, LOCAL_PORT);
        rarelySwept.put(session);
        now.addAndGet(1_001);
        assertNull(rarelySwept.recycle(session.getRemoteAddress(), LOCAL_PORT), "MINA then makes a new session");
        assertTrue(session.isClosing());
        assertEquals(0, rarelySwept.size());
    }

    @Test
    void sessionWithinTheTimeToLiveIsKeptBySweeps() {
        DummySession session = session("127.0.0.1", 5000, LOCAL_PORT);
        recycler.put(session);
        now.addAndGet(59_000);
        recycler.sweep(now.get());
        assertFalse(session.isClosing());
        assertSame(session, recycler.recycle(session.getRemoteAddress(), LOCAL_PORT));
    }

    @Test
    void nonPositiveTimesAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new PeerSessionRecycler(0, 1, now::get));
        assertThrows(IllegalArgumentException.class, () -> new PeerSessionRecycler(1, 0, now::get));
    }
}
