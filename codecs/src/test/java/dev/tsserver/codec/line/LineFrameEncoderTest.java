package dev.tsserver.codec.line;

import static dev.tsserver.codec.testkit.TestBytes.ascii;
import static dev.tsserver.codec.testkit.TestBytes.concat;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tsserver.codec.EncodablePayload;
import dev.tsserver.codec.testkit.CodecHarness;
import dev.tsserver.codec.testkit.TestBytes;
import org.apache.mina.core.buffer.IoBuffer;
import org.apache.mina.filter.codec.ProtocolEncoderException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class LineFrameEncoderTest {

    private final CodecHarness harness = new CodecHarness(new LineCodecFactory(1024));

    @Test
    void appendsLf() throws Exception {
        assertArrayEquals(ascii("hello\n"), harness.encode(ascii("hello")));
    }

    @Test
    void emptyPayloadIsABareLf() throws Exception {
        assertArrayEquals(ascii("\n"), harness.encode(new byte[0]));
    }

    @Test
    void everyByteValueIsWrittenVerbatim() throws Exception {
        byte[] all = TestBytes.allByteValues();
        assertArrayEquals(concat(all, ascii("\n")), harness.encode(all));
    }

    @Test
    void encodablePayloadWritesItsPartsOnce() throws Exception {
        EncodablePayload reply = new EncodablePayload() {
            @Override
            public int size() {
                return 8;
            }

            @Override
            public void writeTo(IoBuffer out) {
                out.put(ascii("[TS] ")).put(ascii("hi!"));
            }
        };
        assertArrayEquals(ascii("[TS] hi!\n"), harness.encode(reply));
    }

    @Test
    void refusesTypesOtherThanBytesAndEncodablePayload() {
        ProtocolEncoderException stringError = assertThrows(ProtocolEncoderException.class, () -> harness.encode("hello"));
        assertTrue(stringError.getMessage().contains("java.lang.String"), stringError.getMessage());
        assertThrows(ProtocolEncoderException.class, () -> harness.encode(IoBuffer.wrap(ascii("x"))));
        assertThrows(ProtocolEncoderException.class, () -> harness.encode(null));
    }
}
