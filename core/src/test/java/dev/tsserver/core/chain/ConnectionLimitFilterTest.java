package dev.tsserver.core.chain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import dev.tsserver.core.ServerStats;
import org.apache.mina.core.filterchain.IoFilter.NextFilter;
import org.apache.mina.core.session.IoSession;
import org.junit.jupiter.api.Test;

class ConnectionLimitFilterTest {

    private final ServerStats stats = new ServerStats();
    private final ConnectionLimitFilter filter = new ConnectionLimitFilter(2, stats);
    private final NextFilter next = mock(NextFilter.class);

    @Test
    void passesConnectionsUpToTheLimitAndClosesTheNextOne() {
        IoSession first = mock(IoSession.class);
        IoSession second = mock(IoSession.class);
        IoSession third = mock(IoSession.class);
        filter.sessionCreated(next, first);
        filter.sessionCreated(next, second);
        filter.sessionCreated(next, third);

        verify(next).sessionCreated(first);
        verify(next).sessionCreated(second);
        verify(next, never()).sessionCreated(third);
        verify(third).closeNow();
        assertEquals(2, stats.openConnections());
        assertEquals(1, stats.snapshot().connectionsRejected());
    }

    @Test
    void aClosedConnectionFreesItsPlace() {
        IoSession first = mock(IoSession.class);
        filter.sessionCreated(next, first);
        filter.sessionCreated(next, mock(IoSession.class));
        filter.sessionClosed(next, first);
        IoSession third = mock(IoSession.class);
        filter.sessionCreated(next, third);
        verify(next).sessionCreated(third);
        verify(third, never()).closeNow();
    }

    @Test
    void aRefusedConnectionIsInvisibleDownstream() {
        IoSession refused = mock(IoSession.class);
        when(refused.containsAttribute(any())).thenReturn(true);
        filter.sessionOpened(next, refused);
        filter.sessionClosed(next, refused);
        verify(next, never()).sessionOpened(refused);
        verify(next, never()).sessionClosed(refused);
    }
}
