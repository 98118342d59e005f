package dev.tsserver.codec.length;

import static dev.tsserver.codec.testkit.TestBytes.ascii;
import static dev.tsserver.codec.testkit.TestBytes.concat;
import static dev.tsserver.codec.testkit.TestBytes.hex;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.Charset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import dev.tsserver.codec.CorruptFrameException;
import dev.tsserver.codec.testkit.Chunkings;
import dev.tsserver.codec.testkit.CodecHarness;
import dev.tsserver.codec.testkit.TestBytes;
import org.apache.mina.core.buffer.IoBuffer;
import org.apache.mina.filter.codec.ProtocolCodecSession;
import org.apache.mina.filter.codec.RecoverableProtocolDecoderException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Length framing, decoder side, for each field size. */
@Timeout(10)
class LengthFieldFrameDecoderTest {

    private static final int MAX = 200;

    private static byte[] frame(int prefix, byte[]... payloads) {
        return LengthFieldContract.frame(prefix, List.of(payloads));
    }

    /** A length field declaring {@code length}, written by hand so it can exceed what frame() allows. */
    private static byte[] header(int prefix, long length) {
        byte[] header = new byte[prefix];
        for (int i = 0; i < prefix; i++) {
            header[i] = (byte) (length >>> (8 * (prefix - 1 - i)));
        }
        return header;
    }

