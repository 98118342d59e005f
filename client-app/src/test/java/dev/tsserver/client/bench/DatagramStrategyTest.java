package dev.tsserver.client.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.channels.ByteChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import dev.tsserver.client.connection.ReplyProtocol;
import org.junit.jupiter.api.Test;

/** The UDP strategy against an in-memory channel: one datagram per request, replies in any order. */
class DatagramStrategyTest {

    private static final long MS = 1_000_000;

    /** Each write is one datagram; each read hands out the next scripted datagram, then nothing. */
    private static final class Datagrams implements ByteChannel {
        final List<byte[]> sent = new ArrayList<>();
        final List<byte[]> replies = new ArrayList<>();

        @Override
        public int read(ByteBuffer dst) {
            if (replies.isEmpty()) {
                return 0;
            }
            byte[] next = replies.remove(0);
            dst.put(next);
            return next.length;
        }

        @Override
        public int write(ByteBuffer src) {
            byte[] datagram = new byte[src.remaining()];
            src.get(datagram);
            sent.add(datagram);
            return datagram.length;
        }

        @Override
        public boolean isOpen() {
            return true;
        }

        @Override
        public void close() {
        }
    }

    private final PayloadPattern payload = new PayloadPattern(8);
    private final Tally tally = new Tally();
    private final List<Long> answeredSeqs = new ArrayList<>();
    private int budget;
    private int inFlight;
    private final LoadEvents events = new LoadEvents() {
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
            inFlight++;
        }

        @Override
        public void answered(BenchConnection c, long due, long sent, boolean measured, long now) {
            answeredSeqs.add(due);
        }

        @Override
        public void retired(BenchConnection c, int count) {
            inFlight -= count;
        }

        @Override
        public void lost(BenchConnection c, Loss loss, String reason) {
            throw new AssertionError("lost: " + reason);
        }
    };
    private final DatagramStrategy strategy = new DatagramStrategy(ReplyFramer.datagrams(ReplyProtocol.TS, 8),
            ReplyProtocol.TS, payload, 3, 100 * MS, tally, events);
    private final Datagrams channel = new Datagrams();
    private final BenchConnection c = new BenchConnection(0, 4, 64, 256);

    DatagramStrategyTest() {
        c.io = channel;
        c.open = true;
    }

    private byte[] reply(long seq) {
        return ("[1795615419123] " + new String(payload.bytes(seq), StandardCharsets.US_ASCII))
                .getBytes(StandardCharsets.US_ASCII);
    }

    @Test
    void sendsOneDatagramPerRequestUpToThePipeline() {
        budget = 10;
        strategy.fill(c, 0);
        assertEquals(3, channel.sent.size());
        assertEquals(new String(payload.bytes(2), StandardCharsets.US_ASCII),
                new String(channel.sent.get(2), StandardCharsets.US_ASCII));
    }

    @Test
    void repliesInAnyOrderAnswerTheirOwnRequests() {
        budget = 3;
        strategy.fill(c, 0);
        channel.replies.add(reply(2));
        channel.replies.add(reply(0));
        strategy.readable(c, 5 * MS);
        assertEquals(2, answeredSeqs.size());
        assertEquals(2, inFlight, "0 is retired; 2 is answered but waits behind 1, which is still awaited");
        channel.replies.add(reply(1));
        strategy.readable(c, 6 * MS);
        assertEquals(0, inFlight);
        assertEquals(0, tally.errors());
    }

    @Test
    void aRequestUnansweredPastTheTimeoutIsCountedLostAndItsSlotReused() {
        budget = 4;
        strategy.fill(c, 0);
        strategy.sweep(new BenchConnection[] {c}, 50 * MS);
        assertEquals(0, tally.unanswered, "not yet past the timeout");
        strategy.sweep(new BenchConnection[] {c}, 101 * MS);
        assertEquals(3, tally.unanswered);
        assertEquals(4, channel.sent.size(), "the freed slots take the last request");
        assertTrue(tally.firstError.contains("no reply within 100 ms"), tally.firstError);
    }

    @Test
    void aDatagramWithoutATimestampIsInvalid() {
        budget = 1;
        strategy.fill(c, 0);
        channel.replies.add(payload.bytes(0));
        strategy.readable(c, 1);
        assertEquals(1, tally.validationErrors);
    }
}
