package dev.tsserver.example.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import dev.tsserver.codec.CodecSettings;
import dev.tsserver.codec.CorruptFrameException;
import dev.tsserver.codec.spi.CodecRegistry;
import dev.tsserver.codec.testkit.Chunkings;
import dev.tsserver.codec.testkit.CodecHarness;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** What the kit cannot know about varints: the wire bytes of known lengths, and bad varints. */
@Timeout(10)
class VarintFrameDecoderTest {

    private static CodecHarness harness(int maxFrame) {
        return new CodecHarness(CodecRegistry.discover().newCodecFactory(VarintCodecProvider.NAME,
                new CodecSettings(maxFrame, CodecSettings.DEFAULT_LENGTH_PREFIX)));
    }

    @Test
    void encodesLengthsAsProtobufDoes() throws Exception {
        try (CodecHarness harness = harness(1000)) {
            assertEquals("0568656c6c6f", java.util.HexFormat.of().formatHex(
                    harness.encode("hello".getBytes(StandardCharsets.US_ASCII))));
            byte[] encoded = harness.encode(new byte[300]);
            assertEquals(0xAC, encoded[0] & 0xFF);
            assertEquals(0x02, encoded[1]);
            assertEquals(302, encoded.length);
        }
    }

    @Test
    void aVarintOfSixBytesFailsTheStream() {
        try (CodecHarness harness = harness(Integer.MAX_VALUE)) {
            harness.feed(Chunkings.oneByteAtATime(new byte[] {(byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80,
                    (byte) 0x80, 0x00, 0x01, 0x41}));
            assertEquals(List.of(), harness.messages());
            assertEquals(1, harness.errors().size(), () -> "" + harness.events());
            assertInstanceOf(CorruptFrameException.class, harness.errors().get(0));
        }
    }

    @Test
    void aLengthOverMaxFrameIsRefusedBeforeItsBodyIsBuffered() {
        ByteArrayOutputStream header = new ByteArrayOutputStream();
        Varint.writeVarint(header, 1_000_000_000L);
        try (CodecHarness harness = harness(65_536)) {
            harness.feed(header.toByteArray());
            assertEquals(1, harness.errors().size());
            assertTrue(harness.errors().get(0).getMessage().contains("exceeds max frame 65536"),
                    harness.errors().get(0).getMessage());
            assertTrue(harness.retainedBytes() < 1024, "retains " + harness.retainedBytes());
        }
    }
}
