package dev.tsserver.client.reliability;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.inOrder;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;

import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.apache.mina.core.service.IoHandler;
import org.apache.mina.core.session.IoSession;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;
import org.mockito.InOrder;

class ReadPauseTest {

    @Test
    void aNewConnectionStartsUnreadAndIsReadAgainWhenThePauseEnds() throws Exception {
        IoHandler delegate = mock(IoHandler.class);
        ScheduledExecutorService scheduler = mock(ScheduledExecutorService.class);
        IoSession session = mock(IoSession.class);
        ReadPause pause = new ReadPause(delegate, scheduler, 500);

        pause.sessionCreated(session);

        InOrder order = inOrder(session, delegate);
        order.verify(session).suspendRead();
        order.verify(delegate).sessionCreated(session);
        ArgumentCaptor<Runnable> resume = ArgumentCaptor.forClass(Runnable.class);
        verify(scheduler).schedule(resume.capture(), eq(500L), eq(TimeUnit.MILLISECONDS));
        verify(session, never()).resumeRead();

        resume.getValue().run();
        verify(session).resumeRead();
    }

    @Test
    void everyOtherEventGoesToTheServersHandler() throws Exception {
        IoHandler delegate = mock(IoHandler.class);
        IoSession session = mock(IoSession.class);
        ReadPause pause = new ReadPause(delegate, mock(ScheduledExecutorService.class), 1);
        byte[] message = {1};

        pause.sessionOpened(session);
        pause.messageReceived(session, message);
        pause.messageSent(session, message);
        pause.inputClosed(session);
        pause.sessionClosed(session);

        verify(delegate).sessionOpened(session);
        verify(delegate).messageReceived(session, message);
        verify(delegate).messageSent(session, message);
        verify(delegate).inputClosed(session);
        verify(delegate).sessionClosed(session);
        verify(session, never()).suspendRead();
        verify(delegate, never()).exceptionCaught(any(), any());
    }
}
