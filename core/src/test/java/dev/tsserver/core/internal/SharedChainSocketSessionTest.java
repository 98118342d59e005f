package dev.tsserver.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.apache.mina.core.filterchain.IoFilterAdapter;
import org.apache.mina.core.filterchain.IoFilterChain;
import org.apache.mina.core.service.IoHandlerAdapter;
import org.apache.mina.core.service.SimpleIoProcessorPool;
import org.apache.mina.core.session.IoSession;
import org.apache.mina.filter.codec.ProtocolCodecFilter;
import org.apache.mina.filter.codec.textline.TextLineCodecFactory;
import org.apache.mina.transport.socket.nio.NioProcessor;
import org.apache.mina.transport.socket.nio.NioSession;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Accepted connections over real loopback sockets: they are {@link SharedChainSocketSession}s
 * sharing one set of chain entries, they talk through that chain as through MINA's, their socket
 * options and addresses are the socket's, and their chain is emptied when they close; with the
 * switch off they are MINA's own sessions.
 */
class SharedChainSocketSessionTest {

    private final SimpleIoProcessorPool<NioSession> processors = new SimpleIoProcessorPool<>(NioProcessor.class, 1);
    private final List<Socket> clients = new ArrayList<>();
    private final BlockingQueue<IoSession> opened = new LinkedBlockingQueue<>();
    /** Ids of the sessions whose chain took its first filter out: the end of the clear after a close. */
    private final BlockingQueue<Long> markerRemovedFrom = new LinkedBlockingQueue<>();
    private BatchAcceptingNioSocketAcceptor acceptor;

    @AfterEach
    void tearDown() throws Exception {
        System.clearProperty(BatchAcceptingNioSocketAcceptor.SHARED_CHAIN_PROPERTY);
        for (Socket client : clients) {
            client.close();
        }
        if (acceptor != null) {
            acceptor.unbind();
            acceptor.dispose(true);
        }
        processors.dispose();
    }

    /** An upper-casing line server: a marker, the codec, a filter of ours, then a handler that echoes. */
    private int bindEchoServer() throws Exception {
        acceptor = new BatchAcceptingNioSocketAcceptor(processors, 16);
        acceptor.getSessionConfig().setTcpNoDelay(true);
        // First in the chain, so last out when the chain is cleared at close.
        acceptor.getFilterChain().addLast("marker", new IoFilterAdapter() {
            @Override
            public void onPostRemove(IoFilterChain parent, String name, NextFilter next) {
                markerRemovedFrom.add(parent.getSession().getId());
            }
        });
        acceptor.getFilterChain().addLast("codec", new ProtocolCodecFilter(new TextLineCodecFactory(StandardCharsets.UTF_8)));
        acceptor.getFilterChain().addLast("upper", new IoFilterAdapter() {
            @Override
            public void messageReceived(NextFilter next, IoSession session, Object message) {
                next.messageReceived(session, message.toString().toUpperCase());
            }
        });
        acceptor.setHandler(new IoHandlerAdapter() {
            @Override
            public void sessionOpened(IoSession session) {
                opened.add(session);
            }

            @Override
            public void messageReceived(IoSession session, Object message) {
                session.write("echo " + message);
            }
        });
        acceptor.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        return acceptor.getLocalAddress().getPort();
    }

    private Socket connect(int port) throws Exception {
        Socket client = new Socket(InetAddress.getLoopbackAddress(), port);
        client.setSoTimeout(10_000);
        clients.add(client);
        return client;
    }

    private static String roundTrip(Socket client, String line) throws Exception {
        OutputStream out = client.getOutputStream();
        out.write((line + "\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
        return new BufferedReader(new InputStreamReader(client.getInputStream(), StandardCharsets.UTF_8)).readLine();
    }

    @Test
    void connectionsShareOneSetOfEntriesAndEachTalksThroughIt() throws Exception {
        int port = bindEchoServer();
        Socket first = connect(port);
        Socket second = connect(port);
        IoSession one = opened.poll(10, TimeUnit.SECONDS);
        IoSession two = opened.poll(10, TimeUnit.SECONDS);

        assertInstanceOf(SharedChainSocketSession.class, one);
        assertInstanceOf(SharedChainSocketSession.class, two);
        assertTrue(((SharedFilterChain) one.getFilterChain()).isShared());
        assertSame(one.getFilterChain().getNextFilter("codec"), two.getFilterChain().getNextFilter("codec"));
        assertEquals(List.of("marker", "codec", "upper"),
                one.getFilterChain().getAll().stream().map(entry -> entry.getName()).toList());
        assertEquals("echo HELLO", roundTrip(first, "hello"));
        assertEquals("echo WORLD", roundTrip(second, "world"));
    }

    @Test
    void theSessionReportsTheSocketsAddressesAndOptions() throws Exception {
        int port = bindEchoServer();
        Socket client = connect(port);
        IoSession session = opened.poll(10, TimeUnit.SECONDS);

        assertEquals(client.getLocalSocketAddress(), session.getRemoteAddress());
        assertEquals(client.getRemoteSocketAddress(), session.getLocalAddress());
        assertEquals(acceptor.getLocalAddress(), session.getServiceAddress());
        assertSame(acceptor.getTransportMetadata(), session.getTransportMetadata());
        assertTrue(((SharedChainSocketSession) session).getConfig().isTcpNoDelay(), "the acceptor's TCP_NODELAY applied");
        assertFalse(session.isSecured());
    }

    @Test
    void aClosedConnectionsChainIsEmptiedAndTheOthersKeepTheirs() throws Exception {
        int port = bindEchoServer();
        Socket leaving = connect(port);
        Socket staying = connect(port);
        IoSession one = opened.poll(10, TimeUnit.SECONDS);
        IoSession two = opened.poll(10, TimeUnit.SECONDS);
        IoSession leavingSession = one.getRemoteAddress().equals(leaving.getLocalSocketAddress()) ? one : two;
        IoSession stayingSession = leavingSession == one ? two : one;

        leaving.close();
        assertEquals(leavingSession.getId(), markerRemovedFrom.poll(10, TimeUnit.SECONDS));
        assertTrue(leavingSession.getFilterChain().getAll().isEmpty(), "the closed connection's chain was cleared");
        assertEquals(3, stayingSession.getFilterChain().getAll().size());
        assertEquals("echo STILL HERE", roundTrip(staying, "still here"));
    }

    @Test
    void theSwitchGivesMinasOwnSessions() throws Exception {
        System.setProperty(BatchAcceptingNioSocketAcceptor.SHARED_CHAIN_PROPERTY, "false");
        int port = bindEchoServer();
        Socket client = connect(port);
        IoSession session = opened.poll(10, TimeUnit.SECONDS);

        assertNotEquals(SharedChainSocketSession.class, session.getClass());
        assertEquals("org.apache.mina.transport.socket.nio.NioSocketSession", session.getClass().getName());
        assertEquals("echo MINA", roundTrip(client, "mina"));
    }
}
