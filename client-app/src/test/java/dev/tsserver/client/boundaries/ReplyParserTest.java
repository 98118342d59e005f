package dev.tsserver.client.boundaries;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 10, unit = TimeUnit.SECONDS)
class ReplyParserTest {

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    /** Feeds {@code wire} in pieces of {@code step} bytes, as reads from a socket would. */
    private static void feedInPieces(ReplyParser parser, byte[] wire, int step) {
        for (int from = 0; from < wire.length; from += step) {
            parser.feed(wire, from, Math.min(step, wire.length - from));
        }
        parser.finish();
    }

    private static List<String> texts(List<byte[]> payloads) {
        return payloads.stream().map(p -> new String(p, StandardCharsets.US_ASCII)).toList();
    }

    @Test
    void rawRepliesAreCutAtEachTimestampWhateverTheReadSizes() {
        byte[] wire = ascii("[Wed Nov 25 02:00:00 2026] 000000.abc000001.d[Wed Nov 25 02:00:00 2026] efgh");
        for (int step = 1; step <= wire.length; step++) {
            ReplyParser parser = ReplyParser.forFraming(BoundaryExperiment.wire("raw", 4));
            feedInPieces(parser, wire, step);
            assertEquals(List.of("000000.abc000001.d", "efgh"), texts(parser.payloads()), "step " + step);
        }
    }

    @Test
    void rawIsCompleteOnceEveryPayloadByteIsBack() {
        Workload workload = Workload.of("small", 2, 8); // 16 bytes
        ReplyParser parser = ReplyParser.forFraming(BoundaryExperiment.wire("raw", 4));
        parser.feed(ascii("[1] 000000.a0000"), 0, 16); // 12 payload bytes
        assertFalse(parser.complete(workload));
        parser.feed(ascii("[2] 01."), 0, 7);
        assertFalse(parser.complete(workload), "15 of 16 payload bytes");
        parser.feed(ascii("b"), 0, 1);
        assertTrue(parser.complete(workload));
        parser.finish();
        assertEquals(List.of("000000.a0000", "01.b"), texts(parser.payloads()));
    }

    @Test
    void lineRepliesLoseTheirTimestampAndLf() {
        ReplyParser parser = ReplyParser.forFraming(BoundaryExperiment.wire("line", 4));
        feedInPieces(parser, ascii("[1764036000000] one\n[1764036000001] two\nERROR line too long (max 8 bytes)\n"), 5);
        assertEquals(List.of("one", "two"), texts(parser.payloads()));
        assertEquals(1, parser.strayReplies());
        assertEquals(3, parser.replies());
    }

    @Test
    void lengthRepliesAreReadByTheirLengthField() {
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        for (String reply : new String[] {"[0] hello", "[0] ", "[0] a]b"}) {
            wire.writeBytes(BoundaryExperiment.wire("length", 2).frame(ascii(reply)));
        }
        ReplyParser parser = ReplyParser.forFraming(BoundaryExperiment.wire("length", 2));
        feedInPieces(parser, wire.toByteArray(), 3);
        assertEquals(List.of("hello", "", "a]b"), texts(parser.payloads()));
    }

    @Test
    void framingFollowsTheSpec() {
        assertArrayEquals(ascii("hi\n"), BoundaryExperiment.wire("line", 4).frame(ascii("hi")));
        assertArrayEquals(new byte[] {0, 0, 0, 2, 'h', 'i'}, BoundaryExperiment.wire("length", 4).frame(ascii("hi")));
        assertArrayEquals(new byte[] {2, 'h', 'i'}, BoundaryExperiment.wire("length", 1).frame(ascii("hi")));
        assertArrayEquals(ascii("hi"), BoundaryExperiment.wire("raw", 4).frame(ascii("hi")));
    }

    @Test
    void rawRepliesInAnyTimeFormatAreCutAndABracketThatIsNoTimestampStaysPayload() {
        byte[] wire = ascii("[2026-11-25T10:00:00.000+08:00] ab[x]c[1795615419123] d");
        for (int step = 1; step <= wire.length; step++) {
            ReplyParser parser = ReplyParser.forFraming(BoundaryExperiment.wire("raw", 4));
            feedInPieces(parser, wire, step);
            assertEquals(List.of("ab[x]c", "d"), texts(parser.payloads()), "step " + step);
        }
    }

    @Test
    void workloadMessagesCarryTheirIndexAndNoDelimiters() {
        Workload workload = Workload.of("small", 12, 8, 20);
        assertEquals(12, workload.count());
        assertEquals(6 * 8 + 6 * 20, workload.totalBytes());
        for (int i = 0; i < workload.count(); i++) {
            byte[] message = workload.messages().get(i);
            assertEquals(i, BoundaryTally.indexOf(message));
            for (byte b : message) {
                assertTrue(b != '\n' && b != '[' && b != ']', "message " + i + " holds a delimiter");
            }
        }
    }
}
