package dev.tsserver.client.exchange;

import java.util.Locale;

/** The start of a reply for a one-line error: printable ASCII kept, other bytes escaped. */
final class Preview {

    private static final int MAX_BYTES = 48;

    private Preview() {
    }

    static String of(byte[] bytes) {
        StringBuilder s = new StringBuilder("\"");
        int end = Math.min(bytes.length, MAX_BYTES);
        for (int i = 0; i < end; i++) {
            int b = bytes[i] & 0xff;
            if (b >= 0x20 && b < 0x7f && b != '"' && b != '\\') {
                s.append((char) b);
            } else {
                s.append(String.format(Locale.ROOT, "\\x%02x", b));
            }
        }
        return s.append(bytes.length > end ? "\"..." : "\"").toString();
    }
}
