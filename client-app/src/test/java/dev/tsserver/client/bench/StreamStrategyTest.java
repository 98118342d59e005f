package dev.tsserver.client.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.channels.ByteChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import dev.tsserver.client.connection.ReplyProtocol;
import dev.tsserver.codec.wire.LineWireFraming;
import org.junit.jupiter.api.Test;

/** The TCP strategy against an in-memory channel: what it writes, how it matches replies. */
class StreamStrategyTest {

    private static final String PREFIX = "[2026-11-24T22:03:39.123+08:00] ";

    /** Takes every write; each read hands out the next scripted chunk, then end of stream. */
    private static final class ScriptedChannel implements ByteChannel {
        final ByteBuffer written = ByteBuffer.allocate(4096);
        final List<byte[]> reads = new ArrayList<>();

        @Override
        public int read(ByteBuffer dst) {
            if (reads.isEmpty()) {
                return -1;
            }
            byte[] next = reads.remove(0);
            dst.put(next);
            return next.length;
        }

        @Override
        public int write(ByteBuffer src) {
            int n = src.remaining();
            written.put(src);
            return n;
        }

        @Override
        public boolean isOpen() {
            return true;
        }

        @Override
        public void close() {
        }
    }

    /** Records what the strategy reports; issues requests while {@code budget} lasts. */
    private static final class Recorder implements LoadEvents {
        int budget;
        int sent;
        int answered;
        int retired;
        final List<String> lost = new ArrayList<>();

        @Override
        public boolean issue(Outstanding r, long now) {
            if (budget == 0) {
                return false;
            }
            budget--;
            r.schedule(now, true);
            return true;
        }

        @Override
        public void sent(BenchConnection c, long now) {
            sent++;
        }

        @Override
        public void answered(BenchConnection c, long due, long sentAt, boolean measured, long now) {
            answered++;
        }

        @Override
        public void retired(BenchConnection c, int count) {
            retired += count;
        }

        @Override
        public void lost(BenchConnection c, Loss loss, String reason) {
            lost.add(loss + ": " + reason);
            c.open = false;
        }
    }

    private final PayloadPattern payload = new PayloadPattern(8);
    private final Tally tally = new Tally();
    private final Recorder events = new Recorder();
    private final StreamStrategy strategy = new StreamStrategy(
            new ReplyFramer(LineWireFraming.instance(), ReplyProtocol.TS, 8), ReplyProtocol.TS, payload, 2, tally,
            events);
    private final ScriptedChannel channel = new ScriptedChannel();
    private final BenchConnection c = new BenchConnection(0, 4, 64, 256);

    StreamStrategyTest() {
        c.io = channel;
        c.open = true;
    }

    private byte[] reply(long seq) {
        return (PREFIX + new String(payload.bytes(seq), StandardCharsets.US_ASCII) + "\n")
                .getBytes(StandardCharsets.US_ASCII);
    }

    @Test
    void fillsThePipelineWithFramedRequests() {
        events.budget = 5;
        strategy.fill(c, 0);
        assertEquals(2, events.sent, "the pipeline is 2");
        String written = new String(channel.written.array(), 0, channel.written.position(), StandardCharsets.US_ASCII);
        assertEquals(new String(payload.bytes(0), StandardCharsets.US_ASCII) + "\n"
                + new String(payload.bytes(1), StandardCharsets.US_ASCII) + "\n", written);
    }

    @Test
    void repliesSplitAcrossReadsAnswerTheirRequestsInOrderAndFreeTheirSlots() {
        events.budget = 3;
        strategy.fill(c, 0);
        byte[] first = reply(0);
        byte[] second = reply(1);
        channel.reads.add(java.util.Arrays.copyOf(first, 10));
        channel.reads.add(concat(java.util.Arrays.copyOfRange(first, 10, first.length), second));
        strategy.readable(c, 1);
        assertEquals(0, events.answered, "half a reply answers nothing");
        strategy.readable(c, 2);
        assertEquals(2, events.answered);
        assertEquals(2, events.retired);
        assertEquals(3, events.sent, "a freed slot takes the next request");
        assertEquals(0, tally.errors());
    }

    @Test
    void aWrongReplyIsCountedAndTheStreamGoesOn() {
        events.budget = 2;
        strategy.fill(c, 0);
        channel.reads.add(concat(reply(1), reply(1)));
        strategy.readable(c, 1);
        assertEquals(1, tally.validationErrors, "the first answers request 0 with request 1's payload");
        assertEquals(1, events.answered);
        assertTrue(events.lost.isEmpty());
    }

    @Test
    void endOfStreamAndUnframeableBytesLoseTheConnection() {
        events.budget = 1;
        strategy.fill(c, 0);
        strategy.readable(c, 1);
        assertEquals(List.of("CLOSED: connection 0 closed by the server"), events.lost);

        BenchConnection other = new BenchConnection(1, 4, 64, 256);
        ScriptedChannel garbage = new ScriptedChannel();
        other.io = garbage;
        other.open = true;
        events.budget = 1;
        strategy.fill(other, 0);
        garbage.reads.add(new byte[200]); // no LF within the longest reply
        strategy.readable(other, 1);
        assertEquals(1, tally.validationErrors);
        assertTrue(events.lost.get(1).startsWith("CORRUPT: connection 1: reply cannot be framed"), events.lost.get(1));
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] all = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }
}
