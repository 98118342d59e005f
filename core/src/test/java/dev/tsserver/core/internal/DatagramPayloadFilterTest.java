package dev.tsserver.core.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;

import java.nio.charset.StandardCharsets;

import dev.tsserver.core.ServerStats;
import dev.tsserver.core.TimestampedReply;
import dev.tsserver.core.TsServerConfig;
import org.apache.mina.core.buffer.IoBuffer;
import org.apache.mina.core.filterchain.IoFilter.NextFilter;
import org.apache.mina.core.future.DefaultWriteFuture;
import org.apache.mina.core.session.DummySession;
import org.apache.mina.core.session.IoSession;
import org.apache.mina.core.write.DefaultWriteRequest;
import org.apache.mina.core.write.WriteRequest;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;

class DatagramPayloadFilterTest {

    private final ServerStats stats = new ServerStats();
    private final NextFilter next = mock(NextFilter.class);
    private final IoSession session = new DummySession();

    @Test
    void datagramGoesUpAsOneByteArray() {
        new DatagramPayloadFilter(100, stats).messageReceived(next, session, IoBuffer.wrap(bytes("hi")));
        ArgumentCaptor<Object> up = ArgumentCaptor.forClass(Object.class);
        verify(next).messageReceived(any(), up.capture());
        assertArrayEquals(bytes("hi"), (byte[]) up.getValue());
    }

    @Test
    void datagramAtMaxFrameGoesUpOnePastIsDroppedAndCounted() {
        DatagramPayloadFilter filter = new DatagramPayloadFilter(10, stats);
        filter.messageReceived(next, session, IoBuffer.wrap(new byte[10]));
        filter.messageReceived(next, session, IoBuffer.wrap(new byte[11]));
        verify(next).messageReceived(any(), any());
        assertEquals(1, stats.snapshot().datagramsDropped());
    }

    @Test
    void encodablePayloadGoesDownAsOneBufferAndIsCounted() throws Exception {
        WriteRequest request = new DefaultWriteRequest(new TimestampedReply(bytes("[0] "), bytes("hi")));
        new DatagramPayloadFilter(100, stats).filterWrite(next, session, request);
        verify(next).filterWrite(session, request);
        IoBuffer datagram = (IoBuffer) request.getMessage();
        byte[] got = new byte[datagram.remaining()];
        datagram.get(got);
        assertEquals("[0] hi", new String(got, StandardCharsets.US_ASCII));
        assertEquals(1, stats.snapshot().datagramsAnswered());
    }

    @Test
    void replyThatWouldNotFitOneDatagramIsDroppedNotTruncated() throws Exception {
        DatagramPayloadFilter filter = new DatagramPayloadFilter(100_000, stats);
        WriteRequest tooBig = new DefaultWriteRequest(new byte[TsServerConfig.MAX_DATAGRAM_PAYLOAD + 1],
                new DefaultWriteFuture(session));
        filter.filterWrite(next, session, tooBig);
        verify(next, never()).filterWrite(any(), any());
        assertEquals(1, stats.snapshot().datagramsDropped());
        assertTrue(tooBig.getFuture().isDone() && tooBig.getFuture().getException() != null, "the writer learns");
        WriteRequest fits = new DefaultWriteRequest(new byte[TsServerConfig.MAX_DATAGRAM_PAYLOAD]);
        filter.filterWrite(next, session, fits);
        verify(next).filterWrite(session, fits);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
