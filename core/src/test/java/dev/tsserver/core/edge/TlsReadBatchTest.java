package dev.tsserver.core.edge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.apache.mina.core.buffer.IoBuffer;
import org.apache.mina.core.filterchain.IoFilterAdapter;
import org.apache.mina.core.future.DefaultWriteFuture;
import org.apache.mina.core.session.DummySession;
import org.apache.mina.core.session.IoSession;
import org.apache.mina.core.write.DefaultWriteRequest;
import org.apache.mina.core.write.WriteRequest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The TLS guard merges the replies to one socket read into one write to the TLS layer, and
 * still gives each reply its own {@code messageSent}, in order. No sockets: a stand-in for
 * MINA's TLS filter splits each "socket read" into records, as its receive loop does.
 */
class TlsReadBatchTest {

    @TempDir
    static Path dir;
    static TlsContextSource contexts;

    @BeforeAll
    static void certificates() throws Exception {
        TestPki pki = TestPki.create(dir.resolve("pki"), "Test CA", false);
        contexts = TlsContextSource.load(new TlsSettings(pki.serverChain, pki.serverKey, null));
    }

    /** Socket side: keeps every write that reaches it. */
    private static final class Socket extends IoFilterAdapter {
        final List<WriteRequest> writes = new ArrayList<>();

        @Override
        public void filterWrite(NextFilter nextFilter, IoSession session, WriteRequest writeRequest) {
            writes.add(writeRequest);
        }
    }

    /** Stands in for the TLS filter's receive loop: each ';'-separated part is a record of its own. */
    private static final class Records extends IoFilterAdapter {
        @Override
        public void messageReceived(NextFilter nextFilter, IoSession session, Object message) {
            IoBuffer buffer = (IoBuffer) message;
            byte[] bytes = new byte[buffer.remaining()];
            buffer.get(bytes);
            String read = new String(bytes, StandardCharsets.US_ASCII);
            for (String record : read.split(";")) {
                nextFilter.messageReceived(session, IoBuffer.wrap(record.getBytes(StandardCharsets.US_ASCII)));
            }
        }
    }

    /** Application side: answers each record with "<record>!" and notes every messageSent. */
    private static final class Replies extends IoFilterAdapter {
        final List<WriteRequest> replies = new ArrayList<>();
        final List<WriteRequest> sent = new ArrayList<>();

        @Override
        public void messageReceived(NextFilter nextFilter, IoSession session, Object message) {
            IoBuffer record = (IoBuffer) message;
            byte[] reply = new byte[record.remaining() + 1];
            record.get(reply, 0, reply.length - 1);
            reply[reply.length - 1] = '!';
            WriteRequest request = new DefaultWriteRequest(IoBuffer.wrap(reply), new DefaultWriteFuture(session));
            replies.add(request);
            nextFilter.filterWrite(session, request);
        }

        @Override
        public void messageSent(NextFilter nextFilter, IoSession session, WriteRequest writeRequest) {
            sent.add(writeRequest);
        }
    }

    private final Socket socket = new Socket();
    private final Replies replies = new Replies();

    private DummySession session(boolean merge) throws Exception {
        TlsSessionGuard guard = new TlsSessionGuard(new TlsFilter(contexts), contexts.settings(), new EdgeStats());
        DummySession session = new DummySession();
        session.getFilterChain().addLast("socket", socket);
        session.getFilterChain().addLast("flush", merge ? new TlsHandshakeFlush(guard) : new TlsHandshakeFlush());
        session.getFilterChain().addLast("records", new Records());
        session.getFilterChain().addLast("guard", guard);
        session.getFilterChain().addLast("replies", replies);
        session.getFilterChain().fireSessionCreated();
        return session;
    }

    private static String text(WriteRequest write) {
        IoBuffer buffer = ((IoBuffer) write.getMessage()).duplicate();
        byte[] bytes = new byte[buffer.remaining()];
        buffer.get(bytes);
        return new String(bytes, StandardCharsets.US_ASCII);
    }

    @Test
    void theRepliesToOneSocketReadGoToTlsAsOneWriteAndEachIsAcknowledged() throws Exception {
        DummySession session = session(true);
        session.getFilterChain().fireMessageReceived(IoBuffer.wrap("a;bb;ccc".getBytes(StandardCharsets.US_ASCII)));

        assertEquals(1, socket.writes.size(), "one write for the read's three records");
        assertEquals("a!bb!ccc!", text(socket.writes.get(0)));

        session.getFilterChain().fireMessageSent(socket.writes.get(0));
        assertEquals(replies.replies, replies.sent, "each reply acknowledged, in order");
        assertTrue(replies.replies.stream().allMatch(r -> r.getFuture().isWritten()), "each reply's future done");

        session.getFilterChain().fireMessageReceived(IoBuffer.wrap("d".getBytes(StandardCharsets.US_ASCII)));
        assertEquals(2, socket.writes.size());
        assertEquals(replies.replies.get(3), socket.writes.get(1), "a lone reply goes down as it is");
    }

    @Test
    void switchedOffEachRecordsReplyIsAWriteOfItsOwn() throws Exception {
        session(false).getFilterChain().fireMessageReceived(IoBuffer.wrap("a;bb;ccc".getBytes(StandardCharsets.US_ASCII)));
        assertEquals(3, socket.writes.size());
    }

    @Test
    void anEmptyWriteKeepsItsPlaceBehindTheRepliesBeforeIt() throws Exception {
        DummySession session = session(true);
        IoFilterAdapter marker = new IoFilterAdapter() {
            @Override
            public void messageReceived(NextFilter nextFilter, IoSession s, Object message) {
                nextFilter.messageReceived(s, message);
                if (replies.replies.size() == 2) {
                    nextFilter.filterWrite(s, new DefaultWriteRequest(IoBuffer.allocate(0))); // e.g. the drain's marker
                }
            }
        };
        session.getFilterChain().addBefore("replies", "marker", marker);
        session.getFilterChain().fireMessageReceived(IoBuffer.wrap("a;b;c".getBytes(StandardCharsets.US_ASCII)));

        // a and b merged and sent; the marker waits for them; c waits behind the marker.
        assertEquals(1, socket.writes.size());
        assertEquals("a!b!", text(socket.writes.get(0)));
        session.getFilterChain().fireMessageSent(socket.writes.get(0));
        assertEquals(3, socket.writes.size(), "then the marker, then c");
        assertEquals(0, ((IoBuffer) socket.writes.get(1).getMessage()).remaining());
        assertEquals("c!", text(socket.writes.get(2)));
    }
}
