package dev.tsserver.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tsserver.core.ServerStats.DatagramDropReason;
import dev.tsserver.core.ServerStats.ProtocolErrorKind;
import dev.tsserver.core.ServerStats.RefusalReason;
import org.junit.jupiter.api.Test;

class ServerStatsTest {

    private final ServerStats stats = new ServerStats();

    @Test
    void refusalsCountByReasonAndInTheTotal() {
        stats.connectionRejected();
        stats.connectionRefused(RefusalReason.ACCESS_DENIED);
        stats.connectionRefused(RefusalReason.ACCESS_DENIED);
        assertEquals(1, stats.connectionsRefused(RefusalReason.MAX_CONNECTIONS));
        assertEquals(2, stats.connectionsRefused(RefusalReason.ACCESS_DENIED));
        assertEquals(0, stats.connectionsRefused(RefusalReason.PER_SOURCE_LIMIT));
        assertEquals(3, stats.snapshot().connectionsRejected());
    }

    @Test
    void framingErrorsCountByKindAndRejectedFramesStayCompatible() {
        stats.protocolError(ProtocolErrorKind.FRAME_TOO_LONG);
        stats.protocolError(ProtocolErrorKind.CORRUPT_FRAME);
        stats.protocolError(ProtocolErrorKind.UNFRAMEABLE_REPLY);
        assertEquals(1, stats.protocolErrors(ProtocolErrorKind.FRAME_TOO_LONG));
        assertEquals(1, stats.protocolErrors(ProtocolErrorKind.UNFRAMEABLE_REPLY));
        assertEquals(2, stats.snapshot().framesRejected(), "a reply that cannot be framed is no rejected frame");
    }

    @Test
    void datagramDropsCountByReason() {
        stats.datagramDropped();
        stats.datagramDropped(DatagramDropReason.RATE_LIMITED);
        assertEquals(1, stats.datagramsDropped(DatagramDropReason.OVERSIZE));
        assertEquals(1, stats.datagramsDropped(DatagramDropReason.RATE_LIMITED));
        assertEquals(2, stats.snapshot().datagramsDropped());
    }

    @Test
    void listenerCountersAreMadeOncePerName() {
        ServerStats.ListenerStats tcp = stats.listener("tcp");
        assertSame(tcp, stats.listener("tcp"));
        tcp.messageReceived();
        tcp.messageReceived();
        tcp.replySent();
        assertEquals(2, stats.listeners().get("tcp").messagesReceived());
        assertEquals(1, stats.listeners().get("tcp").repliesSent());
        assertEquals(1, stats.listeners().size());
    }

    @Test
    void bytesFailuresAndDrainingAreKept() {
        stats.bytesReceived(10);
        stats.bytesReceived(5);
        stats.bytesSent(7);
        stats.tlsHandshakeFailed();
        stats.proxyHeaderFailed();
        stats.proxyHeaderFailed();
        assertEquals(15, stats.bytesReceived());
        assertEquals(7, stats.bytesSent());
        assertEquals(1, stats.tlsHandshakeFailures());
        assertEquals(2, stats.proxyHeaderFailures());
        assertFalse(stats.isDraining());
        stats.markDraining();
        assertTrue(stats.isDraining());
    }

    @Test
    void sessionGaugesAreZeroWithoutConnections() {
        assertEquals(0, stats.queuedReplyBytes());
        assertEquals(0, stats.readSuspendedConnections());
    }
}
