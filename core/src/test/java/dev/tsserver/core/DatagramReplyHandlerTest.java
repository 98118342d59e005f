package dev.tsserver.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import dev.tsserver.core.time.TimestampFormat;
import dev.tsserver.core.time.TimestampFormatter;
import org.apache.mina.core.buffer.IoBuffer;
import org.apache.mina.core.session.IoSession;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;

class DatagramReplyHandlerTest {

    private static final TimestampFormatter EPOCH_ZERO =
            new TimestampFormatter(TimestampFormat.EPOCH, ZoneOffset.UTC, Clock.fixed(Instant.EPOCH, ZoneOffset.UTC));

    private final ServerStats stats = new ServerStats();
    private final IoSession session = mock(IoSession.class);

    @Test
    void answersOneDatagramWithPrefixAndPayload() {
        new DatagramReplyHandler(EPOCH_ZERO, 100, stats).messageReceived(session, IoBuffer.wrap(bytes("hi")));
        ArgumentCaptor<Object> written = ArgumentCaptor.forClass(Object.class);
        verify(session).write(written.capture());
        IoBuffer reply = (IoBuffer) written.getValue();
        byte[] got = new byte[reply.remaining()];
        reply.get(got);
        assertEquals("[0] hi", new String(got, StandardCharsets.US_ASCII));
        assertEquals(1, stats.snapshot().datagramsAnswered());
    }

    @Test
    void datagramAtMaxFrameIsAnsweredOnePastIsDropped() {
        DatagramReplyHandler handler = new DatagramReplyHandler(EPOCH_ZERO, 10, stats);
        handler.messageReceived(session, IoBuffer.wrap(new byte[10]));
        handler.messageReceived(session, IoBuffer.wrap(new byte[11]));
        verify(session).write(any());
        assertEquals(1, stats.snapshot().datagramsAnswered());
        assertEquals(1, stats.snapshot().datagramsDropped());
    }

    @Test
    void datagramWhoseReplyWouldNotFitOneDatagramIsDroppedNotTruncated() {
        DatagramReplyHandler handler = new DatagramReplyHandler(EPOCH_ZERO, 65_536, stats);
        int prefix = "[0] ".length();
        handler.messageReceived(session, IoBuffer.wrap(new byte[TsServerConfig.MAX_DATAGRAM_PAYLOAD - prefix + 1]));
        verify(session, never()).write(any());
        assertEquals(1, stats.snapshot().datagramsDropped());
        handler.messageReceived(session, IoBuffer.wrap(new byte[TsServerConfig.MAX_DATAGRAM_PAYLOAD - prefix]));
        verify(session).write(any());
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
