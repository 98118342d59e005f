package dev.tsserver.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.InvalidMarkException;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import org.apache.mina.core.buffer.IoBuffer;
import org.apache.mina.core.future.WriteFuture;
import org.apache.mina.core.service.IoAcceptor;
import org.apache.mina.core.service.IoHandlerAdapter;
import org.apache.mina.core.service.IoServiceListener;
import org.apache.mina.core.service.IoService;
import org.apache.mina.core.session.IdleStatus;
import org.apache.mina.core.session.IoSession;
import org.apache.mina.transport.socket.DatagramAcceptor;
import org.apache.mina.transport.socket.nio.NioDatagramAcceptor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The datagram acceptor over real loopback sockets. Datagrams are queued in the listener's socket
 * while its loop is held before a poll, then released, and each pass of the loop reports how
 * many it read; the write path is driven into MINA's queue (a write while writes are suspended)
 * and compared with MINA's own acceptor, where a queued reply fails.
 */
@Timeout(60)
class BatchReadingDatagramAcceptorTest {

    private static final int QUEUED = 12;
    private static final long WAIT_SECONDS = 30;

    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final List<DatagramSocket> clients = new ArrayList<>();
    private IoAcceptor acceptor;

    @AfterEach
    void tearDown() {
        for (DatagramSocket client : clients) {
            client.close();
        }
        if (acceptor instanceof HeldAcceptor held) {
            held.release();
        }
        if (acceptor != null) {
            acceptor.unbind();
            acceptor.dispose(false);
        }
        executor.shutdownNow();
    }

    @Test
    void queuedDatagramsAreReadInOnePass() throws Exception {
        assertEquals(List.of(QUEUED), readQueued(16));
    }

    @Test
    void aPassReadsAtMostTheBatch() throws Exception {
        assertEquals(List.of(5, 5, 2), readQueued(5));
    }

    @Test
    void oneDatagramPerPollIsMinasBehaviour() throws Exception {
        assertEquals(Collections.nCopies(QUEUED, 1), readQueued(1));
    }

