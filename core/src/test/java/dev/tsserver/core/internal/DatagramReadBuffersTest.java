package dev.tsserver.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;

import org.apache.mina.core.buffer.IoBuffer;
import org.apache.mina.core.buffer.SimpleBufferAllocator;
import org.apache.mina.core.service.IoHandlerAdapter;
import org.apache.mina.core.session.DummySession;
import org.apache.mina.core.session.IoSession;
import org.junit.jupiter.api.Test;

class DatagramReadBuffersTest {

    private static final int SIZE = 4096;
    private final DatagramReadBuffers.ReusingAllocator allocator = new DatagramReadBuffers.ReusingAllocator();

    /** Runs {@code task} on a datagram acceptor thread of the class and returns what it returned. */
    private static <T> T onAcceptorThread(java.util.concurrent.Callable<T> task) throws Exception {
        ExecutorService executor = DatagramReadBuffers.acceptorExecutor(SIZE);
        try {
            return executor.submit(task).get(10, TimeUnit.SECONDS);
        } finally {
            executor.shutdown();
        }
    }

    @Test
    void acceptorThreadGetsItsOneBufferBackEmptiedForEachRead() throws Exception {
        List<IoBuffer> reads = onAcceptorThread(() -> {
            List<IoBuffer> buffers = new ArrayList<>();
            IoBuffer first = allocator.allocate(SIZE, false);
            first.put(new byte[100]).flip();
            buffers.add(first);
            buffers.add(allocator.allocate(SIZE, false));
            return buffers;
        });
        assertSame(reads.get(0), reads.get(1));
        assertEquals(0, reads.get(1).position());
        assertEquals(SIZE, reads.get(1).limit());
        assertTrue(reads.get(1).isDirect(), "the JDK receives into a direct buffer without a copy");
    }

    @Test
    void otherSizesAndOtherThreadsGetFreshBuffers() throws Exception {
        List<IoBuffer> buffers = onAcceptorThread(() -> List.of(allocator.allocate(SIZE, false),
                allocator.allocate(SIZE - 1, false), allocator.allocate(SIZE + 1, false)));
        assertNotSame(buffers.get(0), buffers.get(1));
        assertNotSame(buffers.get(0), buffers.get(2));
        assertNotSame(allocator.allocate(SIZE, false), allocator.allocate(SIZE, false), "not an acceptor thread");
    }

    @Test
    void whatFiltersAndHandlersAllocateDuringAnEventIsNeverTheReadBuffer() throws Exception {
        List<IoBuffer> seen = onAcceptorThread(() -> {
            List<IoBuffer> buffers = new ArrayList<>();
            DummySession session = new DummySession();
            session.getFilterChain().addFirst("guard", DatagramReadBuffers.eventGuard());
            session.setHandler(new IoHandlerAdapter() {
                @Override
                public void messageReceived(IoSession s, Object message) {
                    buffers.add(allocator.allocate(SIZE, false)); // e.g. a handler keeping a buffer
                    s.write(IoBuffer.wrap(new byte[1]));
                }

                @Override
                public void messageSent(IoSession s, Object message) {
                    buffers.add(allocator.allocate(SIZE, false));
                }
            });
            IoBuffer read = allocator.allocate(SIZE, false);
            buffers.add(read);
            session.getFilterChain().fireMessageReceived(read);
            buffers.add(allocator.allocate(SIZE, false)); // the next read, after the event
            return buffers;
        });
        IoBuffer read = seen.get(0);
        assertEquals(4, seen.size(), "read, allocation in messageReceived, in messageSent, next read: " + seen);
        assertNotSame(read, seen.get(1));
        assertNotSame(read, seen.get(2));
        assertSame(read, seen.get(3), "outside events the read buffer is reused again");
    }

    @Test
    void installedAllocatorStaysInstalledAfterMakingBuffers() {
        // MINA 2.2.10: every buffer's constructor sets its maker as the process-wide allocator.
        IoBuffer.setAllocator(new SimpleBufferAllocator());
        assertTrue(DatagramReadBuffers.install());
        Object installed = IoBuffer.getAllocator();
        assertTrue(installed instanceof DatagramReadBuffers.ReusingAllocator);
        IoBuffer heap = IoBuffer.allocate(10);
        IoBuffer direct = IoBuffer.allocate(10, true);
        IoBuffer wrapped = IoBuffer.wrap(new byte[3]);
        heap.duplicate();
        assertSame(installed, IoBuffer.getAllocator());
        assertTrue(DatagramReadBuffers.install());
        assertSame(installed, IoBuffer.getAllocator());
        assertEquals(10, heap.capacity());
        assertTrue(direct.isDirect());
        assertTrue(wrapped.hasArray());
    }

    @Test
    void buffersBehaveAsMinasDefaultOnes() {
        IoBuffer buffer = allocator.allocate(4, false);
        buffer.setAutoExpand(true);
        buffer.putInt(0x01020304).put((byte) 5).flip();
        assertEquals(5, buffer.remaining());
        assertEquals(0x01020304, buffer.getInt(), "big-endian");
        assertEquals(5, buffer.slice().get());
        assertTrue(buffer.asReadOnlyBuffer().isReadOnly());
    }
}
