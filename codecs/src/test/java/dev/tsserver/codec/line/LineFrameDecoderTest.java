package dev.tsserver.codec.line;

import static dev.tsserver.codec.testkit.TestBytes.ascii;
import static dev.tsserver.codec.testkit.TestBytes.concat;
import static dev.tsserver.codec.testkit.TestBytes.hex;
import static dev.tsserver.codec.testkit.TestBytes.repeat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.Charset;
import java.util.ArrayList;
import java.util.List;

import dev.tsserver.codec.FrameTooLongException;
import dev.tsserver.codec.testkit.Chunkings;
import dev.tsserver.codec.testkit.CodecHarness;
import dev.tsserver.codec.testkit.TestBytes;
import org.apache.mina.core.buffer.IoBuffer;
import org.apache.mina.filter.codec.ProtocolCodecSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Line framing, decoder side: CR handling, the max-frame boundary, byte transparency. */
@Timeout(10)
class LineFrameDecoderTest {

    private static final int MAX = 16;

    private static List<byte[]> decode(List<byte[]> reads) {
        try (CodecHarness harness = new CodecHarness(new LineCodecFactory(MAX))) {
            harness.feed(reads);
            assertEquals(List.of(), harness.errors());
            return harness.messages();
        }
    }

    /** Decodes {@code stream} whole, a byte at a time and at every 2-way split; all must agree. */
    private static void assertEveryChunkingDecodes(byte[] stream, List<byte[]> expected) {
        assertEquals(hex(expected), hex(decode(Chunkings.whole(stream))), "one read");
        assertEquals(hex(expected), hex(decode(Chunkings.oneByteAtATime(stream))), "one byte per read");
        for (int at = 1; at < stream.length; at++) {
            assertEquals(hex(expected), hex(decode(Chunkings.splitAt(stream, at))), "split before byte " + at);
        }
    }

    private static List<Throwable> errorsFor(List<byte[]> reads) {
        try (CodecHarness harness = new CodecHarness(new LineCodecFactory(MAX))) {
            harness.feed(reads);
            assertEquals(List.of(), harness.messages());
            return harness.errors();
        }
    }

    @Test
    void crBeforeLfIsDropped() {
        assertEveryChunkingDecodes(ascii("hello\r\nworld\r\n"), List.of(ascii("hello"), ascii("world")));
    }

    @Test
    void bareLfEndsALineToo() {
        assertEveryChunkingDecodes(ascii("hello\nworld\r\n"), List.of(ascii("hello"), ascii("world")));
    }

    @Test
    void loneCrInsideALineIsKept() {
        assertEveryChunkingDecodes(ascii("a\rb\n\rc\n"), List.of(ascii("a\rb"), ascii("\rc")));
    }

    @Test
    void onlyTheCrRightBeforeLfIsDropped() {
        assertEveryChunkingDecodes(ascii("a\r\r\n"), List.of(ascii("a\r")));
    }

    @Test
    void emptyLinesAreEmptyPayloads() {
        assertEveryChunkingDecodes(ascii("\n\r\n\n"), List.of(new byte[0], new byte[0], new byte[0]));
    }

    @Test
    void lineOfExactlyMaxBytesIsAccepted() {
        byte[] line = repeat((byte) 'x', MAX);
        assertEveryChunkingDecodes(concat(line, ascii("\n")), List.of(line));
    }

    @Test
    void lineOfExactlyMaxBytesFollowedByCrLfIsAccepted() {
        // The CR makes max + 1 bytes before the LF; it is not payload, so the line fits.
        byte[] line = repeat((byte) 'x', MAX);
        assertEveryChunkingDecodes(concat(line, ascii("\r\nok\n")), List.of(line, ascii("ok")));
    }

