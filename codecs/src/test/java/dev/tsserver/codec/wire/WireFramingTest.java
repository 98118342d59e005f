package dev.tsserver.codec.wire;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.Arrays;

import org.junit.jupiter.api.Test;

class WireFramingTest {

    private final FrameSlice slice = new FrameSlice();

    private static byte[] ascii(String text) {
        return text.getBytes(US_ASCII);
    }

    private String payloadOf(ByteBuffer in) {
        return new String(Arrays.copyOfRange(in.array(), slice.start(), slice.start() + slice.length()), US_ASCII);
    }

    @Test
    void lineFramesWithLfAndDropsACrBeforeIt() {
        LineWireFraming line = LineWireFraming.instance();
        assertArrayEquals(ascii("hello\n"), line.frame(ascii("hello")));
        ByteBuffer in = ByteBuffer.wrap(ascii("ab\r\ncd\n"));
        assertEquals(4, line.nextFrame(in, 10, slice));
        assertEquals("ab", payloadOf(in));
        in.position(4);
        assertEquals(7, line.nextFrame(in, 10, slice));
        assertEquals("cd", payloadOf(in));
    }

    @Test
    void lineNeedsMoreUntilTheLfAndIsCorruptPastTheLimit() {
        LineWireFraming line = LineWireFraming.instance();
        assertEquals(WireFraming.NEED_MORE, line.nextFrame(ByteBuffer.wrap(ascii("abc")), 10, slice));
        assertEquals(WireFraming.CORRUPT, line.nextFrame(ByteBuffer.wrap(ascii("abcdef")), 3, slice));
        assertEquals(WireFraming.CORRUPT, line.nextFrame(ByteBuffer.wrap(ascii("abcd\n")), 3, slice));
        assertEquals(5, line.nextFrame(ByteBuffer.wrap(ascii("abc\r\n")), 3, slice));
    }

    @Test
    void lineRefusesAPayloadWithALineFeed() {
        assertTrue(LineWireFraming.instance().whyUnframeable(ascii("a\nb")).isPresent());
        assertFalse(LineWireFraming.instance().whyUnframeable(ascii("")).isPresent());
    }

    @Test
    void lengthWritesABigEndianFieldOfEachSize() {
        assertArrayEquals(new byte[] {5, 'h', 'e', 'l', 'l', 'o'}, LengthFieldWireFraming.of(1).frame(ascii("hello")));
        assertArrayEquals(new byte[] {0, 5, 'h', 'e', 'l', 'l', 'o'}, LengthFieldWireFraming.of(2).frame(ascii("hello")));
        assertArrayEquals(new byte[] {0, 0, 0, 2, 'h', 'i'}, LengthFieldWireFraming.of(4).frame(ascii("hi")));
    }

    @Test
    void lengthRefusesWhatTheFieldCannotHold() {
        LengthFieldWireFraming one = LengthFieldWireFraming.of(1);
        assertFalse(one.whyUnframeable(new byte[255]).isPresent());
        assertEquals("256 bytes do not fit a 1-byte length field (max 255)",
                one.whyUnframeable(new byte[256]).orElseThrow());
        assertThrows(IllegalArgumentException.class, () -> one.frame(new byte[256]));
        assertEquals(65_535, LengthFieldWireFraming.of(2).maxPayload());
        assertThrows(IllegalArgumentException.class, () -> LengthFieldWireFraming.of(3));
    }

    @Test
    void lengthFindsFramesAndRefusesADeclaredLengthOverTheLimit() {
        LengthFieldWireFraming two = LengthFieldWireFraming.of(2);
        ByteBuffer in = ByteBuffer.wrap(new byte[] {0, 2, 'h', 'i', 0, 3, 'a'});
        assertEquals(4, two.nextFrame(in, 10, slice));
        assertEquals("hi", payloadOf(in));
        in.position(4);
        assertEquals(WireFraming.NEED_MORE, two.nextFrame(in, 10, slice));
        assertEquals(WireFraming.CORRUPT, two.nextFrame(in, 2, slice));
        assertEquals(WireFraming.NEED_MORE, two.nextFrame(ByteBuffer.wrap(new byte[] {0}), 10, slice));
    }

    @Test
    void rawTakesWhateverIsBufferedAndCannotSendNothing() {
        RawWireFraming raw = RawWireFraming.instance();
        assertFalse(raw.delimitsMessages());
        assertTrue(raw.whyUnframeable(new byte[0]).isPresent());
        assertArrayEquals(ascii("abc"), raw.frame(ascii("abc")));
        ByteBuffer in = ByteBuffer.wrap(ascii("abcdef"));
        assertEquals(4, raw.nextFrame(in, 4, slice));
        assertEquals("abcd", payloadOf(in));
        assertEquals(WireFraming.NEED_MORE, raw.nextFrame(ByteBuffer.allocate(0), 4, slice));
    }
}
