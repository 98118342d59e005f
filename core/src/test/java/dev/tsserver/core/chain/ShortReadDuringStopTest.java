package dev.tsserver.core.chain;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import org.apache.mina.core.buffer.IoBuffer;
import org.apache.mina.core.service.DefaultTransportMetadata;
import org.apache.mina.core.service.IoHandler;
import org.apache.mina.core.service.IoProcessor;
import org.apache.mina.core.service.IoService;
import org.apache.mina.core.service.TransportMetadata;
import org.apache.mina.core.session.DefaultIoSessionDataStructureFactory;
import org.apache.mina.core.session.IoSessionConfig;
import org.apache.mina.filter.ssl.SslFilter;
import org.apache.mina.transport.socket.DefaultSocketSessionConfig;
import org.apache.mina.transport.socket.SocketSessionConfig;
import org.apache.mina.transport.socket.nio.NioSession;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A read the I/O thread made before the stop began but handled after it: the read came back
 * short (the receive queue was empty then), the peer sent more before the stop began, and the
 * stop marked the session while the read was on its way to the drain filter (a preempted I/O
 * thread; under TLS, the handler runs in between). That short read says nothing about the queue
 * once the stop began, and draining on it discarded the later lines while lingering:
 * {@code StopIntegrationTest.pipelinedClientsLoseNothingSentBeforeTheStop} lost 2 of them once
 * on a loaded machine. Here the session is backed by a real loopback socket, so the filters' own
 * {@code FIONREAD} sees what the peer sent; the chain is driven by hand, so the order of the
 * read, the peer's send and the stop is certain.
 */
class ShortReadDuringStopTest {

    private ServerSocketChannel listener;
    private SocketChannel peer;
    private SocketChannel serverSide;

    @BeforeEach
    void connect() throws IOException {
        listener = ServerSocketChannel.open().bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        peer = SocketChannel.open(listener.getLocalAddress());
        serverSide = listener.accept();
    }

    @AfterEach
    void close() throws IOException {
        peer.close();
        serverSide.close();
        listener.close();
    }

    @Test
    void shortReadHandledAfterTheStopDoesNotDrainWhileTheSocketHoldsLaterInput() throws IOException {
        SocketBackedSession session = plainSession();
        peerSendsAndItReachesTheSocket("m2\n");
        DrainRequestFilter.beginStop(session, System.currentTimeMillis());

        session.getFilterChain().fireMessageReceived(shortRead("m1\n"));

        assertFalse(DrainRequestFilter.isDraining(session), "drained with input sent before the stop still in the socket");
    }

    @Test
    void shortReadHandledAfterTheStopDrainsOnceTheSocketIsEmpty() {
        SocketBackedSession session = plainSession();
        DrainRequestFilter.beginStop(session, System.currentTimeMillis());

        session.getFilterChain().fireMessageReceived(shortRead("m1\n"));

        assertTrue(DrainRequestFilter.isDraining(session), "a short read with nothing left in the socket drains");
    }

    @Test
    void shortTlsReadHandledAfterTheStopDoesNotDrainWhileTheSocketHoldsLaterInput() throws IOException {
        SocketBackedSession session = tlsSession();
        peerSendsAndItReachesTheSocket("a later record");
        DrainRequestFilter.beginStop(session, System.currentTimeMillis());

        session.getFilterChain().fireMessageReceived(shortRead("a record"));

        assertFalse(DrainRequestFilter.isDraining(session), "drained with records sent before the stop still in the socket");
    }

    @Test
    void shortTlsReadHandledAfterTheStopDrainsOnceTheSocketIsEmpty() {
        SocketBackedSession session = tlsSession();
        DrainRequestFilter.beginStop(session, System.currentTimeMillis());

        session.getFilterChain().fireMessageReceived(shortRead("a record"));

        assertTrue(DrainRequestFilter.isDraining(session), "a short read with nothing left in the socket drains");
    }

    /** The plain chain's socket end: the drain filter sees the socket's reads as they came. */
    private SocketBackedSession plainSession() {
        SocketBackedSession session = new SocketBackedSession(serverSide);
        session.getFilterChain().addLast("drain-request", new DrainRequestFilter());
        return session;
    }

    /**
     * The TLS chain's ends, without the TLS filter itself (the reads stand for decrypted records):
     * the read mark first, the drain filter after it, on a session whose handshake is done.
     */
    private SocketBackedSession tlsSession() {
        SocketBackedSession session = new SocketBackedSession(serverSide);
        session.getFilterChain().addLast("socket-read-mark", new SocketReadMarkFilter());
        session.getFilterChain().addLast("drain-request", new DrainRequestFilter());
        session.getFilterChain().fireSessionCreated();
        session.setAttribute(SslFilter.SSL_SECURED, Boolean.TRUE);
        return session;
    }

    private void peerSendsAndItReachesTheSocket(String text) throws IOException {
        ByteBuffer bytes = ByteBuffer.wrap(text.getBytes(StandardCharsets.US_ASCII));
        while (bytes.hasRemaining()) {
            peer.write(bytes);
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (serverSide.socket().getInputStream().available() == 0) {
            assertTrue(System.nanoTime() < deadline, "the peer's bytes reached the server's socket within 10 s");
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
        }
    }

    /** A read that came back short of its buffer: the socket's queue was empty when it was made. */
    private static IoBuffer shortRead(String text) {
        IoBuffer buffer = IoBuffer.allocate(2048);
        buffer.put(text.getBytes(StandardCharsets.US_ASCII)).flip();
        return buffer;
    }

    /**
     * An NIO session over a real socket channel with no I/O thread behind it: writes and read
     * suspension go to a processor that does nothing, so the chain can be driven step by step.
     */
    private static final class SocketBackedSession extends NioSession {
        private static final TransportMetadata METADATA = new DefaultTransportMetadata("test", "socket", false, true,
                InetSocketAddress.class, SocketSessionConfig.class, IoBuffer.class);

        private final SocketChannel socket;
        private final IoSessionConfig config = new DefaultSocketSessionConfig();

        @SuppressWarnings("unchecked")
        SocketBackedSession(SocketChannel socket) {
            super(mock(IoProcessor.class), serviceWithHandler(), socket);
            this.socket = socket;
            DefaultIoSessionDataStructureFactory structures = new DefaultIoSessionDataStructureFactory();
            try {
                setAttributeMap(structures.getAttributeMap(this));
                setWriteRequestQueue(structures.getWriteRequestQueue(this));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }

        private static IoService serviceWithHandler() {
            IoService service = mock(IoService.class);
            IoHandler handler = mock(IoHandler.class);
            when(service.getHandler()).thenReturn(handler);
            return service;
        }

        @Override
        public SocketChannel getChannel() {
            return socket;
        }

        @Override
        public IoSessionConfig getConfig() {
            return config;
        }

        @Override
        public TransportMetadata getTransportMetadata() {
            return METADATA;
        }

        @Override
        public SocketAddress getRemoteAddress() {
            return socket.socket().getRemoteSocketAddress();
        }

        @Override
        public SocketAddress getLocalAddress() {
            return socket.socket().getLocalSocketAddress();
        }

        @Override
        public SocketAddress getServiceAddress() {
            return getLocalAddress();
        }
    }
}
