package dev.tsserver.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import org.apache.mina.core.buffer.IoBuffer;
import org.apache.mina.core.service.IoHandlerAdapter;
import org.apache.mina.core.service.SimpleIoProcessorPool;
import org.apache.mina.core.session.IoSession;
import org.apache.mina.transport.socket.nio.NioSession;
import org.apache.mina.transport.socket.nio.NioSocketAcceptor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A read suspension while a write waits for room in a full socket must not lose that write.
 * With MINA's own {@code NioProcessor} in place of {@link WriteInterestNioProcessor} this test
 * fails: the client gets what the two socket buffers held and then nothing more.
 */
@Timeout(60)
class WriteInterestNioProcessorTest {

    private static final int REPLY_BYTES = 4 << 20;

    private SimpleIoProcessorPool<NioSession> processors;
    private NioSocketAcceptor acceptor;

    @AfterEach
    void tearDown() {
        if (acceptor != null) {
            acceptor.unbind();
            acceptor.dispose(true);
        }
        if (processors != null) {
            processors.dispose();
        }
    }

    @Test
    void aWriteBlockedOnAFullSocketSurvivesSuspendAndResumeRead() throws Exception {
        CompletableFuture<IoSession> opened = new CompletableFuture<>();
        processors = new SimpleIoProcessorPool<>(WriteInterestNioProcessor.class, 1);
        acceptor = new NioSocketAcceptor(processors);
        acceptor.getSessionConfig().setSendBufferSize(32 * 1024);
        acceptor.setHandler(new IoHandlerAdapter() {
            @Override
            public void sessionOpened(IoSession session) {
                // One write far larger than both socket buffers: it stays the current write.
                session.write(IoBuffer.wrap(new byte[REPLY_BYTES]));
                opened.complete(session);
            }
        });
        acceptor.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        InetSocketAddress address = acceptor.getLocalAddress();

        try (Socket client = new Socket()) {
            client.setReceiveBufferSize(32 * 1024);
            client.connect(address, 5_000);
            IoSession session = opened.get(10, TimeUnit.SECONDS);
            awaitWriteBlocked(session);
            assertTrue(session.getScheduledWriteMessages() <= 1, "only the current write is left");

            // What the reply memory filter and the TLS guard do at their water marks.
            session.suspendRead();
            session.resumeRead();

            client.setSoTimeout(10_000);
            InputStream in = client.getInputStream();
            byte[] buffer = new byte[64 * 1024];
            long received = 0;
            try {
                for (int n; received < REPLY_BYTES && (n = in.read(buffer)) > 0; ) {
                    received += n;
                }
            } catch (SocketTimeoutException e) {
                // reported below with the count
            }
            assertEquals(REPLY_BYTES, received, "bytes of the reply that reached the client");
        }
    }

    /**
     * Waits until the processor has given up writing for now: the socket is full (nothing more
     * written for a while) and the write is not finished. A bounded poll of MINA's counters, the
     * only view of the processor's state there is.
     */
    private static void awaitWriteBlocked(IoSession session) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        long last = -1;
        int stableChecks = 0;
        while (stableChecks < 10) {
            assertTrue(System.nanoTime() < deadline, "the write never blocked; written " + session.getWrittenBytes());
            long written = session.getWrittenBytes();
            stableChecks = written > 0 && written == last && session.getCurrentWriteRequest() != null ? stableChecks + 1 : 0;
            last = written;
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
        }
        assertTrue(session.getWrittenBytes() < REPLY_BYTES, "the whole reply fit in the socket buffers");
    }
}
