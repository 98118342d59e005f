package dev.tsserver.core.chain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.apache.mina.core.buffer.IoBuffer;
import org.apache.mina.core.filterchain.IoFilterAdapter;
import org.apache.mina.core.session.DummySession;
import org.apache.mina.core.session.IoSession;
import org.junit.jupiter.api.Test;

/**
 * How {@link ReplyMemoryFilter} hands reads to the codec, without sockets: each piece it hands
 * on is a pass up the chain and, through the reply batch, a write of its own, so a pipelined read
 * should go up whole; a read of empty lines must still go up in small pieces.
 */
class ReplyMemoryFilterStepTest {

    /** "[Mon Nov 30 05:51:08 2026] " + 64 bytes + newline: the reply to a line-50c request. */
    private static final int REPLY_TO_64_BYTES = 92;
    /** "[Mon Nov 30 05:51:08 2026] " + newline: the reply to an empty line. */
    private static final int REPLY_TO_EMPTY_LINE = 28;

    /** Stands in for codec and handler: records each piece handed on, answers every newline. */
    private static final class LineAnswerer extends IoFilterAdapter {
        final List<Integer> pieces = new ArrayList<>();
        final int replyBytes;
        int answered;

        LineAnswerer(int replyBytes) {
            this.replyBytes = replyBytes;
        }

        @Override
        public void messageReceived(NextFilter nextFilter, IoSession session, Object message) {
            IoBuffer piece = (IoBuffer) message;
            pieces.add(piece.remaining());
            while (piece.hasRemaining()) {
                if (piece.get() == '\n') {
                    answered++;
                    session.write(IoBuffer.wrap(new byte[replyBytes]));
                }
            }
        }
    }

    /** The server's order: reply memory, then the reply batch, then the codec. */
    private static DummySession connection(ReplyMemoryFilter memory, LineAnswerer answerer) {
        DummySession session = new DummySession();
        session.getFilterChain().addLast("memory", memory);
        session.getFilterChain().addLast("batch", new ReplyBatchFilter(64 * 1024));
        session.getFilterChain().addLast("answer", answerer);
        // Replies stay queued and counted, as on a socket whose writes have not happened yet.
        session.suspendWrite();
        return session;
    }

    private static ReplyMemoryFilter filter(boolean growStepToTurn) {
        // Bounds far away: only the step size is under test here.
        return new ReplyMemoryFilter(new ReplyMemoryBudget(1L << 30), 8L << 20, 16L << 20, true, growStepToTurn);
    }

    /** What one read of a line-50c connection holds: 16 requests of 64 bytes and a newline. */
    private static IoBuffer pipelinedRead() {
        byte[] bytes = new byte[16 * 65];
        for (int i = 0; i < 16; i++) {
            Arrays.fill(bytes, i * 65, i * 65 + 64, (byte) 'x');
            bytes[i * 65 + 64] = '\n';
        }
        return IoBuffer.wrap(bytes);
    }

    private static List<Integer> piecesOfReads(ReplyMemoryFilter memory, int warmUpReads, int reads) {
        LineAnswerer answerer = new LineAnswerer(REPLY_TO_64_BYTES);
        DummySession session = connection(memory, answerer);
        for (int i = 0; i < warmUpReads; i++) {
            session.getFilterChain().fireMessageReceived(pipelinedRead());
        }
        answerer.pieces.clear();
        for (int i = 0; i < reads; i++) {
            session.getFilterChain().fireMessageReceived(pipelinedRead());
        }
        assertEquals(16 * (warmUpReads + reads), answerer.answered, "every request answered");
        return answerer.pieces;
    }

    @Test
    void aPipelinedReadOfSixteenRequestsGoesUpWholeOnceTheStepHasGrown() {
        List<Integer> pieces = piecesOfReads(filter(true), 8, 8);
        assertEquals(List.of(1040, 1040, 1040, 1040, 1040, 1040, 1040, 1040), pieces,
                "one pass up the chain (and one write) per read");
    }

    @Test
    void growingOnlyBelowAQuarterTurnSplitItInTwo() {
        // The behaviour behind -Dtsserver.tcp.growStepToTurn=false, and the cost it had: every
        // read went up, and its replies down, in two pieces.
        List<Integer> pieces = piecesOfReads(filter(false), 8, 4);
        assertEquals(List.of(1024, 16, 1024, 16, 1024, 16, 1024, 16), pieces);
    }

    @Test
    void aReadOfEmptyLinesStillGoesUpInSmallStepsAndIsHeldAfterATurn() {
        LineAnswerer answerer = new LineAnswerer(REPLY_TO_EMPTY_LINE);
        DummySession session = connection(filter(true), answerer);
        byte[] emptyLines = new byte[64 * 1024];
        Arrays.fill(emptyLines, (byte) '\n');

        session.getFilterChain().fireMessageReceived(IoBuffer.wrap(emptyLines));

        assertEquals(ReplyMemoryFilter.MIN_INPUT_STEP, answerer.pieces.get(0), "a connection starts small");
        int handedOn = answerer.pieces.stream().mapToInt(Integer::intValue).sum();
        // Each empty line costs its reply and the future the batch keeps for it (28 + 48
        // bytes): a turn of 8 KiB is about a hundred of them; the rest of the 65,536 waits.
        assertTrue(handedOn <= 4 * ReplyMemoryFilter.MIN_INPUT_STEP,
                "handed on " + handedOn + " bytes of empty lines in one turn: " + answerer.pieces);
        assertEquals(handedOn, answerer.answered);
        assertTrue(ReplyMemoryFilter.isHoldingInput(session), "the rest of the read is held");
        assertTrue(session.isReadSuspended(), "and the socket is not read meanwhile");
    }
}
