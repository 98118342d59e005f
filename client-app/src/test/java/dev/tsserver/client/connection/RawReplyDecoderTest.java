package dev.tsserver.client.connection;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.TimeUnit;

import dev.tsserver.codec.CorruptFrameException;
import dev.tsserver.codec.wire.ReplyPrefix;
import org.apache.mina.core.buffer.IoBuffer;
import org.apache.mina.filter.codec.ProtocolCodecSession;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 10, unit = TimeUnit.SECONDS)
class RawReplyDecoderTest {

    private static final String PREFIX = "[Tue Nov 24 14:03:39 2026] ";

    private RawReplyDecoder decoder;
    private ProtocolCodecSession session;

    @BeforeEach
    void setUp() {
        decoder = new RawReplyDecoder(ReplyProtocol.TS);
        session = new ProtocolCodecSession();
    }

    private void feed(String bytes) throws Exception {
        IoBuffer in = IoBuffer.wrap(bytes.getBytes(UTF_8));
        decoder.decode(session, in, session.getDecoderOutput());
        assertEquals(0, in.remaining(), "every call consumes its input");
    }

    private List<String> decoded() {
        Queue<Object> queue = session.getDecoderOutputQueue();
        List<String> replies = new ArrayList<>();
        Object reply;
        while ((reply = queue.poll()) != null) {
            replies.add(new String((byte[]) reply, UTF_8));
        }
        return replies;
    }

    @Test
    void twoMergedRepliesAreSplitByTheLengthsSent() throws Exception {
        decoder.expect("hi".getBytes(UTF_8));
        decoder.expect("[x] y".getBytes(UTF_8));
        feed(PREFIX + "hi" + PREFIX + "[x] y");
        assertEquals(List.of(PREFIX + "hi", PREFIX + "[x] y"), decoded());
    }

    @Test
    void aMessageTheServerReadInPiecesIsOneReply() throws Exception {
        decoder.expect("abcdef".getBytes(UTF_8));
        decoder.expect("g".getBytes(UTF_8));
        feed(PREFIX + "abc" + PREFIX + "d");
        feed(PREFIX + "ef" + PREFIX + "g");
        assertEquals(List.of(PREFIX + "abc" + PREFIX + "d" + PREFIX + "ef", PREFIX + "g"), decoded());
    }

    @Test
    void aReplyThatDoesNotEchoTheMessageFailsTheStream() {
        decoder.expect("abc".getBytes(UTF_8));
        CorruptFrameException e = assertThrows(CorruptFrameException.class, () -> feed(PREFIX + "abd"));
        assertEquals("a reply does not echo the message sent", e.getMessage());
    }

    @Test
    void aReplyFedOneByteAtATimeComesOutOnce() throws Exception {
        decoder.expect("a] b".getBytes(UTF_8));
        String reply = PREFIX + "a] b";
        for (int i = 0; i < reply.length(); i++) {
            feed(reply.substring(i, i + 1));
        }
        assertEquals(List.of(reply), decoded());
    }

    @Test
    void aPayloadThatLooksLikeAPrefixIsStillPayload() throws Exception {
        decoder.expect(PREFIX.getBytes(UTF_8));
        decoder.expect("z".getBytes(UTF_8));
        feed(PREFIX + PREFIX + PREFIX + "z");
        assertEquals(List.of(PREFIX + PREFIX, PREFIX + "z"), decoded());
    }

    @Test
    void bytesThatAreNotAReplyFailTheStream() throws Exception {
        decoder.expect("x".getBytes(UTF_8));
        CorruptFrameException e = assertThrows(CorruptFrameException.class, () -> feed("ERROR x"));
        assertTrue(e.getMessage().contains("[TIMESTAMP]"), e.getMessage());
        feed(PREFIX + "x");
        assertEquals(List.of(), decoded(), "nothing is decoded after a failure");
    }

    @Test
    void aReplyForNoMessageFailsTheStream() {
        assertThrows(CorruptFrameException.class, () -> feed(PREFIX + "x"));
    }

    @Test
    void anEndlessPrefixIsCutOff() {
        decoder.expect("x".getBytes(UTF_8));
        assertThrows(CorruptFrameException.class, () -> feed("[" + "9".repeat(ReplyPrefix.MAX_LENGTH)));
    }

    @Test
    void everyTimeFormatIsAPrefix() throws Exception {
        decoder.expect("a".getBytes(UTF_8));
        decoder.expect("b".getBytes(UTF_8));
        decoder.expect("c".getBytes(UTF_8));
        feed("[2026-11-24T22:03:39.123+08:00] a[1795615419123] b[Tue Nov 24 14:03:39 2026] c");
        assertEquals(List.of("[2026-11-24T22:03:39.123+08:00] a", "[1795615419123] b",
                "[Tue Nov 24 14:03:39 2026] c"), decoded());
    }

    @Test
    void aBracketThatStartsNoTimestampFailsTheStream() {
        decoder.expect("abc".getBytes(UTF_8));
        assertThrows(CorruptFrameException.class, () -> feed(PREFIX + "a[not a time] bc"));
    }

    @Test
    void echoRepliesAreTheMessagesThemselves() throws Exception {
        decoder = new RawReplyDecoder(ReplyProtocol.ECHO);
        decoder.expect("abc".getBytes(UTF_8));
        decoder.expect("[x".getBytes(UTF_8));
        feed("ab");
        feed("c[");
        feed("x");
        assertEquals(List.of("abc", "[x"), decoded());
        decoder.expect("q".getBytes(UTF_8));
        assertThrows(CorruptFrameException.class, () -> feed("[1795615419123] q"));
    }

    @Test
    void payloadBytesPassUnchanged() throws Exception {
        decoder.expect(new byte[] {(byte) 0xff, 0, '\n'});
        byte[] prefix = PREFIX.getBytes(UTF_8);
        IoBuffer in = IoBuffer.allocate(prefix.length + 3).put(prefix).put(new byte[] {(byte) 0xff, 0, '\n'}).flip();
        decoder.decode(session, in, session.getDecoderOutput());
        byte[] reply = (byte[]) session.getDecoderOutputQueue().poll();
        byte[] tail = new byte[3];
        System.arraycopy(reply, prefix.length, tail, 0, 3);
        assertArrayEquals(new byte[] {(byte) 0xff, 0, '\n'}, tail);
    }
}
