package dev.tsserver.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import dev.tsserver.core.time.TimestampFormat;
import dev.tsserver.core.time.TimestampFormatter;
import org.apache.mina.core.session.IoSession;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;

class TimestampReplyHandlerTest {

    private final ServerStats stats = new ServerStats();
    private final TimestampReplyHandler handler = new TimestampReplyHandler(
            new TimestampFormatter(TimestampFormat.CTIME, ZoneOffset.UTC, Clock.fixed(Instant.EPOCH, ZoneOffset.UTC)),
            stats);

    @Test
    void answersWithPrefixAndTheSamePayloadBytes() {
        IoSession session = mock(IoSession.class);
        byte[] payload = {(byte) 0xC4, (byte) 0xE3, 0x00, (byte) 0xFF}; // GBK "你", NUL, 0xFF
        handler.messageReceived(session, payload);

        ArgumentCaptor<Object> written = ArgumentCaptor.forClass(Object.class);
        verify(session).write(written.capture());
        TimestampedReply reply = (TimestampedReply) written.getValue();
        assertArrayEquals("[Thu Jan  1 00:00:00 1970] ".getBytes(StandardCharsets.US_ASCII), reply.prefix());
        assertSame(payload, reply.payload(), "the payload is passed on, not copied or re-encoded");
        assertEquals(1, stats.snapshot().messagesAnswered());
    }

    @Test
    void endOfInputDoesNotCloseTheSessionEarly() {
        IoSession session = mock(IoSession.class);
        handler.inputClosed(session);
        verify(session, never()).closeNow();
    }
}
