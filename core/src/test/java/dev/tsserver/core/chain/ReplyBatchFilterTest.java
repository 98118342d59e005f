package dev.tsserver.core.chain;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.apache.mina.core.buffer.IoBuffer;
import org.apache.mina.core.filterchain.IoFilterAdapter;
import org.apache.mina.core.future.WriteFuture;
import org.apache.mina.core.service.IoHandlerAdapter;
import org.apache.mina.core.session.DummySession;
import org.apache.mina.core.session.IoSession;
import org.apache.mina.core.write.WriteRequest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The reply batch on a synchronous {@link DummySession} chain, without sockets. */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class ReplyBatchFilterTest {

    private final List<WriteRequest> written = new ArrayList<>();
    private final List<WriteFuture> replyFutures = new ArrayList<>();
    /** Messages whose {@code messageSent} reached the handler. */
    private final List<Object> sentToHandler = new ArrayList<>();
    private DummySession session;
    /** What the handler writes for each message it receives. */
    private List<String> replies = List.of();

    private void build(int maxBatchBytes) {
        build(maxBatchBytes, true);
    }

    private void build(int maxBatchBytes, boolean sizeFromLast) {
        build(maxBatchBytes, sizeFromLast, true);
    }

    private void build(int maxBatchBytes, boolean sizeFromLast, boolean endLoneReplySent) {
        written.clear();
        sentToHandler.clear();
        session = new DummySession();
        session.getFilterChain().addLast("capture", new IoFilterAdapter() {
            @Override
            public void filterWrite(NextFilter nextFilter, IoSession s, WriteRequest writeRequest) {
                written.add(writeRequest);
            }
        });
        session.getFilterChain().addLast("batch", new ReplyBatchFilter(maxBatchBytes, sizeFromLast, endLoneReplySent));
        session.setHandler(new IoHandlerAdapter() {
            @Override
            public void messageReceived(IoSession s, Object message) {
                for (String reply : replies) {
                    replyFutures.add(s.write(buffer(reply)));
                }
            }

            @Override
            public void messageSent(IoSession s, Object message) {
                sentToHandler.add(message);
            }
        });
        session.getFilterChain().fireSessionCreated();
    }

    @BeforeEach
    void setUp() {
        build(64 * 1024);
    }

    private static IoBuffer buffer(String text) {
        return IoBuffer.wrap(text.getBytes(StandardCharsets.US_ASCII));
    }

    private static String text(WriteRequest request) {
        IoBuffer b = ((IoBuffer) request.getMessage()).duplicate();
        byte[] bytes = new byte[b.remaining()];
        b.get(bytes);
        return new String(bytes, StandardCharsets.US_ASCII);
    }

    @Test
    void repliesToOneReadGoDownAsOneWriteInOrder() {
        replies = List.of("[t] a\n", "[t] b\n", "[t] c\n");
        session.getFilterChain().fireMessageReceived(buffer("a\nb\nc\n"));
        assertEquals(1, written.size());
        assertEquals("[t] a\n[t] b\n[t] c\n", text(written.get(0)));
    }

    @Test
    void replyFuturesCompleteWithTheBatch() {
        replies = List.of("x", "y");
        session.getFilterChain().fireMessageReceived(buffer("r"));
        replyFutures.forEach(f -> assertFalse(f.isDone()));
        written.get(0).getFuture().setWritten();
        replyFutures.forEach(f -> assertTrue(f.isWritten()));
    }

    @Test
    void failedBatchFailsEveryReply() {
        replies = List.of("x", "y");
        session.getFilterChain().fireMessageReceived(buffer("r"));
        IOException failure = new IOException("reset");
        written.get(0).getFuture().setException(failure);
        replyFutures.forEach(f -> assertSame(failure, f.getException()));
    }

    @Test
    void loneReplyGoesDownAloneWithItsOwnFuture() {
        replies = List.of("only");
        session.getFilterChain().fireMessageReceived(buffer("r"));
        assertEquals(1, written.size());
        assertSame(replyFutures.get(0), written.get(0).getFuture());
    }

    @Test
    void loneReplysSentEventEndsAtTheFilterOnceItsFutureIsDone() {
        replies = List.of("only");
        session.getFilterChain().fireMessageReceived(buffer("r"));
        assertEquals("only", text(written.get(0)));
        session.getFilterChain().fireMessageSent(written.get(0));
        assertTrue(replyFutures.get(0).isWritten());
        assertEquals(List.of(), sentToHandler);
    }

    @Test
    void switchedOffALoneReplysSentEventReachesTheHandler() {
        build(64 * 1024, true, false);
        replies = List.of("only");
        session.getFilterChain().fireMessageReceived(buffer("r"));
        session.getFilterChain().fireMessageSent(written.get(0));
        assertTrue(replyFutures.get(0).isWritten());
        assertEquals(1, sentToHandler.size());
    }

    @Test
    void aWriteOutsideAReadStillGetsItsSentEvent() {
        session.write(buffer("notice"));
        session.getFilterChain().fireMessageSent(written.get(0));
        assertEquals(1, sentToHandler.size());
    }

    @Test
    void batchPastTheLimitIsSentEarly() {
        build(10);
        replies = List.of("123456", "abcdef", "ABCDEF");
        session.getFilterChain().fireMessageReceived(buffer("r"));
        assertEquals(List.of("123456abcdef", "ABCDEF"), written.stream().map(ReplyBatchFilterTest::text).toList());
    }

    @Test
    void writeOutsideAReadPassesStraightThrough() {
        session.write(buffer("notice"));
        assertEquals(1, written.size());
        assertEquals("notice", text(written.get(0)));
    }

    @Test
    void writeFromAnotherThreadDuringAReadIsNotHeld() throws Exception {
        CompletableFuture<Integer> seenByOtherThread = new CompletableFuture<>();
        session.setHandler(new IoHandlerAdapter() {
            @Override
            public void messageReceived(IoSession s, Object message) throws Exception {
                s.write(buffer("mine"));
                Thread other = new Thread(() -> {
                    s.write(buffer("theirs"));
                    seenByOtherThread.complete(written.size());
                });
                other.start();
                other.join();
            }
        });
        session.getFilterChain().fireMessageReceived(buffer("r"));
        assertEquals(1, seenByOtherThread.get(5, TimeUnit.SECONDS), "the other thread's write went down at once");
        assertArrayEquals(new String[] {"theirs", "mine"}, written.stream().map(ReplyBatchFilterTest::text).toArray());
    }

    /** The array a written batch went down in. */
    private byte[] arrayOf(WriteRequest request) {
        return ((IoBuffer) request.getMessage()).array();
    }

    @Test
    void aBatchStartsAtTheSizeOfTheThreadsLastOneAndAQuarter() {
        // A line-50c read: 16 replies of 92 bytes, 1,472 bytes in all.
        replies = Collections.nCopies(16, "r".repeat(91) + "\n");
        for (boolean sizeFromLast : new boolean[] {true, false}) {
            build(64 * 1024, sizeFromLast);
            session.getFilterChain().fireMessageReceived(buffer("first read"));
            session.getFilterChain().fireMessageReceived(buffer("second read"));
            WriteRequest second = written.get(1);
            assertEquals(1472, ((IoBuffer) second.getMessage()).remaining());
            // Before: 1 KiB, full at the 12th reply, copied into 2 KiB.
            assertEquals(sizeFromLast ? 1472 + 1472 / 4 : 2048, arrayOf(second).length,
                    "sizeFromLast=" + sizeFromLast);
        }
    }

    @Test
    void aBatchFarSmallerThanItsArrayIsQueuedInAnArrayOfItsOwnSize() {
        replies = Collections.nCopies(16, "r".repeat(999) + "\n");
        session.getFilterChain().fireMessageReceived(buffer("a read of large replies"));
        replies = List.of("small", "reply");
        session.getFilterChain().fireMessageReceived(buffer("then a small one"));
        assertEquals("smallreply", text(written.get(1)));
        assertEquals(10, arrayOf(written.get(1)).length, "the queue holds no mostly empty 20 KB array");
    }
}
