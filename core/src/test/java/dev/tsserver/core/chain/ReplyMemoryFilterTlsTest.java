package dev.tsserver.core.chain;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;

import javax.net.ssl.SSLContext;

import org.apache.mina.core.buffer.IoBuffer;
import org.apache.mina.core.filterchain.IoFilter;
import org.apache.mina.core.filterchain.IoFilterAdapter;
import org.apache.mina.core.filterchain.IoFilterChain;
import org.apache.mina.core.session.DummySession;
import org.apache.mina.core.session.IoSession;
import org.apache.mina.core.write.WriteRequest;
import org.apache.mina.filter.ssl.SslFilter;
import org.junit.jupiter.api.Test;

/**
 * The slow-reader bound over TLS, without sockets: replies a TLS layer holds (not yet
 * encrypted, so not in MINA's scheduled write bytes) must still be charged to the connection
 * and to the server's budget, and given back once sent.
 */
class ReplyMemoryFilterTlsTest {

    /** Stands in for MINA's SSL filter mid-handshake: it keeps every write, as SslFilter queues them. */
    private static final class HoldingTlsFilter extends SslFilter {
        final List<WriteRequest> held = new ArrayList<>();
        NextFilter next;

        HoldingTlsFilter() throws Exception {
            super(SSLContext.getDefault());
        }

        @Override
        public void onPreAdd(IoFilterChain parent, String name, NextFilter nextFilter) {
        }

        @Override
        public void onPostAdd(IoFilterChain parent, String name, NextFilter nextFilter) {
        }

        @Override
        public void filterWrite(NextFilter nextFilter, IoSession session, WriteRequest writeRequest) {
            next = nextFilter;
            held.add(writeRequest);
        }
    }

    private static DummySession session(IoFilter socketSide) {
        DummySession session = new DummySession();
        session.getFilterChain().addLast("socket-side", socketSide);
        return session;
    }

    @Test
    void repliesHeldInsideTlsAreChargedUntilSent() throws Exception {
        ReplyMemoryBudget budget = new ReplyMemoryBudget(1L << 30);
        HoldingTlsFilter tls = new HoldingTlsFilter();
        DummySession session = session(tls);
        session.getFilterChain().addLast("backpressure", new ReplyMemoryFilter(budget, 1024, 4096));
        session.getFilterChain().fireSessionCreated();

        session.write(IoBuffer.wrap(new byte[3000]));

        assertEquals(1, tls.held.size());
        long expected = ReplyMemoryFilter.WRITE_REQUEST_OVERHEAD + 3000;
        assertEquals(expected, ReplyMemoryFilter.cost(session), "plaintext inside TLS is counted");
        assertEquals(expected, budget.used());

        session.getFilterChain().fireMessageSent(tls.held.get(0));
        assertEquals(0, ReplyMemoryFilter.cost(session), "given back when sent");
        assertEquals(0, budget.used());
    }

    @Test
    void withoutTlsOnlyTheBookkeepingIsAddedToTheScheduledBytes() {
        ReplyMemoryBudget budget = new ReplyMemoryBudget(1L << 30);
        List<WriteRequest> held = new ArrayList<>();
        DummySession session = session(new IoFilterAdapter() {
            @Override
            public void filterWrite(NextFilter nextFilter, IoSession s, WriteRequest writeRequest) {
                held.add(writeRequest); // a write that has not reached the socket's queue yet
            }
        });
        session.getFilterChain().addLast("backpressure", new ReplyMemoryFilter(budget, 1024, 4096));
        session.getFilterChain().fireSessionCreated();

        session.write(IoBuffer.wrap(new byte[3000]));

        assertEquals(ReplyMemoryFilter.WRITE_REQUEST_OVERHEAD, ReplyMemoryFilter.cost(session),
                "plain TCP: the bytes are counted by the write queue, not twice");
    }
}
