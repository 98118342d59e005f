package dev.tsserver.client.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Reply checks and framing, on buffers, without sockets. */
class ReplyCheckTest {

    private static final PayloadPattern PAYLOAD = new PayloadPattern(40);

    private static ByteBuffer direct(byte[] bytes) {
        ByteBuffer b = ByteBuffer.allocateDirect(bytes.length + 16);
        b.put(bytes).flip();
        return b;
    }

    private static byte[] reply(String prefix, byte[] payload) {
        byte[] p = prefix.getBytes(StandardCharsets.US_ASCII);
        byte[] r = new byte[p.length + payload.length];
        System.arraycopy(p, 0, r, 0, p.length);
        System.arraycopy(payload, 0, r, p.length, payload.length);
        return r;
    }

    private static boolean answers(byte[] reply, long seq) {
        ByteBuffer in = direct(reply);
        return ReplyCheck.answers(in, in.duplicate(), 0, reply.length, PAYLOAD, seq);
    }

    @Test
    void payloadsOfDifferentRequestsDiffer() {
        assertFalse(java.util.Arrays.equals(PAYLOAD.bytes(7), PAYLOAD.bytes(8)));
        assertFalse(java.util.Arrays.equals(PAYLOAD.bytes(7), PAYLOAD.bytes((1L << 40) + 7)));
    }

    @Test
    void payloadHasNoLineBreakAndNoClosingBracket() {
        for (byte b : new PayloadPattern(300).bytes(0x0123456789abcdefL)) {
            assertTrue(b != '\n' && b != '\r' && b != ']', "byte " + b);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"[Tue Nov 24 14:03:39 2026] ", "[2026-11-24T14:03:39.123Z] ", "[1764000000000] "})
    void validReplyAnswersItsRequest(String prefix) {
        assertTrue(answers(reply(prefix, PAYLOAD.bytes(5)), 5));
    }

    @Test
    void validReplyDoesNotAnswerAnotherRequest() {
        assertFalse(answers(reply("[Tue Nov 24 14:03:39 2026] ", PAYLOAD.bytes(5)), 6));
    }

    @Test
    void changedPayloadByteIsRejected() {
        byte[] r = reply("[Tue Nov 24 14:03:39 2026] ", PAYLOAD.bytes(5));
        r[r.length - 3] ^= 0x20;
        assertFalse(answers(r, 5));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "[] ", "[Tue]", "Tue] ", "[Tue]x", "[Tue\u0001] "})
    void malformedPrefixIsRejected(String prefix) {
        assertFalse(answers(reply(prefix, PAYLOAD.bytes(5)), 5));
    }

    @Test
    void shortOrLongPayloadIsRejected() {
        byte[] good = PAYLOAD.bytes(5);
        assertFalse(answers(reply("[T] ", java.util.Arrays.copyOf(good, good.length - 1)), 5));
        assertFalse(answers(reply("[T] ", java.util.Arrays.copyOf(good, good.length + 1)), 5));
    }

    @Test
    void lineFramingWaitsForLfAndFindsContent() {
        Framing line = new Framing.Line(40);
        Framing.ReplyFrame frame = new Framing.ReplyFrame();
        byte[] r = reply("[T] ", PAYLOAD.bytes(1));
        assertEquals(Framing.NEED_MORE, line.nextReply(direct(r), frame));
        byte[] withLf = java.util.Arrays.copyOf(r, r.length + 1);
        withLf[r.length] = '\n';
        assertEquals(withLf.length, line.nextReply(direct(withLf), frame));
        assertEquals(0, frame.start);
        assertEquals(r.length, frame.length);
    }

    @Test
    void lineFramingGivesUpOnLineLongerThanAnyValidReply() {
        Framing line = new Framing.Line(4);
        byte[] noLf = new byte[line.maxReplySize()];
        java.util.Arrays.fill(noLf, (byte) 'x');
        assertEquals(Framing.CORRUPT, line.nextReply(direct(noLf), new Framing.ReplyFrame()));
    }

    @Test
    void lengthFramingReadsPrefixAndRejectsOversizedLength() {
        Framing length = new Framing.Length(40, 2);
        Framing.ReplyFrame frame = new Framing.ReplyFrame();
        ByteBuffer in = ByteBuffer.allocateDirect(64);
        in.putShort((short) 3).put(new byte[] {'a', 'b'}).flip();
        assertEquals(Framing.NEED_MORE, length.nextReply(in, frame));
        in.clear();
        in.putShort((short) 3).put(new byte[] {'a', 'b', 'c'}).flip();
        assertEquals(5, length.nextReply(in, frame));
        assertEquals(2, frame.start);
        in.clear();
        in.putShort((short) 60_000).flip();
        assertEquals(Framing.CORRUPT, length.nextReply(in, frame));
    }

    @Test
    void rawFramingTakesExactlyThePayloadSizeAfterThePrefix() {
        Framing raw = new Framing.Raw(3);
        Framing.ReplyFrame frame = new Framing.ReplyFrame();
        assertEquals(Framing.NEED_MORE, raw.nextReply(direct("[T] ab".getBytes(StandardCharsets.US_ASCII)), frame));
        assertEquals(7, raw.nextReply(direct("[T] abc[T] x".getBytes(StandardCharsets.US_ASCII)), frame));
        assertEquals(Framing.CORRUPT, raw.nextReply(direct("x[T] abc".getBytes(StandardCharsets.US_ASCII)), frame));
    }

    @Test
    void requestsAreFramedPerCodec() {
        PayloadPattern p = new PayloadPattern(3);
        ByteBuffer out = ByteBuffer.allocate(16);
        new Framing.Line(3).writeRequest(out, p, 0xabc);
        assertEquals("abc\n", new String(out.array(), 0, out.position(), StandardCharsets.US_ASCII));
        out.clear();
        new Framing.Length(3, 4).writeRequest(out, p, 0xabc);
        assertEquals(7, out.position());
        assertEquals(3, out.getInt(0));
    }
}