    @Test
    void lineOfMaxPlusOneBytesIsRejected() {
        byte[] line = repeat((byte) 'x', MAX + 1);
        for (String ending : List.of("\n", "\r\n")) {
            byte[] stream = concat(line, ascii(ending));
            assertEquals(1, errorsFor(Chunkings.whole(stream)).size(), "one read, ending " + hex(List.of(ascii(ending))));
            assertEquals(1, errorsFor(Chunkings.oneByteAtATime(stream)).size(), "byte at a time");
            for (int at = 1; at < stream.length; at++) {
                assertEquals(1, errorsFor(Chunkings.splitAt(stream, at)).size(), "split before byte " + at);
            }
        }
    }

    @Test
    void maxBytesThenCrThenMoreBytesIsRejected() {
        // The CR at the limit turns out not to precede the LF, so it was payload after all.
        byte[] stream = concat(repeat((byte) 'x', MAX), ascii("\ry\n"));
        assertEquals(1, errorsFor(Chunkings.splitAt(stream, MAX + 1)).size());
        assertEquals(1, errorsFor(Chunkings.whole(stream)).size());
    }

    @Test
    void everyByteValueButLfPassesUnchanged() throws Exception {
        byte[] all = TestBytes.allByteValues();
        byte[] payload = new byte[255];
        int n = 0;
        for (byte b : all) {
            if (b != '\n') {
                payload[n++] = b;
            }
        }
        assertRoundTrip(payload, 512);
    }

    @Test
    void gbkAndInvalidUtf8PassUnchanged() throws Exception {
        byte[] gbk = "时间戳服务器，你好".getBytes(Charset.forName("GBK"));
        byte[] invalidUtf8 = {(byte) 0xC3, 0x28, (byte) 0xFF, (byte) 0xFE, (byte) 0xED, (byte) 0xA0, (byte) 0x80, (byte) 0xC0};
        assertRoundTrip(gbk, MAX * 4);
        assertRoundTrip(invalidUtf8, MAX);
    }

    private static void assertRoundTrip(byte[] payload, int maxFrame) throws Exception {
        try (CodecHarness harness = new CodecHarness(new LineCodecFactory(maxFrame))) {
            byte[] encoded = harness.encode(payload);
            harness.feed(Chunkings.oneByteAtATime(encoded));
            harness.feed(encoded);
            assertEquals(List.of(), harness.errors());
            assertEquals(hex(List.of(payload, payload)), hex(harness.messages()));
        }
    }

    @Test
    void readsThatDoNotStartAtIndexZeroDecode() {
        // NIO read buffers are not always at position 0 / array offset 0: the LF search must be
        // relative to the buffer, not to the backing array.
        byte[] backing = ascii("junk|one\ntw");
        IoBuffer offsetRead = IoBuffer.wrap(backing, 5, backing.length - 5);
        IoBuffer sliced = IoBuffer.wrap(ascii("JUNKo\r\nthree\n")).position(4).slice();
        IoBuffer direct = IoBuffer.allocate(8, true).put(ascii("four\n")).flip();
        try (CodecHarness harness = new CodecHarness(new LineCodecFactory(MAX))) {
            harness.feed(offsetRead).feed(sliced).feed(direct);
            assertEquals(hex(List.of(ascii("one"), ascii("two"), ascii("three"), ascii("four"))), hex(harness.messages()));
        }
    }

    @Test
    void accumulatesOnASessionThatReportsNoFragmentation() throws Exception {
        // MINA's CumulativeProtocolDecoder would drop "hel" here; ours keeps it.
        ProtocolCodecSession session = new ProtocolCodecSession();
        assertFalse(session.getTransportMetadata().hasFragmentation());
        LineFrameDecoder decoder = new LineFrameDecoder(MAX);
        IoBuffer first = IoBuffer.wrap(ascii("hel"));
        decoder.decode(session, first, session.getDecoderOutput());
        assertFalse(first.hasRemaining(), "a read is consumed even without a complete line");
        assertTrue(session.getDecoderOutputQueue().isEmpty());
        decoder.decode(session, IoBuffer.wrap(ascii("lo\r\n")), session.getDecoderOutput());
        assertEquals(hex(List.of(ascii("hello"))), hex(drain(session)));
    }

