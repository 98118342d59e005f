package dev.tsserver.core.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
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
 * The staging processor over real loopback sockets: an echo of random bytes comes back
 * byte for byte, through reads that fill their buffer and through partial writes (a small send
 * buffer and a client that reads only after it has sent everything), and the reads and writes
 * really went through the staging buffer (with the switch off, none did).
 */
class StagingBufferNioProcessorTest {

    /** Transfers staged by every {@link CountingProcessor}; one test runs at a time. */
    static final AtomicLong STAGED = new AtomicLong();

    private SimpleIoProcessorPool<NioSession> processors;
    private NioSocketAcceptor acceptor;

    @AfterEach
    void tearDown() {
        System.clearProperty(StagingBufferNioProcessor.STAGING_PROPERTY);
        if (acceptor != null) {
            acceptor.unbind();
            acceptor.dispose(true);
        }
        if (processors != null) {
            processors.dispose();
        }
    }

    @Test
    void smallRequestsEchoThroughTheStagingBuffer() throws Exception {
        byte[] sent = randomBytes(64 * 200, 1);
        InetSocketAddress address = start(64, 0);
        assertArrayEquals(sent, echo(address, sent, 64));
        assertTrue(STAGED.get() >= 2 * 200, "reads and writes staged: " + STAGED.get());
    }

    @Test
    void bulkEchoWithPartialWritesComesBackIntact() throws Exception {
        // 3 MB sent before reading anything back: the server's writes hit a full send buffer and
        // are partial, and its reads fill 1 KiB buffers; every byte must come back in order.
        byte[] sent = randomBytes(3 * 1024 * 1024, 2);
        InetSocketAddress address = start(1024, 4096);
        assertArrayEquals(sent, echo(address, sent, sent.length));
        assertTrue(STAGED.get() > 0, "transfers staged");
    }

    @Test
    void switchedOffNothingIsStaged() throws Exception {
        System.setProperty(StagingBufferNioProcessor.STAGING_PROPERTY, "false");
        byte[] sent = randomBytes(64 * 50, 3);
        InetSocketAddress address = start(64, 0);
        assertArrayEquals(sent, echo(address, sent, 64));
        assertEquals(0, STAGED.get());
    }

    /** Sends {@code data} in chunks of {@code chunk} bytes (each chunk's echo read before the next when small). */
    private static byte[] echo(InetSocketAddress address, byte[] data, int chunk) throws Exception {
        try (Socket client = new Socket(address.getAddress(), address.getPort())) {
            client.setSoTimeout(30_000);
            InputStream in = client.getInputStream();
            ByteArrayOutputStream received = new ByteArrayOutputStream();
            CompletableFuture<Void> reader = CompletableFuture.runAsync(() -> {
                byte[] buffer = new byte[8192];
                try {
                    while (received.size() < data.length) {
                        int n = in.read(buffer);
                        if (n < 0) {
                            break;
                        }
                        synchronized (received) {
                            received.write(buffer, 0, n);
                        }
                    }
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            for (int offset = 0; offset < data.length; offset += chunk) {
                client.getOutputStream().write(data, offset, Math.min(chunk, data.length - offset));
            }
            reader.get(60, TimeUnit.SECONDS);
            synchronized (received) {
                return received.toByteArray();
            }
        }
    }

    private InetSocketAddress start(int readBufferSize, int sendBufferSize) throws Exception {
        STAGED.set(0);
        processors = new SimpleIoProcessorPool<>(CountingProcessor.class, 1);
        acceptor = new NioSocketAcceptor(processors);
        acceptor.getSessionConfig().setReadBufferSize(readBufferSize);
        acceptor.getSessionConfig().setMinReadBufferSize(readBufferSize);
        acceptor.getSessionConfig().setMaxReadBufferSize(readBufferSize);
        if (sendBufferSize > 0) {
            acceptor.getSessionConfig().setSendBufferSize(sendBufferSize);
        }
        acceptor.setHandler(new IoHandlerAdapter() {
            @Override
            public void messageReceived(IoSession session, Object message) {
                IoBuffer in = (IoBuffer) message;
                byte[] copy = new byte[in.remaining()];
                in.get(copy);
                session.write(IoBuffer.wrap(copy));
            }
        });
        acceptor.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        return acceptor.getLocalAddress();
    }

    private static byte[] randomBytes(int length, long seed) {
        byte[] bytes = new byte[length];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    /** Counts staged transfers; MINA's pool creates it through this constructor. */
    public static final class CountingProcessor extends StagingBufferNioProcessor {
        private long reported;

        public CountingProcessor(Executor executor) {
            super(executor);
        }

        @Override
        protected int read(NioSession session, IoBuffer buf) throws Exception {
            int read = super.read(session, buf);
            report();
            return read;
        }

        @Override
        protected int write(NioSession session, IoBuffer buf, int length) throws java.io.IOException {
            int written = super.write(session, buf, length);
            report();
            return written;
        }

        private void report() {
            long now = stagedTransfers();
            STAGED.addAndGet(now - reported);
            reported = now;
        }
    }
}
