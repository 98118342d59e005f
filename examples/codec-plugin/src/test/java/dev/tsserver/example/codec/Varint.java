package dev.tsserver.example.codec;

import java.io.ByteArrayOutputStream;
import java.util.List;

/** The varint framing written out by hand, independently of the encoder: the tests' reference. */
final class Varint {

    private Varint() {
    }

    static byte[] frame(List<byte[]> payloads) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] payload : payloads) {
            writeVarint(out, payload.length);
            out.writeBytes(payload);
        }
        return out.toByteArray();
    }

    static void writeVarint(ByteArrayOutputStream out, long value) {
        while (value >= 0x80) {
            out.write((int) (value & 0x7F) | 0x80);
            value >>>= 7;
        }
        out.write((int) value);
    }
}
