package dev.tsserver.core.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;

import org.apache.mina.core.buffer.IoBuffer;
import org.apache.mina.core.future.DefaultWriteFuture;
import org.apache.mina.core.session.DummySession;
import org.apache.mina.core.write.DefaultWriteRequest;
import org.apache.mina.core.write.WriteRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class DatagramReplyBufferTest {

    private final ExecutorService udpThread = DatagramReadBuffers.acceptorExecutor(65_536);

    @AfterEach
    void stop() {
        udpThread.shutdownNow();
    }

    @Test
    void onlyAUdpListenerThreadLendsItsBufferAndOnlyOnceAtATime() throws Exception {
        assertNull(DatagramReplyBuffer.lend(10), "not a UDP listener thread");
        onUdpThread(() -> {
            IoBuffer first = DatagramReplyBuffer.lend(10);
            assertNotNull(first);
            assertTrue(first.isDirect(), "direct: the JDK sends from it without a copy");
            assertNull(DatagramReplyBuffer.lend(10), "already lent");
            WriteRequest written = writtenRequest(first);
            DatagramReplyBuffer.giveBack(written, first);
            assertSame(first, DatagramReplyBuffer.lend(10), "the same buffer, free again");
            assertNull(DatagramReplyBuffer.lend(DatagramReplyBuffer.CAPACITY + 1), "lent already, and too large anyway");
        });
    }

    @Test
    void aReplyWrittenDuringTheLendingKeepsTheBuffer() throws Exception {
        onUdpThread(() -> {
            IoBuffer lent = filled(DatagramReplyBuffer.lend(5), "hello");
            WriteRequest request = writtenRequest(lent);
            DatagramReplyBuffer.giveBack(request, lent);
            assertSame(lent, request.getMessage());
        });
    }

    @Test
    void aReplyLeftQueuedGetsAHeapCopyOfItsBytes() throws Exception {
        onUdpThread(() -> {
            IoBuffer lent = filled(DatagramReplyBuffer.lend(5), "hello");
            WriteRequest queued = request(lent, new DefaultWriteFuture(new DummySession()));
            DatagramReplyBuffer.giveBack(queued, lent);
            IoBuffer copy = (IoBuffer) queued.getMessage();
            assertNotSame(lent, copy);
            assertFalse(copy.isDirect());
            byte[] bytes = new byte[copy.remaining()];
            copy.get(bytes);
            assertArrayEquals("hello".getBytes(StandardCharsets.US_ASCII), bytes);
            // The next reply overwrites the buffer; the queued copy is untouched.
            filled(DatagramReplyBuffer.lend(5), "world");
            copy.rewind();
            copy.get(bytes);
            assertArrayEquals("hello".getBytes(StandardCharsets.US_ASCII), bytes);
        });
    }

    private static IoBuffer filled(IoBuffer buffer, String text) {
        buffer.put(text.getBytes(StandardCharsets.US_ASCII));
        return buffer.flip();
    }

    private static WriteRequest writtenRequest(IoBuffer message) {
        DefaultWriteFuture future = new DefaultWriteFuture(new DummySession());
        future.setWritten();
        return request(message, future);
    }

    /** As DatagramPayloadFilter hands it on: the reply set into the request, not duplicated. */
    private static WriteRequest request(IoBuffer message, DefaultWriteFuture future) {
        WriteRequest request = new DefaultWriteRequest(new Object(), future);
        request.setMessage(message);
        return request;
    }

    private void onUdpThread(ThrowingRunnable body) throws Exception {
        udpThread.submit(() -> {
            body.run();
            return null;
        }).get(10, TimeUnit.SECONDS);
    }

    @FunctionalInterface
    private interface ThrowingRunnable {
        void run() throws Exception;
    }
}
