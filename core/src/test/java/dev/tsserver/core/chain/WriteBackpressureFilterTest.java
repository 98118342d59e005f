package dev.tsserver.core.chain;

import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import org.apache.mina.core.filterchain.IoFilter.NextFilter;
import org.apache.mina.core.session.IoSession;
import org.apache.mina.core.write.WriteRequest;
import org.junit.jupiter.api.Test;

class WriteBackpressureFilterTest {

    private final WriteBackpressureFilter filter = new WriteBackpressureFilter(100, 1000);
    private final NextFilter next = mock(NextFilter.class);
    private final IoSession session = mock(IoSession.class);
    private final WriteRequest write = mock(WriteRequest.class);

    @Test
    void stopsReadingOncePastTheHighWaterMark() {
        when(session.getScheduledWriteBytes()).thenReturn(1001L);
        filter.filterWrite(next, session, write);
        verify(next).filterWrite(session, write);
        verify(session).suspendRead();
    }

    @Test
    void keepsReadingAtTheHighWaterMark() {
        when(session.getScheduledWriteBytes()).thenReturn(1000L);
        filter.filterWrite(next, session, write);
        verify(session, never()).suspendRead();
    }

    @Test
    void resumesBelowTheLowWaterMark() {
        when(session.isReadSuspended()).thenReturn(true);
        when(session.getScheduledWriteBytes()).thenReturn(99L);
        filter.messageSent(next, session, write);
        verify(session).resumeRead();
        verify(next).messageSent(session, write);
    }

    @Test
    void doesNotResumeBetweenTheMarks() {
        when(session.isReadSuspended()).thenReturn(true);
        when(session.getScheduledWriteBytes()).thenReturn(500L);
        filter.messageSent(next, session, write);
        verify(session, never()).resumeRead();
    }

    @Test
    void neverResumesASessionThatIsDraining() {
        when(session.isReadSuspended()).thenReturn(true);
        when(session.getScheduledWriteBytes()).thenReturn(0L);
        when(session.containsAttribute(org.mockito.ArgumentMatchers.any())).thenReturn(true);
        filter.messageSent(next, session, write);
        verify(session, never()).resumeRead();
    }
}
