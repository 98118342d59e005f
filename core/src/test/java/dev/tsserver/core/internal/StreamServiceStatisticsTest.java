package dev.tsserver.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.apache.mina.core.buffer.IoBuffer;
import org.apache.mina.core.service.IoHandlerAdapter;
import org.apache.mina.core.service.IoServiceStatistics;
import org.apache.mina.core.session.IoSession;
import org.apache.mina.transport.socket.nio.NioSocketAcceptor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A TCP acceptor with trimmed statistics over loopback: bytes read still counted, the write side not. */
class StreamServiceStatisticsTest {

    @AfterEach
    void clearSwitch() {
        System.clearProperty(StreamServiceStatistics.KEEP_PROPERTY);
    }

    /** Echoes one 5-byte read over a real socket; returns the acceptor's statistics afterwards. */
    private static IoServiceStatistics echoOnce() throws Exception {
        NioSocketAcceptor acceptor = new NioSocketAcceptor();
        StreamServiceStatistics.apply(acceptor);
        CountDownLatch sent = new CountDownLatch(1);
        acceptor.setHandler(new IoHandlerAdapter() {
            @Override
            public void messageReceived(IoSession session, Object message) {
                IoBuffer in = (IoBuffer) message;
                IoBuffer copy = IoBuffer.allocate(in.remaining());
                copy.put(in).flip();
                session.write(copy);
            }

            @Override
            public void messageSent(IoSession session, Object message) {
                sent.countDown();
            }
        });
        try {
            acceptor.bind(new InetSocketAddress("127.0.0.1", 0));
            try (Socket socket = new Socket("127.0.0.1", acceptor.getLocalAddress().getPort())) {
                socket.setSoTimeout(10_000);
                OutputStream out = socket.getOutputStream();
                out.write("hello".getBytes(StandardCharsets.US_ASCII));
                out.flush();
                InputStream in = socket.getInputStream();
                byte[] reply = in.readNBytes(5);
                assertEquals("hello", new String(reply, StandardCharsets.US_ASCII));
                assertTrue(sent.await(10, TimeUnit.SECONDS), "messageSent");
            }
            return acceptor.getStatistics();
        } finally {
            acceptor.unbind();
            acceptor.dispose(true);
        }
    }

    @Test
    void keepsBytesReadAndDropsTheWriteSide() throws Exception {
        IoServiceStatistics stats = echoOnce();
        assertEquals(5, stats.getReadBytes(), "what TsServer.tcpBytesRead reports");
        assertEquals(0, stats.getWrittenBytes(), "write side not counted (no lock per write)");
        assertEquals(0, stats.getWrittenMessages());
        assertEquals(0, stats.getConfig().getThroughputCalculationInterval(), "no throughput under the lock per message");
    }

    @Test
    void switchedOffMinaCountsBothSides() throws Exception {
        System.setProperty(StreamServiceStatistics.KEEP_PROPERTY, "true");
        IoServiceStatistics stats = echoOnce();
        assertEquals(5, stats.getReadBytes());
        assertEquals(5, stats.getWrittenBytes());
        assertTrue(stats.getConfig().getThroughputCalculationInterval() > 0);
    }
}
