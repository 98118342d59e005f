package dev.tsserver.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.channels.ServerSocketChannel;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.apache.mina.core.service.IoHandlerAdapter;
import org.apache.mina.core.service.IoProcessor;
import org.apache.mina.core.service.SimpleIoProcessorPool;
import org.apache.mina.core.session.IoSession;
import org.apache.mina.transport.socket.nio.NioProcessor;
import org.apache.mina.transport.socket.nio.NioSession;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The acceptor over real loopback sockets: connections are queued in the listening socket while
 * the acceptor thread is held before its {@code select()}, then released, and each pass of its
 * loop reports how many it accepted.
 */
class BatchAcceptingNioSocketAcceptorTest {

    private static final int PENDING = 12;

    private final SimpleIoProcessorPool<NioSession> processors = new SimpleIoProcessorPool<>(NioProcessor.class, 1);
    private final List<Socket> clients = new ArrayList<>();
    private HeldAcceptor acceptor;

    @AfterEach
    void tearDown() throws Exception {
        for (Socket client : clients) {
            client.close();
        }
        if (acceptor != null) {
            acceptor.release();
            acceptor.unbind();
            acceptor.dispose(true);
        }
        processors.dispose();
    }

    @Test
    void queuedConnectionsAreAcceptedInOnePass() throws Exception {
        List<Integer> passes = acceptQueued(128);
        assertEquals(List.of(PENDING), passes, "accepted per pass of the acceptor loop");
    }

    @Test
    void aPassTakesAtMostTheBatch() throws Exception {
        List<Integer> passes = acceptQueued(5);
        assertEquals(PENDING, passes.stream().mapToInt(Integer::intValue).sum());
        assertTrue(passes.stream().allMatch(n -> n <= 5), "passes " + passes);
        assertEquals(5, passes.get(0), "passes " + passes);
    }

    @Test
    void oneAcceptPerSelectIsMinasBehaviour() throws Exception {
        List<Integer> passes = acceptQueued(1);
        assertEquals(Collections.nCopies(PENDING, 1), passes);
    }

    @Test
    void batchBelowOneIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new BatchAcceptingNioSocketAcceptor(processors, 0));
    }

    @Test
    void propertyPicksTheBatchAndBadValuesFallBackToTheDefault() {
        String key = BatchAcceptingNioSocketAcceptor.ACCEPTS_PER_SELECT_PROPERTY;
        try {
            System.setProperty(key, "1");
            assertEquals(1, BatchAcceptingNioSocketAcceptor.configuredAcceptsPerSelect());
            System.setProperty(key, "0");
            assertEquals(BatchAcceptingNioSocketAcceptor.DEFAULT_ACCEPTS_PER_SELECT,
                    BatchAcceptingNioSocketAcceptor.configuredAcceptsPerSelect());
            System.clearProperty(key);
            assertEquals(BatchAcceptingNioSocketAcceptor.DEFAULT_ACCEPTS_PER_SELECT,
                    BatchAcceptingNioSocketAcceptor.configuredAcceptsPerSelect());
        } finally {
            System.clearProperty(key);
        }
    }

    /** Queues {@link #PENDING} connects while the acceptor is held, releases it, returns the passes. */
    private List<Integer> acceptQueued(int batch) throws Exception {
        CountDownLatch opened = new CountDownLatch(PENDING);
        acceptor = new HeldAcceptor(processors, batch);
        acceptor.setBacklog(64);
        acceptor.setHandler(new IoHandlerAdapter() {
            @Override
            public void sessionOpened(IoSession session) {
                opened.countDown();
            }
        });
        acceptor.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        int port = acceptor.getLocalAddress().getPort();
        for (int i = 0; i < PENDING; i++) {
            // The kernel completes the handshake into the listen queue; nothing is accepted yet.
            clients.add(new Socket(InetAddress.getLoopbackAddress(), port));
        }
        acceptor.release();
        assertTrue(opened.await(30, TimeUnit.SECONDS), "all queued connections became sessions");
        // A session can open on its processor thread before the acceptor thread has recorded
        // the pass that accepted it: wait for the record, not just for the sessions.
        assertTrue(acceptor.recorded.await(30, TimeUnit.SECONDS), "every accept recorded in a pass");
        return acceptor.passes();
    }

    /**
     * Holds its acceptor thread before the first {@code select()} after the bind until released,
     * and records how many connections each pass of the loop accepted.
     */
    private static final class HeldAcceptor extends BatchAcceptingNioSocketAcceptor {
        private final CountDownLatch released = new CountDownLatch(1);
        /** Counted down once per accepted connection, after its pass has been recorded. */
        final CountDownLatch recorded = new CountDownLatch(PENDING);
        private final List<Integer> passes = Collections.synchronizedList(new ArrayList<>());
        private int acceptedThisPass;

        HeldAcceptor(IoProcessor<NioSession> processor, int batch) {
            super(processor, batch);
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
        protected int select() throws Exception {
            released.await(30, TimeUnit.SECONDS);
            return super.select();
        }

        @Override
        protected void processHandles(java.util.Iterator<ServerSocketChannel> handles) throws Exception {
            acceptedThisPass = 0;
            super.processHandles(handles);
            if (acceptedThisPass > 0) {
                passes.add(acceptedThisPass);
                for (int i = 0; i < acceptedThisPass; i++) {
                    recorded.countDown();
                }
            }
        }

        @Override
        protected NioSession accept(IoProcessor<NioSession> processor, ServerSocketChannel handle) throws Exception {
            NioSession session = super.accept(processor, handle);
            if (session != null) {
                acceptedThisPass++;
            }
            return session;
        }
    }
}
