package dev.tsserver.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@Timeout(10)
class CodecSettingsTest {

    @Test
    void defaultsMatchTheSpec() {
        assertEquals(new CodecSettings(65_536, 4), CodecSettings.defaults());
    }

    @Test
    void smallestMaxFrameIsOneByte() {
        assertEquals(1, new CodecSettings(1, 4).maxFrame());
    }

    @ParameterizedTest
    @ValueSource(ints = {0, -1, Integer.MIN_VALUE})
    void rejectsAMaxFrameBelowOne(int maxFrame) {
        IllegalArgumentException error =
                assertThrows(IllegalArgumentException.class, () -> new CodecSettings(maxFrame, 4));
        assertEquals("max frame must be at least 1 byte, was " + maxFrame, error.getMessage());
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 4})
    void acceptsPrefixesOfOneTwoAndFourBytes(int prefix) {
        assertEquals(prefix, new CodecSettings(100, prefix).lengthPrefix());
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 3, 5, 8, -1})
    void rejectsOtherPrefixes(int prefix) {
        IllegalArgumentException error =
                assertThrows(IllegalArgumentException.class, () -> new CodecSettings(100, prefix));
        assertEquals("length prefix must be 1, 2 or 4 bytes, was " + prefix, error.getMessage());
    }

    @Test
    void withersValidateAndLeaveTheOriginalUnchanged() {
        CodecSettings original = CodecSettings.defaults();
        assertEquals(new CodecSettings(10, 4), original.withMaxFrame(10));
        assertEquals(new CodecSettings(65_536, 2), original.withLengthPrefix(2));
        assertEquals(CodecSettings.defaults(), original);
        assertThrows(IllegalArgumentException.class, () -> original.withMaxFrame(0));
        assertThrows(IllegalArgumentException.class, () -> original.withLengthPrefix(3));
    }
}
