package dev.tsserver.client.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import dev.tsserver.client.connection.ReplyProtocol;
import dev.tsserver.codec.wire.FrameSlice;
import dev.tsserver.codec.wire.LengthFieldWireFraming;
import dev.tsserver.codec.wire.LineWireFraming;
import dev.tsserver.codec.wire.RawWireFraming;
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
        return ReplyCheck.answers(ReplyProtocol.TS, in, in.duplicate(), 0, reply.length, PAYLOAD, seq);
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
    @ValueSource(strings = {"", "[] ", "[Tue]", "Tue] ", "[Tue]x", "[Tue\u0001] ", "[Tue] ", "[T] ",
        "[Tue Nov 24 14:03:39 2026]x"})
    void malformedPrefixIsRejected(String prefix) {
        assertFalse(answers(reply(prefix, PAYLOAD.bytes(5)), 5));
    }

    @Test
    void shortOrLongPayloadIsRejected() {
        byte[] good = PAYLOAD.bytes(5);
        assertTrue(answers(reply("[1795615419123] ", good), 5));
        assertFalse(answers(reply("[1795615419123] ", java.util.Arrays.copyOf(good, good.length - 1)), 5));
        assertFalse(answers(reply("[1795615419123] ", java.util.Arrays.copyOf(good, good.length + 1)), 5));
    }

    @Test
    void lineFramingWaitsForLfAndFindsContent() {
        ReplyFramer line = new ReplyFramer(LineWireFraming.instance(), ReplyProtocol.TS, 40);
        FrameSlice frame = new FrameSlice();
        byte[] r = reply("[T] ", PAYLOAD.bytes(1));
        assertEquals(ReplyFramer.NEED_MORE, line.nextReply(direct(r), frame));
        byte[] withLf = java.util.Arrays.copyOf(r, r.length + 1);
        withLf[r.length] = '\n';
        assertEquals(withLf.length, line.nextReply(direct(withLf), frame));
        assertEquals(0, frame.start());
        assertEquals(r.length, frame.length());
    }

    @Test
    void lineFramingGivesUpOnLineLongerThanAnyValidReply() {
        ReplyFramer line = new ReplyFramer(LineWireFraming.instance(), ReplyProtocol.TS, 4);
        byte[] noLf = new byte[line.maxReplySize() + 1]; // + 1: a CR before the LF is not content
        java.util.Arrays.fill(noLf, (byte) 'x');
        assertEquals(ReplyFramer.CORRUPT, line.nextReply(direct(noLf), new FrameSlice()));
    }

    @Test
    void lengthFramingReadsPrefixAndRejectsOversizedLength() {
        ReplyFramer length = new ReplyFramer(LengthFieldWireFraming.of(2), ReplyProtocol.TS, 40);
        FrameSlice frame = new FrameSlice();
        ByteBuffer in = ByteBuffer.allocateDirect(64);
        in.putShort((short) 3).put(new byte[] {'a', 'b'}).flip();
        assertEquals(ReplyFramer.NEED_MORE, length.nextReply(in, frame));
        in.clear();
        in.putShort((short) 3).put(new byte[] {'a', 'b', 'c'}).flip();
        assertEquals(5, length.nextReply(in, frame));
        assertEquals(2, frame.start());
        in.clear();
        in.putShort((short) 60_000).flip();
        assertEquals(ReplyFramer.CORRUPT, length.nextReply(in, frame));
    }

    @Test
    void aPayloadWhoseReplyCannotFitTheLengthFieldIsRefusedForEveryTimeFormat() {
        // 255 - 42: room for the longest ISO prefix, not only the 27 bytes of ctime.
        new ReplyFramer(LengthFieldWireFraming.of(1), ReplyProtocol.TS, 213);
        assertThrows(IllegalArgumentException.class,
                () -> new ReplyFramer(LengthFieldWireFraming.of(1), ReplyProtocol.TS, 214));
        new ReplyFramer(LengthFieldWireFraming.of(1), ReplyProtocol.ECHO, 255);
    }

    @Test
    void rawFramingTakesExactlyThePayloadSizeAfterThePrefix() {
        ReplyFramer raw = new ReplyFramer(RawWireFraming.instance(), ReplyProtocol.TS, 3);
        FrameSlice frame = new FrameSlice();
        String ts = "[1795615419123] ";
        assertEquals(ReplyFramer.NEED_MORE, raw.nextReply(direct((ts + "ab").getBytes(StandardCharsets.US_ASCII)), frame));
        assertEquals(ReplyFramer.NEED_MORE, raw.nextReply(direct("[17956".getBytes(StandardCharsets.US_ASCII)), frame));
        assertEquals(ts.length() + 3, raw.nextReply(direct((ts + "abc" + ts + "x").getBytes(StandardCharsets.US_ASCII)),
                frame));
        assertEquals(ReplyFramer.CORRUPT, raw.nextReply(direct(("x" + ts + "abc").getBytes(StandardCharsets.US_ASCII)),
                frame));
    }

    @Test
    void rawEchoRepliesAreThePayloadSizeExactly() {
        ReplyFramer raw = new ReplyFramer(RawWireFraming.instance(), ReplyProtocol.ECHO, 3);
        FrameSlice frame = new FrameSlice();
        assertEquals(3, raw.nextReply(direct("abcd".getBytes(StandardCharsets.US_ASCII)), frame));
        assertEquals(ReplyFramer.NEED_MORE, raw.nextReply(direct("ab".getBytes(StandardCharsets.US_ASCII)), frame));
    }

    @Test
    void echoRepliesAreCheckedWithoutAPrefix() {
        ByteBuffer in = direct(PAYLOAD.bytes(9));
        assertTrue(ReplyCheck.answers(ReplyProtocol.ECHO, in, in.duplicate(), 0, PAYLOAD.size(), PAYLOAD, 9));
        assertFalse(ReplyCheck.answers(ReplyProtocol.TS, in, in.duplicate(), 0, PAYLOAD.size(), PAYLOAD, 9));
    }

    @Test
    void theKnownPrefixShortcutStillChecksEveryNewPrefixInFull() {
        KnownPrefix known = new KnownPrefix();
        ByteBuffer good = direct(reply("[Mon Nov 30 01:05:01 2026] ", PAYLOAD.bytes(1)));
        assertTrue(ReplyCheck.answers(ReplyProtocol.TS, known, good, good.duplicate(), 0, good.limit(), PAYLOAD, 1));
        assertTrue(ReplyCheck.answers(ReplyProtocol.TS, known, good, good.duplicate(), 0, good.limit(), PAYLOAD, 1),
                "the same prefix again");
        ByteBuffer next = direct(reply("[Mon Nov 30 01:05:02 2026] ", PAYLOAD.bytes(2)));
        assertTrue(ReplyCheck.answers(ReplyProtocol.TS, known, next, next.duplicate(), 0, next.limit(), PAYLOAD, 2));
        ByteBuffer bad = direct(reply("[Mon Nov 30 01:05:0x 2026] ", PAYLOAD.bytes(3)));
        assertFalse(ReplyCheck.answers(ReplyProtocol.TS, known, bad, bad.duplicate(), 0, bad.limit(), PAYLOAD, 3),
                "same length as the known prefix, but not a timestamp");
        ByteBuffer wrongPayload = direct(reply("[Mon Nov 30 01:05:02 2026] ", PAYLOAD.bytes(4)));
        assertFalse(ReplyCheck.answers(ReplyProtocol.TS, known, wrongPayload, wrongPayload.duplicate(), 0,
                wrongPayload.limit(), PAYLOAD, 5));
    }

    @Test
    void requestsAreFramedPerCodec() {
        PayloadPattern p = new PayloadPattern(3);
        ByteBuffer out = ByteBuffer.allocate(16);
        new ReplyFramer(LineWireFraming.instance(), ReplyProtocol.TS, 3).writeRequest(out, p, 0xabc);
        assertEquals("abc\n", new String(out.array(), 0, out.position(), StandardCharsets.US_ASCII));
        out.clear();
        new ReplyFramer(LengthFieldWireFraming.of(4), ReplyProtocol.TS, 3).writeRequest(out, p, 0xabc);
        assertEquals(7, out.position());
        assertEquals(3, out.getInt(0));
    }
}
