package dev.tsserver.codec.testkit;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;

/** Byte helpers for codec tests: building payloads and comparing lists of them readably. */
public final class TestBytes {

    private static final HexFormat HEX = HexFormat.of();

    private TestBytes() {
    }

    public static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    public static byte[] concat(List<byte[]> parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    public static byte[] concat(byte[]... parts) {
        return concat(List.of(parts));
    }

    /** Every byte value 0x00..0xFF once, in order. */
    public static byte[] allByteValues() {
        byte[] all = new byte[256];
        for (int i = 0; i < all.length; i++) {
            all[i] = (byte) i;
        }
        return all;
    }

    public static byte[] repeat(byte value, int count) {
        byte[] bytes = new byte[count];
        Arrays.fill(bytes, value);
        return bytes;
    }

    public static byte[] random(Random random, int size) {
        byte[] bytes = new byte[size];
        random.nextBytes(bytes);
        return bytes;
    }

    /** Hex of each element, so assertEquals on two lists of payloads shows a readable diff. */
    public static List<String> hex(List<byte[]> payloads) {
        List<String> hex = new ArrayList<>(payloads.size());
        for (byte[] payload : payloads) {
            hex.add(HEX.formatHex(payload));
        }
        return hex;
    }
}