    @Test
    void saysWhetherALineIsBegunAfterEachRead() throws Exception {
        ProtocolCodecSession session = new ProtocolCodecSession();
        LineFrameDecoder decoder = new LineFrameDecoder(4);
        decoder.decode(session, IoBuffer.wrap(ascii("one\n")), session.getDecoderOutput());
        assertFalse(decoder.holdsPartialFrame(), "a read that ends with its line");
        decoder.decode(session, IoBuffer.wrap(ascii("two\nt")), session.getDecoderOutput());
        assertTrue(decoder.holdsPartialFrame(), "a whole line and the first byte of the next");
        assertThrows(FrameTooLongException.class,
                () -> decoder.decode(session, IoBuffer.wrap(ascii("oolong")), session.getDecoderOutput()));
        assertTrue(decoder.holdsPartialFrame(), "an over-long line being skipped is not finished");
        decoder.decode(session, IoBuffer.wrap(ascii("x\n")), session.getDecoderOutput());
        assertFalse(decoder.holdsPartialFrame(), "the skipped line ended");
    }

    @Test
    void partialLineBufferNeverExceedsMaxPlusOne() throws Exception {
        ProtocolCodecSession session = new ProtocolCodecSession();
        LineFrameDecoder decoder = new LineFrameDecoder(MAX);
        int largest = 0;
        List<Throwable> errors = new ArrayList<>();
        for (byte[] read : Chunkings.oneByteAtATime(concat(repeat((byte) 'x', 10 * MAX), ascii("\nok\n")))) {
            try {
                decoder.decode(session, IoBuffer.wrap(read), session.getDecoderOutput());
            } catch (FrameTooLongException e) {
                errors.add(e);
            }
            largest = Math.max(largest, decoder.bufferedBytes());
        }
        assertEquals(MAX + 1, largest, "held bytes of a partial line");
        assertEquals(1, errors.size());
        assertEquals(hex(List.of(ascii("ok"))), hex(drain(session)));
        assertEquals(0, decoder.bufferedBytes());
    }

    @Test
    @Timeout(5)
    void partialLineGrowsInAmortisedLinearTimeEvenWithTheLargestLimit() throws Exception {
        // A peer dripping one byte per read must not make each read copy the whole partial
        // line. Quadratic growth takes ~20 s here; doubling takes well under one.
        ProtocolCodecSession session = new ProtocolCodecSession();
        LineFrameDecoder decoder = new LineFrameDecoder(Integer.MAX_VALUE);
        byte[] oneByte = {'x'};
        for (int i = 0; i < 500_000; i++) {
            decoder.decode(session, IoBuffer.wrap(oneByte), session.getDecoderOutput());
        }
        decoder.decode(session, IoBuffer.wrap(ascii("\n")), session.getDecoderOutput());
        assertEquals(500_000, ((byte[]) session.getDecoderOutputQueue().poll()).length);
    }

    @Test
    void directDecodeThrowsARecoverableTooLongError() {
        ProtocolCodecSession session = new ProtocolCodecSession();
        LineFrameDecoder decoder = new LineFrameDecoder(MAX);
        IoBuffer read = IoBuffer.wrap(concat(repeat((byte) 'x', MAX + 1), ascii("\nnext\n")));
        FrameTooLongException error = assertThrows(FrameTooLongException.class,
                () -> decoder.decode(session, read, session.getDecoderOutput()));
        assertEquals(MAX, error.maxFrame());
        assertEquals(MAX + 2, read.position(), "the position moves past the bad line, so the filter retries");
        assertInstanceOf(org.apache.mina.filter.codec.RecoverableProtocolDecoderException.class, error);
    }

    @Test
    void rejectsANonPositiveLimit() {
        assertThrows(IllegalArgumentException.class, () -> new LineFrameDecoder(0));
        assertThrows(IllegalArgumentException.class, () -> new LineCodecFactory(-1));
    }

    private static List<byte[]> drain(ProtocolCodecSession session) {
        List<byte[]> out = new ArrayList<>();
        Object message;
        while ((message = session.getDecoderOutputQueue().poll()) != null) {
            out.add((byte[]) message);
        }
        return out;
    }
}
