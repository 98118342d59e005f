package dev.tsserver.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.mina.core.buffer.IoBuffer;
import org.apache.mina.core.service.IoHandlerAdapter;
import org.apache.mina.core.service.SimpleIoProcessorPool;
import org.apache.mina.core.session.IoSession;
import org.apache.mina.transport.socket.nio.NioSession;
import org.apache.mina.transport.socket.nio.NioSocketAcceptor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The processor over real loopback sockets, counting the kernel reads it makes: one per small
 * message instead of MINA's two, with nothing lost when a read fills its buffer or when the end
 * of input comes right behind the data.
 */
class ShortReadNioProcessorTest {

    /** Kernel reads made by every {@link CountingProcessor}; one test runs at a time. */
    static final AtomicInteger KERNEL_READS = new AtomicInteger();

    private SimpleIoProcessorPool<NioSession> processors;
    private NioSocketAcceptor acceptor;
    private final AtomicLong bytesReceived = new AtomicLong();
    private final CountDownLatch inputClosed = new CountDownLatch(1);

    @AfterEach
    void tearDown() {
        System.clearProperty(ShortReadNioProcessor.STOP_ON_SHORT_READ_PROPERTY);
        if (acceptor != null) {
            acceptor.unbind();
            acceptor.dispose(true);
        }
        if (processors != null) {
            processors.dispose();
        }
    }

    @Test
    void aboutOneKernelReadPerSmallMessageOnceFollowUpsKeepFindingNothing() throws Exception {
        // 40 round trips teach it that follow-up reads find nothing; then 1 in 16 is still made.
        int reads = kernelReadsForRequests(40, 64);
        assertTrue(reads >= 64 && reads <= 64 + 64 / ShortReadNioProcessor.PROBE_EVERY + 1, "kernel reads " + reads);
    }

    @Test
    void switchedOffItReadsUntilTheKernelHasNothingAsMinaDoes() throws Exception {
        System.setProperty(ShortReadNioProcessor.STOP_ON_SHORT_READ_PROPERTY, "false");
        assertEquals(2 * 64, kernelReadsForRequests(40, 64));
    }

    @Test
    void aReadThatFillsTheBufferIsFollowedByMore() throws Exception {
        InetSocketAddress address = start(64);
        try (Socket client = new Socket(address.getAddress(), address.getPort())) {
            client.getOutputStream().write(new byte[1000]);
            client.shutdownOutput();
            assertTrue(inputClosed.await(30, TimeUnit.SECONDS), "end of input reached the handler");
        }
        assertEquals(1000, bytesReceived.get());
    }

    @Test
    void endOfInputRightBehindTheDataIsStillSeen() throws Exception {
        InetSocketAddress address = start(2048);
        try (Socket client = new Socket(address.getAddress(), address.getPort())) {
            client.getOutputStream().write("last words".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            client.shutdownOutput();
            assertTrue(inputClosed.await(30, TimeUnit.SECONDS), "end of input reached the handler");
        }
        assertEquals(10, bytesReceived.get());
    }

    /** Request/response round trips of 10 bytes each; returns the kernel reads the measured ones took. */
    private int kernelReadsForRequests(int warmUp, int measured) throws Exception {
        InetSocketAddress address = start(2048);
        try (Socket client = new Socket(address.getAddress(), address.getPort())) {
            client.setSoTimeout(30_000);
            OutputStream out = client.getOutputStream();
            InputStream in = client.getInputStream();
            int before = 0;
            for (int i = 0; i < warmUp + measured; i++) {
                if (i == warmUp) {
                    before = KERNEL_READS.get();
                }
                out.write(new byte[10]);
                assertEquals(1, in.read(), "reply to request " + i);
            }
            return KERNEL_READS.get() - before;
        }
    }

    private InetSocketAddress start(int readBufferSize) throws Exception {
        KERNEL_READS.set(0);
        processors = new SimpleIoProcessorPool<>(CountingProcessor.class, 1);
        acceptor = new NioSocketAcceptor(processors);
        acceptor.getSessionConfig().setReadBufferSize(readBufferSize);
        acceptor.getSessionConfig().setMinReadBufferSize(readBufferSize);
        acceptor.getSessionConfig().setMaxReadBufferSize(readBufferSize);
        acceptor.setHandler(new IoHandlerAdapter() {
            @Override
            public void messageReceived(IoSession session, Object message) {
                bytesReceived.addAndGet(((IoBuffer) message).remaining());
                session.write(IoBuffer.wrap(new byte[] {1}));
            }

            @Override
            public void inputClosed(IoSession session) {
                inputClosed.countDown();
                session.closeNow();
            }
        });
        acceptor.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        return acceptor.getLocalAddress();
    }

    /** Counts the reads that reach the kernel; MINA's pool creates it through this constructor. */
    public static final class CountingProcessor extends ShortReadNioProcessor {
        public CountingProcessor(Executor executor) {
            super(executor);
        }

        @Override
        protected int readFromChannel(NioSession session, IoBuffer buf) throws Exception {
            KERNEL_READS.incrementAndGet();
            return super.readFromChannel(session, buf);
        }
    }
}
