package dev.tsserver.codec.line;

import static dev.tsserver.codec.testkit.TestBytes.ascii;
import static dev.tsserver.codec.testkit.TestBytes.concat;
import static dev.tsserver.codec.testkit.TestBytes.hex;
import static dev.tsserver.codec.testkit.TestBytes.repeat;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.util.Arrays;
import java.util.List;

import dev.tsserver.codec.CodecSettings;
import dev.tsserver.codec.FrameTooLongException;
import dev.tsserver.codec.testkit.Chunkings;
import dev.tsserver.codec.testkit.CodecHarness;
import org.apache.mina.filter.codec.RecoverableProtocolDecoderException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * SPEC: an over-long line is not echoed, the client gets one line
 * {@code ERROR line too long (max N bytes)} and the lines after it still work. Checked through
 * MINA's ProtocolCodecFilter, which retries the rest of a read only after a recoverable
 * exception that moved the buffer position.
 */
@Timeout(10)
class LineCodecErrorRecoveryTest {

    private static final int MAX = 16;

    private static CodecHarness harness(int maxFrame) {
        return new CodecHarness(new LineCodecProvider().newCodecFactory(new CodecSettings(maxFrame, 4)));
    }

    private static void assertOneTooLongBetween(CodecHarness harness, String before, String after) {
        List<Object> events = harness.events();
        assertEquals(3, events.size(), () -> "expected message, error, message; got " + events);
        assertArrayEquals(ascii(before), (byte[]) events.get(0));
        assertInstanceOf(FrameTooLongException.class, events.get(1));
        assertArrayEquals(ascii(after), (byte[]) events.get(2));
    }

    @Test
    void tooLongErrorCarriesTheExactPeerNotice() {
        try (CodecHarness harness = harness(CodecSettings.DEFAULT_MAX_FRAME)) {
            harness.feed(concat(repeat((byte) 'x', CodecSettings.DEFAULT_MAX_FRAME + 1), ascii("\n")));
            FrameTooLongException error = assertInstanceOf(FrameTooLongException.class, harness.errors().get(0));
            assertEquals("ERROR line too long (max 65536 bytes)", error.peerNotice());
            assertEquals(CodecSettings.DEFAULT_MAX_FRAME, error.maxFrame());
            assertInstanceOf(RecoverableProtocolDecoderException.class, error);
        }
    }

    @Test
    void tooLongErrorHasNoHexdump() {
        try (CodecHarness harness = harness(MAX)) {
            harness.feed(concat(repeat((byte) 'x', 4 * MAX), ascii("\n")));
            FrameTooLongException error = assertInstanceOf(FrameTooLongException.class, harness.errors().get(0));
            assertEquals("", error.getHexdump());
            assertEquals("line longer than 16 bytes discarded", error.getMessage());
        }
    }

    @Test
    void linesAroundATooLongLineInOneReadStillDecode() {
        try (CodecHarness harness = harness(MAX)) {
            harness.feed(concat(ascii("before\n"), repeat((byte) 'x', MAX + 1), ascii("\r\nafter\n")));
            assertOneTooLongBetween(harness, "before", "after");
        }
    }

    @Test
    void tooLongLineSplitAcrossManyReadsYieldsExactlyOneError() {
        byte[] stream = concat(ascii("before\n"), repeat((byte) 'x', 20 * MAX), ascii("\nafter\n"));
        for (int readSize : new int[] {1, 2, 3, 7, MAX - 1, MAX, MAX + 1, MAX + 2, 5 * MAX}) {
            try (CodecHarness harness = harness(MAX)) {
                for (int from = 0; from < stream.length; from += readSize) {
                    harness.feed(Arrays.copyOfRange(stream, from, Math.min(stream.length, from + readSize)));
                }
                assertOneTooLongBetween(harness, "before", "after");
            }
        }
    }

    @Test
    void tooLongLineAtEverySplitPointYieldsExactlyOneError() {
        byte[] stream = concat(ascii("a\n"), repeat((byte) 'x', MAX + 3), ascii("\r\nb\n"));
        for (int at = 1; at < stream.length; at++) {
            try (CodecHarness harness = harness(MAX)) {
                harness.feed(Chunkings.splitAt(stream, at));
                assertOneTooLongBetween(harness, "a", "b");
            }
        }
    }

    @Test
    void eachTooLongLineGetsItsOwnError() {
        byte[] tooLong = repeat((byte) 'x', MAX + 1);
        try (CodecHarness harness = harness(MAX)) {
            harness.feed(concat(tooLong, ascii("\n"), tooLong, ascii("\nok\n"), tooLong));
            harness.feed(ascii("x\nlast\n"));
            assertEquals(3, harness.errors().size(), () -> "events: " + harness.events());
            assertEquals(hex(List.of(ascii("ok"), ascii("last"))), hex(harness.messages()));
        }
    }

    @Test
    void sessionStaysUsableAfterAnError() {
        try (CodecHarness harness = harness(MAX)) {
            harness.feed(concat(repeat((byte) 'x', MAX * 3), ascii("\n")));
            harness.feed(ascii("still here\n"));
            assertFalse(harness.session().isClosing(), "the codec must not close the session");
            assertEquals(hex(List.of(ascii("still here"))), hex(harness.messages()));
        }
    }
}