    @Test
    void batchBelowOneIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new BatchReadingDatagramAcceptor(executor, 0, true));
    }

    @Test
    void propertyPicksTheBatchAndBadValuesFallBackToTheDefault() {
        String key = BatchReadingDatagramAcceptor.DATAGRAMS_PER_READ_PROPERTY;
        try {
            System.setProperty(key, "1");
            assertEquals(1, BatchReadingDatagramAcceptor.configuredDatagramsPerRead());
            System.setProperty(key, "0");
            assertEquals(BatchReadingDatagramAcceptor.DEFAULT_DATAGRAMS_PER_READ,
                    BatchReadingDatagramAcceptor.configuredDatagramsPerRead());
        } finally {
            System.clearProperty(key);
        }
        assertEquals(BatchReadingDatagramAcceptor.DEFAULT_DATAGRAMS_PER_READ,
                BatchReadingDatagramAcceptor.configuredDatagramsPerRead());
    }

    @Test
    void followUpReadsThatFindNothingAreSkippedExceptForProbes() throws Exception {
        HeldAcceptor held = new HeldAcceptor(executor, 16, true);
        acceptor = held;
        BlockingQueue<String> replies = new LinkedBlockingQueue<>();
        held.setHandler(new Echo());
        held.release();
        InetSocketAddress address = bind(held);
        DatagramSocket client = client();
        int exchanges = 200;
        for (int i = 0; i < exchanges; i++) {
            send(client, address, "m" + i);
            assertEquals("m" + i, receive(client));
            // The next datagram only once this pass is over: its follow-up read must find nothing.
            assertTrue(held.passesWithReads.tryAcquire(WAIT_SECONDS, TimeUnit.SECONDS), "pass " + i + " ended");
        }
        // One datagram in flight: every follow-up read finds the socket empty. Once the score has
        // fallen, only one in PROBE_EVERY is made; MINA makes none, a plain batch loop one each.
        int emptyReads = held.emptyReads.get();
        assertTrue(emptyReads < exchanges / 4, "empty follow-up reads: " + emptyReads + " for " + exchanges);
        assertTrue(emptyReads > 16, "the first follow-ups, then probes, still made: " + emptyReads);
    }

    @Test
    void aFlushOnTheListenerThreadSendsTheQueueInOrderWithoutAWakeup() throws Exception {
        HeldAcceptor held = new HeldAcceptor(executor, 16, true);
        acceptor = held;
        QueuedReplies handler = new QueuedReplies();
        held.setHandler(handler);
        held.release();
        InetSocketAddress address = bind(held);
        DatagramSocket client = client();
        held.wakeups.set(0);
        send(client, address, "go");
        assertEquals("first", receive(client));
        assertEquals("second", receive(client));
        assertTrue(handler.futuresWritten.await(WAIT_SECONDS, TimeUnit.SECONDS), "both replies' futures written");
        assertTrue(handler.sent.await(WAIT_SECONDS, TimeUnit.SECONDS), "messageSent for both replies");
        assertEquals(0, held.wakeups.get(), "selector wake-ups asked for by the listener thread itself");
        assertTrue(handler.failures.isEmpty(), "exceptions: " + handler.failures);
    }

    @Test
    void minasAcceptorFailsAQueuedReplyItHasSent() throws Exception {
        // The MINA 2.2.10 behaviour the acceptor above does not copy: flushing a queued reply ends
        // with IoBuffer.reset() on a buffer without a mark, so its future is never written.
        NioDatagramAcceptor mina = new NioDatagramAcceptor();
        acceptor = mina;
        QueuedReplies handler = new QueuedReplies();
        mina.setHandler(handler);
        InetSocketAddress address = bind(mina);
        DatagramSocket client = client();
        send(client, address, "go");
        assertEquals("first", receive(client));
        assertInstanceOf(InvalidMarkException.class, handler.failures.poll(WAIT_SECONDS, TimeUnit.SECONDS));
        assertFalse(handler.firstFuture.isWritten(), "MINA never completes the sent reply's future");
    }

    @Test
    void aFlushFromAnotherThreadWakesTheLoop() throws Exception {
        HeldAcceptor held = new HeldAcceptor(executor, 16, true);
        acceptor = held;
        BlockingQueue<IoSession> sessions = new LinkedBlockingQueue<>();
        held.setHandler(new IoHandlerAdapter() {
            @Override
            public void messageReceived(IoSession session, Object message) {
                sessions.add(session);
            }
        });
        held.release();
        InetSocketAddress address = bind(held);
        DatagramSocket client = client();
        send(client, address, "hello");
        IoSession session = sessions.poll(WAIT_SECONDS, TimeUnit.SECONDS);
        held.wakeups.set(0);
        session.suspendWrite();
        session.write(ascii("queued"));
        session.resumeWrite();
        WriteFuture second = session.write(ascii("flushed")); // finds one queued: MINA's chain asks for a flush
        assertEquals("queued", receive(client));
        assertEquals("flushed", receive(client));
        assertTrue(second.await(WAIT_SECONDS, TimeUnit.SECONDS) && second.isWritten());
        assertTrue(held.wakeups.get() >= 1, "the flush from this thread woke the loop");
    }

    @Test
    void sessionsPerPeerWithMinasEventsStatisticsAndClose() throws Exception {
        BatchReadingDatagramAcceptor batch = new BatchReadingDatagramAcceptor(executor, 16, false);
        acceptor = batch;
        batch.getSessionConfig().setIdleTime(IdleStatus.BOTH_IDLE, 1);
        Lifecycle handler = new Lifecycle();
        batch.setHandler(handler);
        CountDownLatch created = new CountDownLatch(2);
        batch.addListener(new ListenerAdapter() {
            @Override
            public void sessionCreated(IoSession session) {
                created.countDown();
            }
        });
        InetSocketAddress address = bind(batch);
        DatagramSocket first = client();
        DatagramSocket second = client();
        send(first, address, "a");
        assertEquals("a", receive(first));
        send(first, address, "bb");
        assertEquals("bb", receive(first));
        send(second, address, "ccc");
        assertEquals("ccc", receive(second));
        assertTrue(created.await(WAIT_SECONDS, TimeUnit.SECONDS), "service listeners told of each session");
        assertEquals(2, batch.getManagedSessionCount(), "one session per peer");
        IoSession firstSession = handler.sessionOf(first.getLocalSocketAddress());
        assertEquals(first.getLocalSocketAddress(), firstSession.getRemoteAddress());
        assertEquals(address.getPort(), ((InetSocketAddress) firstSession.getLocalAddress()).getPort());
        assertTrue(firstSession.getTransportMetadata().isConnectionless());
        assertTrue(firstSession.isActive());
        assertEquals(3, firstSession.getReadBytes());
        assertEquals(2, firstSession.getWrittenMessages());
        assertEquals(6, batch.getStatistics().getReadBytes());
        // Without reuse each datagram had a buffer of its own, as in MINA.
        assertNotSame(handler.buffers.get(0), handler.buffers.get(1));
        assertTrue(handler.idle.await(WAIT_SECONDS, TimeUnit.SECONDS), "idle sessions told once a second");
        firstSession.closeNow().awaitUninterruptibly(WAIT_SECONDS, TimeUnit.SECONDS);
        assertTrue(handler.closed.await(WAIT_SECONDS, TimeUnit.SECONDS));
        assertEquals(1, batch.getManagedSessionCount());
        assertEquals(null, batch.getSessionRecycler().recycle(first.getLocalSocketAddress(), address.getPort()));
        send(first, address, "again");
        assertEquals("again", receive(first));
        assertNotSame(firstSession, handler.sessionOf(first.getLocalSocketAddress()), "a new session after close");
    }

    @Test
    void reusedReadBufferIsOneBufferForEveryDatagram() throws Exception {
        BatchReadingDatagramAcceptor batch = new BatchReadingDatagramAcceptor(executor, 16, true);
        acceptor = batch;
        Lifecycle handler = new Lifecycle();
        batch.setHandler(handler);
        InetSocketAddress address = bind(batch);
        DatagramSocket client = client();
        send(client, address, "long datagram");
        assertEquals("long datagram", receive(client));
        send(client, address, "s");
        assertEquals("s", receive(client));
        assertSame(handler.buffers.get(0), handler.buffers.get(1));
    }

    @Test
    void unbindFreesThePortAndABindAgainServes() throws Exception {
        BatchReadingDatagramAcceptor batch = new BatchReadingDatagramAcceptor(executor, 16, true);
        acceptor = batch;
        Lifecycle handler = new Lifecycle();
        batch.setHandler(handler);
        batch.setCloseOnDeactivation(true);
        InetSocketAddress address = bind(batch);
        DatagramSocket client = client();
        send(client, address, "one");
        assertEquals("one", receive(client));
        batch.unbind();
        assertTrue(handler.closed.await(WAIT_SECONDS, TimeUnit.SECONDS), "sessions closed on deactivation");
        assertEquals(0, batch.getManagedSessionCount());
        try (DatagramChannel probe = DatagramChannel.open()) {
            probe.bind(address); // free again
        }
        batch.bind(address);
        send(client, address, "two");
        assertEquals("two", receive(client));
    }

    @Test
    void bindingATakenPortFailsWithTheCause() throws Exception {
        try (DatagramSocket taken = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            BatchReadingDatagramAcceptor batch = new BatchReadingDatagramAcceptor(executor, 16, true);
            acceptor = batch;
            batch.setHandler(new Echo());
            IOException failure = assertThrows(IOException.class, () -> batch.bind(taken.getLocalSocketAddress()));
            assertInstanceOf(java.net.BindException.class, failure.getCause());
            assertFalse(batch.isActive());
        }
    }

    /** Binds to an ephemeral loopback port; returns the bound address. */
    private static InetSocketAddress bind(DatagramAcceptor datagrams) throws IOException {
        datagrams.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), datagrams.getLocalAddress().getPort());
    }

    /** Queues {@link #QUEUED} datagrams while the loop is held, releases it, returns the passes. */
    private List<Integer> readQueued(int batch) throws Exception {
        HeldAcceptor held = new HeldAcceptor(executor, batch, true);
        acceptor = held;
        CountDownLatch received = new CountDownLatch(QUEUED);
        held.setHandler(new IoHandlerAdapter() {
            @Override
            public void messageReceived(IoSession session, Object message) {
                received.countDown();
            }
        });
        InetSocketAddress address = bind(held);
        DatagramSocket client = client();
        for (int i = 0; i < QUEUED; i++) {
            send(client, address, "d" + i); // on loopback in the listener's socket queue when send returns
        }
        held.release();
        assertTrue(received.await(WAIT_SECONDS, TimeUnit.SECONDS), "every queued datagram read");
        assertTrue(held.recorded.await(WAIT_SECONDS, TimeUnit.SECONDS), "every read recorded in a pass");
        return held.passes();
    }

    private DatagramSocket client() throws IOException {
        DatagramSocket client = new DatagramSocket(0, InetAddress.getLoopbackAddress());
        client.setSoTimeout((int) TimeUnit.SECONDS.toMillis(WAIT_SECONDS));
        clients.add(client);
        return client;
    }

    private static void send(DatagramSocket client, InetSocketAddress to, String text) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);
        client.send(new DatagramPacket(bytes, bytes.length, to));
    }

    private static String receive(DatagramSocket client) throws IOException {
        DatagramPacket packet = new DatagramPacket(new byte[2048], 2048);
        client.receive(packet);
        return new String(packet.getData(), 0, packet.getLength(), StandardCharsets.US_ASCII);
    }

    private static IoBuffer ascii(String text) {
        return IoBuffer.wrap(text.getBytes(StandardCharsets.US_ASCII));
    }

    /** Sends each datagram back (a copy: the read buffer may be reused). */
    private static class Echo extends IoHandlerAdapter {
        @Override
        public void messageReceived(IoSession session, Object message) {
            IoBuffer datagram = (IoBuffer) message;
            byte[] copy = new byte[datagram.remaining()];
            datagram.get(copy);
            session.write(IoBuffer.wrap(copy));
        }
    }

    /** Echo that records sessions, buffers, idle and close events. */
    private static final class Lifecycle extends Echo {
        final List<IoBuffer> buffers = Collections.synchronizedList(new ArrayList<>());
        final List<IoSession> sessions = Collections.synchronizedList(new ArrayList<>());
        final CountDownLatch idle = new CountDownLatch(1);
        final CountDownLatch closed = new CountDownLatch(1);

        @Override
        public void messageReceived(IoSession session, Object message) {
            buffers.add((IoBuffer) message);
            sessions.add(session);
            super.messageReceived(session, message);
        }

        @Override
        public void sessionIdle(IoSession session, IdleStatus status) {
            idle.countDown();
        }

        @Override
        public void sessionClosed(IoSession session) {
            closed.countDown();
        }

        IoSession sessionOf(SocketAddress peer) {
            synchronized (sessions) {
                for (int i = sessions.size() - 1; i >= 0; i--) {
                    if (sessions.get(i).getRemoteAddress().equals(peer)) {
                        return sessions.get(i);
                    }
                }
            }
            throw new AssertionError("no session for " + peer);
        }
    }

    /**
     * On the first datagram, writes two replies so that they go through the session's queue:
     * the first while writes are suspended (MINA's chain queues it without a flush), the second
     * after resuming (it finds one queued, so MINA's chain queues it too and asks for a flush).
     */
    private static final class QueuedReplies extends IoHandlerAdapter {
        final CountDownLatch futuresWritten = new CountDownLatch(2);
        final CountDownLatch sent = new CountDownLatch(2);
        final BlockingQueue<Throwable> failures = new LinkedBlockingQueue<>();
        volatile WriteFuture firstFuture;

        @Override
        public void messageReceived(IoSession session, Object message) {
            session.suspendWrite();
            firstFuture = session.write(ascii("first"));
            session.resumeWrite();
            WriteFuture second = session.write(ascii("second"));
            firstFuture.addListener(future -> futuresWritten.countDown());
            second.addListener(future -> futuresWritten.countDown());
        }

        @Override
        public void messageSent(IoSession session, Object message) {
            sent.countDown();
        }

        @Override
        public void exceptionCaught(IoSession session, Throwable cause) {
            failures.add(cause);
        }
    }

    private abstract static class ListenerAdapter implements IoServiceListener {
        @Override
        public void serviceActivated(IoService service) {
        }

        @Override
        public void serviceIdle(IoService service, IdleStatus idleStatus) {
        }

        @Override
        public void serviceDeactivated(IoService service) {
        }

        @Override
        public void sessionCreated(IoSession session) {
        }

        @Override
        public void sessionClosed(IoSession session) {
        }

        @Override
        public void sessionDestroyed(IoSession session) {
        }
    }

    /**
     * Holds its loop before each poll once a socket is bound, until released; records how many
     * datagrams each poll's pass read, how many follow-up reads found nothing, and wake-ups.
     */
    private static final class HeldAcceptor extends BatchReadingDatagramAcceptor {
        private final CountDownLatch released = new CountDownLatch(1);
        final CountDownLatch recorded = new CountDownLatch(QUEUED);
        final AtomicInteger wakeups = new AtomicInteger();
        final AtomicInteger emptyReads = new AtomicInteger();
        final java.util.concurrent.Semaphore passesWithReads = new java.util.concurrent.Semaphore(0);
        private final List<Integer> passes = Collections.synchronizedList(new ArrayList<>());
        private int readThisPass;

        HeldAcceptor(ExecutorService executor, int batch, boolean reuse) {
            super(executor, batch, reuse);
        }

        void release() {
            released.countDown();
        }

        List<Integer> passes() {
            synchronized (passes) {
                return new ArrayList<>(passes);
            }
        }

        @Override
        protected int select(Consumer<SelectionKey> action, long timeoutMillis) throws IOException {
            if (hasBoundChannels()) {
                try {
                    released.await(WAIT_SECONDS, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            readThisPass = 0;
            int ready = super.select(action, timeoutMillis);
            if (readThisPass > 0) {
                passes.add(readThisPass);
                for (int i = 0; i < readThisPass; i++) {
                    recorded.countDown();
                }
                passesWithReads.release();
            }
            return ready;
        }

        @Override
        protected SocketAddress receive(DatagramChannel channel, ByteBuffer buffer) throws IOException {
            boolean followUp = readThisPass > 0;
            SocketAddress source = super.receive(channel, buffer);
            if (source != null) {
                readThisPass++;
            } else if (followUp) {
                emptyReads.incrementAndGet();
            }
            return source;
        }

        @Override
        protected void wakeup() {
            wakeups.incrementAndGet();
            super.wakeup();
        }
    }
}
