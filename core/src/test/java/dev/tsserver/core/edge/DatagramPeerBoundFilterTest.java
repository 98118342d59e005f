package dev.tsserver.core.edge;

import static org.mockito.Mockito.inOrder;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import org.apache.mina.core.filterchain.IoFilter.NextFilter;
import org.apache.mina.core.service.IoService;
import org.apache.mina.core.session.DummySession;
import org.apache.mina.core.session.IoSession;
import org.junit.jupiter.api.Test;
import org.mockito.InOrder;

class DatagramPeerBoundFilterTest {

    private final NextFilter next = mock(NextFilter.class);
    private final IoService service = mock(IoService.class);

    private IoSession sessionWithPeers(int managed) {
        IoSession session = mock(IoSession.class);
        DummySession attributes = new DummySession();
        when(session.getService()).thenReturn(service);
        when(service.getManagedSessionCount()).thenReturn(managed);
        when(session.containsAttribute(org.mockito.ArgumentMatchers.any()))
                .thenAnswer(a -> attributes.containsAttribute(a.getArgument(0)));
        when(session.setAttribute(org.mockito.ArgumentMatchers.any(), org.mockito.ArgumentMatchers.any()))
                .thenAnswer(a -> attributes.setAttribute(a.getArgument(0), a.getArgument(1)));
        return session;
    }

    @Test
    void underTheBoundPeersKeepTheirSession() {
        DatagramPeerBoundFilter filter = new DatagramPeerBoundFilter(4);
        IoSession session = sessionWithPeers(4);
        filter.sessionCreated(next, session);
        filter.messageReceived(next, session, "datagram");
        verify(next).messageReceived(session, "datagram");
        verify(session, never()).closeOnFlush();
    }

    @Test
    void pastTheBoundANewPeerIsAnsweredThenForgotten() {
        DatagramPeerBoundFilter filter = new DatagramPeerBoundFilter(4);
        IoSession session = sessionWithPeers(5);
        filter.sessionCreated(next, session);
        filter.messageReceived(next, session, "datagram");
        InOrder order = inOrder(next, session);
        order.verify(next).messageReceived(session, "datagram");
        order.verify(session).closeOnFlush();
    }
}
