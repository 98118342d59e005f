package dev.tsserver.core.internal;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.mina.core.buffer.IoBuffer;
import org.apache.mina.core.session.DummySession;
import org.apache.mina.core.session.IoSession;
import org.apache.mina.transport.socket.nio.NioDatagramAcceptor;
import org.junit.jupiter.api.Test;

class DatagramServiceStatisticsTest {

    private final AtomicLong now = new AtomicLong(10_000);
    private final AtomicLong datagrams = new AtomicLong();
    private final DatagramServiceStatistics.QuietWatch watch =
            new DatagramServiceStatistics.QuietWatch(datagrams::get, 100, now::get);

    @Test
    void quietOnlyOnceTheCountHasStoodStillForTheQuietTime() {
        List<IoSession> none = List.of();
        assertFalse(watch.isQuiet(none), "not yet watched for 100 ms");
        now.addAndGet(60);
        datagrams.incrementAndGet();
        assertFalse(watch.isQuiet(none));
        now.addAndGet(99);
        assertFalse(watch.isQuiet(none), "99 ms since the last datagram");
        now.addAndGet(1);
        assertTrue(watch.isQuiet(none));
    }

    @Test
    void aReplyStillToBeWrittenIsNotQuiet() {
        DummySession session = new DummySession();
        session.increaseScheduledWriteBytes(10);
        now.addAndGet(1_000);
        assertFalse(watch.isQuiet(List.of(session)));
        session.increaseScheduledWriteBytes(-10);
        assertTrue(watch.isQuiet(List.of(session)));
    }

    @Test
    void serviceStatisticsAreOffAfterApplyUnlessKept() {
        NioDatagramAcceptor acceptor = new NioDatagramAcceptor();
        try {
            DatagramServiceStatistics.apply(acceptor);
            assertTrue(DatagramServiceStatistics.KEEP == acceptor.getStatistics().getConfig().isStatisticsCalcEnabled());
            acceptor.getStatistics().increaseReadBytes(IoBuffer.allocate(5).remaining(), now.get());
            if (!DatagramServiceStatistics.KEEP) {
                assertTrue(acceptor.getStatistics().getReadBytes() == 0, "no update taken");
            }
        } finally {
            acceptor.dispose();
        }
    }
}
