package dev.tsserver.codec.wire;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class ReplyPrefixTest {

    private static int length(String text) {
        byte[] bytes = text.getBytes(US_ASCII);
        return ReplyPrefix.length(ByteBuffer.wrap(bytes), 0, bytes.length);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "[Tue Nov 24 14:03:39 2026] ",
        "[Thu Jan  1 00:00:00 1970] ",
        "[2026-11-24T14:03:39.123Z] ",
        "[2026-11-24T22:03:39.123+08:00] ",
        "[1969-12-31T19:00:00.000-05:00] ",
        "[1900-01-01T00:00:00.000+00:17:30] ",
        "[+1234567890-11-24T22:03:39.123+08:00:30] ",
        "[1795615419123] ",
        "[-1] ",
    })
    void recognisesEveryTimeFormat(String prefix) {
        assertEquals(prefix.length(), length(prefix + "payload"));
        assertEquals(prefix.length(), ReplyPrefix.length((prefix + "x").getBytes(US_ASCII)));
    }

    @Test
    void theLongestIsoPrefixIsTheAllowance() {
        assertEquals(ReplyPrefix.MAX_LENGTH, length("[+1234567890-11-24T22:03:39.123+08:00:30] "));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "Tue Nov 24 14:03:39 2026] no bracket",
        "[Tue Nov 24 14:03:39 2026]no space",
        "[Tuesday Nov 24 14:03:39 2026] ",
        "[Tue Nov 24 14:3:39 2026] ",
        "[2026-11-24 14:03:39.123Z] ",
        "[2026-11-24T14:03:39Z] ",
        "[2026-11-24T14:03:39.123+0800] ",
        "[12345678901234567890] ",
        "[] ",
        "[hello] world",
        "ERROR line too long (max 10 bytes)",
        "[Tue Nov 24 14:03:39 2026\n] ",
    })
    void refusesWhatNoFormatRenders(String text) {
        assertEquals(ReplyPrefix.NOT_A_PREFIX, length(text));
    }

    @Test
    void asksForMoreWhileThePrefixIsIncomplete() {
        assertEquals(ReplyPrefix.NEED_MORE, length(""));
        assertEquals(ReplyPrefix.NEED_MORE, length("[Tue Nov 24"));
        assertEquals(ReplyPrefix.NEED_MORE, length("[Tue Nov 24 14:03:39 2026]"));
        assertEquals(ReplyPrefix.NOT_A_PREFIX, ReplyPrefix.length("[Tue Nov 24".getBytes(US_ASCII)));
    }

    @Test
    void givesUpAfterTheLongestPrefix() {
        assertEquals(ReplyPrefix.NOT_A_PREFIX, length("[" + "1".repeat(ReplyPrefix.MAX_LENGTH)));
    }

    @Test
    void worksOnAbsoluteIndicesOfALargerBuffer() {
        byte[] bytes = "xx[1795615419123] hi".getBytes(US_ASCII);
        assertEquals(16, ReplyPrefix.length(ByteBuffer.wrap(bytes), 2, bytes.length));
        assertEquals(ReplyPrefix.NEED_MORE, ReplyPrefix.length(ByteBuffer.wrap(bytes), 2, 10));
    }

    @Test
    void answersMeansThePrefixThenExactlyThePayload() {
        byte[] payload = "hi".getBytes(US_ASCII);
        assertTrue(ReplyPrefix.answers("[1795615419123] hi".getBytes(US_ASCII), payload));
        assertFalse(ReplyPrefix.answers("[1795615419123] hi!".getBytes(US_ASCII), payload));
        assertFalse(ReplyPrefix.answers("[1795615419123] ho".getBytes(US_ASCII), payload));
        assertFalse(ReplyPrefix.answers("hi".getBytes(US_ASCII), payload));
    }
}
