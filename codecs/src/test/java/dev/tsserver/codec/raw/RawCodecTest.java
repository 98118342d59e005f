package dev.tsserver.codec.raw;

import static dev.tsserver.codec.testkit.TestBytes.ascii;
import static dev.tsserver.codec.testkit.TestBytes.hex;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.Charset;
import java.util.List;

import dev.tsserver.codec.testkit.CodecHarness;
import dev.tsserver.codec.testkit.TestBytes;
import org.apache.mina.core.buffer.IoBuffer;
import org.apache.mina.core.session.DummySession;
import org.apache.mina.filter.codec.ProtocolEncoderException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Raw: one read is one message, exactly as the Twisted TS server behaves. */
@Timeout(10)
class RawCodecTest {

    @Test
    void eachReadIsOneMessage() {
        try (CodecHarness harness = new CodecHarness(new RawCodecFactory(100))) {
            harness.feed(ascii("hel"), ascii("lo\nwor"), ascii("ld\n"));
            assertEquals(hex(List.of(ascii("hel"), ascii("lo\nwor"), ascii("ld\n"))), hex(harness.messages()));
        }
    }

    @Test
    void aReadLargerThanMaxFrameComesOutInPiecesOfAtMostMax() {
        try (CodecHarness harness = new CodecHarness(new RawCodecFactory(4))) {
            harness.feed(ascii("0123456789"));
            assertEquals(hex(List.of(ascii("0123"), ascii("4567"), ascii("89"))), hex(harness.messages()));
        }
    }

    @Test
    void aReadOfExactlyMaxFrameIsOneMessage() {
        try (CodecHarness harness = new CodecHarness(new RawCodecFactory(4))) {
            harness.feed(ascii("0123"));
            assertEquals(hex(List.of(ascii("0123"))), hex(harness.messages()));
        }
    }

    @Test
    void anEmptyReadIsNoMessage() {
        try (CodecHarness harness = new CodecHarness(new RawCodecFactory(4))) {
            harness.feed(new byte[0]);
            assertEquals(List.of(), harness.events());
        }
    }

    @Test
    void bytesPassUnchangedBothWays() throws Exception {
        byte[] all = TestBytes.allByteValues();
        byte[] gbk = "时间戳服务器".getBytes(Charset.forName("GBK"));
        byte[] invalidUtf8 = {(byte) 0xC3, 0x28, (byte) 0xFF, (byte) 0xFE};
        try (CodecHarness harness = new CodecHarness(new RawCodecFactory(1024))) {
            for (byte[] payload : List.of(all, gbk, invalidUtf8)) {
                byte[] encoded = harness.encode(payload);
                assertArrayEquals(payload, encoded, "raw adds no framing");
                harness.feed(encoded);
            }
            assertEquals(hex(List.of(all, gbk, invalidUtf8)), hex(harness.messages()));
        }
    }

    @Test
    void encoderRefusesOtherTypes() {
        try (CodecHarness harness = new CodecHarness(new RawCodecFactory(16))) {
            assertThrows(ProtocolEncoderException.class, () -> harness.encode("text"));
            assertThrows(ProtocolEncoderException.class, () -> harness.encode(IoBuffer.wrap(ascii("x"))));
        }
    }

    @Test
    void decoderIsStatelessAndShared() {
        RawCodecFactory factory = new RawCodecFactory(16);
        assertSame(factory.getDecoder(new DummySession()), factory.getDecoder(new DummySession()));
        assertThrows(IllegalArgumentException.class, () -> new RawChunkDecoder(0));
    }
}
