package dev.tsserver.core.reads;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.apache.mina.core.buffer.IoBuffer;
import org.apache.mina.core.service.IoHandlerAdapter;
import org.apache.mina.core.session.DummySession;
import org.apache.mina.core.session.IoSession;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 10, unit = TimeUnit.SECONDS)
class ReadCountingFilterTest {

    private static final InetSocketAddress PEER = new InetSocketAddress("127.0.0.1", 40_001);

    private final ReadLedger ledger = new ReadLedger();
    private final List<Object> handled = new ArrayList<>();
    private DummySession session;

    @BeforeEach
    void setUp() {
        session = sessionFrom(PEER);
    }

    private DummySession sessionFrom(InetSocketAddress peer) {
        DummySession s = new DummySession();
        s.setRemoteAddress(peer);
        s.getFilterChain().addLast("reads", new ReadCountingFilter(ledger, "tcp"));
        s.setHandler(new IoHandlerAdapter() {
            @Override
            public void messageReceived(IoSession ignored, Object message) {
                handled.add(message);
            }
        });
        return s;
    }

    private static IoBuffer bytes(String text) {
        return IoBuffer.wrap(text.getBytes(StandardCharsets.US_ASCII));
    }

    @Test
    void countsEachReadAndItsBytes() {
        session.getFilterChain().fireMessageReceived(bytes("hello\nworld\n"));
        session.getFilterChain().fireMessageReceived(bytes("abc"));

        PeerReads reads = ledger.find("tcp", PEER).orElseThrow();
        assertEquals(2, reads.reads());
        assertEquals(15, reads.bytes());
    }

    @Test
    void passesTheBufferOnUntouched() {
        IoBuffer read = bytes("payload");
        session.getFilterChain().fireMessageReceived(read);

        assertEquals(List.of(read), handled);
        assertEquals(7, read.remaining(), "the filter must not consume the buffer");
    }

    @Test
    void anEmptyReadStillCountsAsOneRead() {
        session.getFilterChain().fireMessageReceived(IoBuffer.allocate(0));

        assertEquals(new PeerReads("tcp", PEER, 1, 0), ledger.find("tcp", PEER).orElseThrow());
    }

    @Test
    void ignoresMessagesThatAreNotReads() {
        session.getFilterChain().fireMessageReceived(new byte[] {1, 2, 3});

        assertTrue(ledger.find("tcp", PEER).isEmpty());
        assertEquals(1, handled.size());
    }

    @Test
    void keepsPeersApartAndKeepsCountsAfterClose() {
        InetSocketAddress other = new InetSocketAddress("127.0.0.1", 40_002);
        DummySession second = sessionFrom(other);
        session.getFilterChain().fireMessageReceived(bytes("a"));
        second.getFilterChain().fireMessageReceived(bytes("bb"));
        second.getFilterChain().fireMessageReceived(bytes("cc"));
        session.closeNow().awaitUninterruptibly(1000);
        second.closeNow().awaitUninterruptibly(1000);

        assertEquals(List.of(new PeerReads("tcp", PEER, 1, 1), new PeerReads("tcp", other, 2, 4)),
                ledger.snapshot());
    }

    @Test
    void forgetsTheOldestPeerPastCapacity() {
        ReadLedger small = new ReadLedger(2);
        for (int port = 1; port <= 3; port++) {
            small.counterFor("udp", new InetSocketAddress("127.0.0.1", port)).record(1);
        }

        List<PeerReads> kept = small.snapshot();
        assertEquals(2, kept.size());
        assertEquals(new InetSocketAddress("127.0.0.1", 2), kept.get(0).peer());
        assertEquals(new InetSocketAddress("127.0.0.1", 3), kept.get(1).peer());
    }
}