    private static CodecHarness harness(int prefix) {
        return new CodecHarness(new LengthFieldCodecFactory(prefix, MAX));
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 4})
    void emptyPayloadsAreMessages(int prefix) {
        byte[] stream = frame(prefix, new byte[0], new byte[0], ascii("x"), new byte[0]);
        for (List<byte[]> reads : List.of(Chunkings.whole(stream), Chunkings.oneByteAtATime(stream))) {
            try (CodecHarness harness = harness(prefix)) {
                harness.feed(reads);
                assertEquals(hex(List.of(new byte[0], new byte[0], ascii("x"), new byte[0])), hex(harness.messages()));
            }
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 4})
    void declaredLengthOfExactlyMaxIsAccepted(int prefix) {
        byte[] atLimit = TestBytes.random(new Random(prefix), MAX);
        try (CodecHarness harness = harness(prefix)) {
            harness.feed(Chunkings.oneByteAtATime(frame(prefix, atLimit)));
            assertEquals(List.of(), harness.errors());
            assertEquals(hex(List.of(atLimit)), hex(harness.messages()));
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 4})
    void declaredLengthOverMaxFailsTheStreamAndNothingAfterItIsEmitted(int prefix) {
        byte[] stream = concat(frame(prefix, ascii("before")), header(prefix, MAX + 1), new byte[MAX + 1],
                frame(prefix, ascii("after")));
        for (List<byte[]> reads : List.of(Chunkings.whole(stream), Chunkings.oneByteAtATime(stream),
                Chunkings.splitAt(stream, 7 + prefix + 1))) {
            try (CodecHarness harness = harness(prefix)) {
                harness.feed(reads);
                harness.feed(frame(prefix, ascii("later read")));
                List<Object> events = harness.events();
                assertEquals(2, events.size(), () -> "expected [before, error], got " + events);
                assertEquals(hex(List.of(ascii("before"))), hex(harness.messages()));
                CorruptFrameException error = assertInstanceOf(CorruptFrameException.class, events.get(1));
                assertFalse(RecoverableProtocolDecoderException.class.isInstance(error), "the stream cannot resynchronise");
                assertEquals("declared frame length 201 exceeds max frame 200 bytes; the stream cannot be resynchronised",
                        error.getMessage());
                assertEquals("", error.getHexdump());
            }
        }
    }

    @Test
    void largestFourByteLengthIsReportedUnsigned() {
        try (CodecHarness harness = harness(4)) {
            harness.feed(concat(header(4, 0xFFFF_FFFFL), ascii("body")));
            CorruptFrameException error = assertInstanceOf(CorruptFrameException.class, harness.errors().get(0));
            assertTrue(error.getMessage().startsWith("declared frame length 4294967295 exceeds max frame 200"),
                    error.getMessage());
        }
    }

    @Test
    void corruptFrameMessageCarriesNoHexdumpEvenForALargeRead() {
        byte[] read = concat(header(4, 1_000_000), new byte[10_000]);
        try (CodecHarness harness = harness(4)) {
            harness.feed(read);
            CorruptFrameException error = assertInstanceOf(CorruptFrameException.class, harness.errors().get(0));
            String message = error.getMessage();
            assertTrue(message.length() < 200, message);
            assertFalse(message.contains("00 0F 42 40"), "hexdump of the read leaked into the message: " + message);
            assertFalse(error.toString().contains("00 00 00 00"), error.toString());
        }
    }

    @Test
    void decoderStaysFailedAndDiscardsEverythingAfterward() throws Exception {
        ProtocolCodecSession session = new ProtocolCodecSession();
        LengthFieldFrameDecoder decoder = new LengthFieldFrameDecoder(2, MAX);
        IoBuffer bad = IoBuffer.wrap(concat(header(2, MAX + 1), frame(2, ascii("x"))));
        assertThrows(CorruptFrameException.class, () -> decoder.decode(session, bad, session.getDecoderOutput()));
        assertFalse(bad.hasRemaining(), "the rest of the read is discarded");
        assertTrue(decoder.hasFailed());
        IoBuffer later = IoBuffer.wrap(frame(2, ascii("y")));
        decoder.decode(session, later, session.getDecoderOutput());
        assertFalse(later.hasRemaining());
        assertTrue(session.getDecoderOutputQueue().isEmpty());
    }

    @Test
    void everyByteValueGbkAndInvalidUtf8PassUnchanged() throws Exception {
        byte[] all = TestBytes.allByteValues();
        byte[] gbk = "时间戳服务器，你好".getBytes(Charset.forName("GBK"));
        byte[] invalidUtf8 = {(byte) 0xC3, 0x28, (byte) 0xFF, (byte) 0xFE, (byte) 0xED, (byte) 0xA0, (byte) 0x80};
        for (int prefix : new int[] {1, 2, 4}) {
            // 255 is the most a one-byte field carries: split all 256 values over two frames.
            List<byte[]> payloads = List.of(Arrays.copyOf(all, 200), Arrays.copyOfRange(all, 200, 256),
                    gbk, invalidUtf8);
            try (CodecHarness harness = harness(prefix)) {
                List<byte[]> encoded = new ArrayList<>();
                for (byte[] payload : payloads) {
                    encoded.add(harness.encode(payload));
                }
                harness.feed(Chunkings.oneByteAtATime(TestBytes.concat(encoded)));
                assertEquals(hex(payloads), hex(harness.messages()), "prefix " + prefix);
            }
        }
    }

    @Test
    void accumulatesOnASessionThatReportsNoFragmentation() throws Exception {
        ProtocolCodecSession session = new ProtocolCodecSession();
        assertFalse(session.getTransportMetadata().hasFragmentation());
        LengthFieldFrameDecoder decoder = new LengthFieldFrameDecoder(4, MAX);
        byte[] stream = frame(4, ascii("hello"));
        for (byte[] read : Chunkings.splitAt(stream, 2)) {
            IoBuffer buffer = IoBuffer.wrap(read);
            decoder.decode(session, buffer, session.getDecoderOutput());
            assertFalse(buffer.hasRemaining(), "every read is consumed");
        }
        assertEquals(hex(List.of(ascii("hello"))), hex(List.of((byte[]) session.getDecoderOutputQueue().poll())));
    }

    @Test
    void constructorsValidate() {
        assertThrows(IllegalArgumentException.class, () -> new LengthFieldFrameDecoder(3, MAX));
        assertThrows(IllegalArgumentException.class, () -> new LengthFieldFrameDecoder(4, 0));
        assertThrows(IllegalArgumentException.class, () -> new LengthFieldCodecFactory(8, MAX));
        assertThrows(IllegalArgumentException.class, () -> new LengthFieldCodecFactory(2, 0));
    }

    @Test
    void saysWhetherAFrameIsBegunAfterEachRead() throws Exception {
        ProtocolCodecSession session = new ProtocolCodecSession();
        LengthFieldFrameDecoder decoder = new LengthFieldFrameDecoder(2, MAX);
        decoder.decode(session, IoBuffer.wrap(new byte[] {0, 1, 'a'}), session.getDecoderOutput());
        assertFalse(decoder.holdsPartialFrame(), "a read that ends with its frame");
        decoder.decode(session, IoBuffer.wrap(new byte[] {0, 1, 'b', 0}), session.getDecoderOutput());
        assertTrue(decoder.holdsPartialFrame(), "a whole frame and half of the next header");
        decoder.decode(session, IoBuffer.wrap(new byte[] {2, 'c'}), session.getDecoderOutput());
        assertTrue(decoder.holdsPartialFrame(), "a body shorter than declared");
        decoder.decode(session, IoBuffer.wrap(new byte[] {'d'}), session.getDecoderOutput());
        assertFalse(decoder.holdsPartialFrame());
    }
}
