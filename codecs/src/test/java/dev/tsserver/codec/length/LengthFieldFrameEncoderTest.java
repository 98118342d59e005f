package dev.tsserver.codec.length;

import static dev.tsserver.codec.testkit.TestBytes.ascii;
import static dev.tsserver.codec.testkit.TestBytes.concat;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicBoolean;

import dev.tsserver.codec.EncodablePayload;
import dev.tsserver.codec.testkit.CodecHarness;
import org.apache.mina.core.buffer.IoBuffer;
import org.apache.mina.filter.codec.ProtocolEncoderException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class LengthFieldFrameEncoderTest {

    private static CodecHarness harness(int prefix) {
        return new CodecHarness(new LengthFieldCodecFactory(prefix, 100_000));
    }

    @Test
    void writesABigEndianLengthOfTheFieldSize() throws Exception {
        assertArrayEquals(concat(new byte[] {5}, ascii("hello")), harness(1).encode(ascii("hello")));
        assertArrayEquals(concat(new byte[] {0, 5}, ascii("hello")), harness(2).encode(ascii("hello")));
        assertArrayEquals(concat(new byte[] {0, 0, 0, 5}, ascii("hello")), harness(4).encode(ascii("hello")));
        assertArrayEquals(new byte[] {0, 0}, harness(2).encode(new byte[0]));
    }

    @Test
    void oneByteFieldTakes255AndRefuses256() throws Exception {
        byte[] encoded = harness(1).encode(new byte[255]);
        assertEquals(256, encoded.length);
        assertEquals((byte) 0xFF, encoded[0]);
        ProtocolEncoderException error =
                assertThrows(ProtocolEncoderException.class, () -> harness(1).encode(new byte[256]));
        assertEquals("frame of 256 bytes does not fit a 1-byte length field (max 255)", error.getMessage());
    }

    @Test
    void twoByteFieldTakes65535AndRefuses65536() throws Exception {
        byte[] encoded = harness(2).encode(new byte[65_535]);
        assertArrayEquals(new byte[] {(byte) 0xFF, (byte) 0xFF}, Arrays.copyOf(encoded, 2));
        ProtocolEncoderException error =
                assertThrows(ProtocolEncoderException.class, () -> harness(2).encode(new byte[65_536]));
        assertEquals("frame of 65536 bytes does not fit a 2-byte length field (max 65535)", error.getMessage());
    }

    @Test
    void fourByteFieldTakes65536() throws Exception {
        byte[] encoded = harness(4).encode(new byte[65_536]);
        assertArrayEquals(new byte[] {0, 1, 0, 0}, Arrays.copyOf(encoded, 4));
        assertEquals(65_540, encoded.length);
    }

    @Test
    void oversizedEncodablePayloadIsRefusedBeforeItWrites() {
        AtomicBoolean written = new AtomicBoolean();
        EncodablePayload tooBig = new EncodablePayload() {
            @Override
            public int size() {
                return 256;
            }

            @Override
            public void writeTo(IoBuffer out) {
                written.set(true);
                out.put(new byte[256]);
            }
        };
        assertThrows(ProtocolEncoderException.class, () -> harness(1).encode(tooBig));
        assertEquals(false, written.get());
    }

    @Test
    void refusesTypesOtherThanBytesAndEncodablePayload() {
        assertThrows(ProtocolEncoderException.class, () -> harness(4).encode("hello"));
        assertThrows(ProtocolEncoderException.class, () -> harness(4).encode(IoBuffer.wrap(ascii("x"))));
        assertThrows(ProtocolEncoderException.class, () -> harness(4).encode(null));
    }

    @Test
    void reportsWhatItCanEncode() {
        assertEquals(255, new LengthFieldFrameEncoder(1).maxEncodable());
        assertEquals(65_535, new LengthFieldFrameEncoder(2).maxEncodable());
        assertEquals(0xFFFF_FFFFL, new LengthFieldFrameEncoder(4).maxEncodable());
        assertThrows(IllegalArgumentException.class, () -> new LengthFieldFrameEncoder(3));
    }
}
