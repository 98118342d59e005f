package dev.tsserver.client.bench;

import java.nio.ByteBuffer;

/**
 * The payload of request number {@code seq}: its first bytes are {@code seq} in fixed-width
 * lower-case hex (up to 16 digits), the rest a fixed run of letters. Writing one copies bytes
 * into the send buffer; checking a reply compares bytes in place. Neither allocates, and since
 * each connection numbers its requests from its own base, a reply that belongs to another
 * request, or to another connection, does not match.
 *
 * <p>The bytes are ASCII letters and digits only: no LF or CR, so line framing never splits
 * one, and no {@code ]}, so a reply's timestamp ends at its first {@code ]}.
 */
final class PayloadPattern {

    private static final byte[] HEX = "0123456789abcdef".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    private static final int MAX_DIGITS = 16;

    private final int size;
    private final int digits;
    private final byte[] filler;
    /** A read-only view of {@link #filler} reused for comparisons; one per owning thread. */
    private final ByteBuffer fillerView;

    PayloadPattern(int size) {
        if (size < 0) {
            throw new IllegalArgumentException("payload size must be 0 or more, was " + size);
        }
        this.size = size;
        this.digits = Math.min(size, MAX_DIGITS);
        this.filler = new byte[size];
        for (int i = 0; i < size; i++) {
            filler[i] = (byte) ('a' + i % 26);
        }
        this.fillerView = ByteBuffer.wrap(filler).asReadOnlyBuffer();
    }

    int size() {
        return size;
    }

    /** Appends the payload of {@code seq} to {@code out}, which must have room for it. */
    void write(ByteBuffer out, long seq) {
        for (int i = 0; i < digits; i++) {
            out.put(HEX[(int) (seq >>> (4 * (digits - 1 - i))) & 0xf]);
        }
        out.put(filler, digits, size - digits);
    }

    /**
     * Whether {@code in[offset, offset + size)} is the payload of {@code seq}. Moves the
     * position and limit of {@code in}, which must be a view private to the caller.
     */
    boolean matches(ByteBuffer in, int offset, long seq) {
        in.clear();
        for (int i = 0; i < digits; i++) {
            if (in.get(offset + i) != HEX[(int) (seq >>> (4 * (digits - 1 - i))) & 0xf]) {
                return false;
            }
        }
        if (digits == size) {
            return true;
        }
        in.limit(offset + size).position(offset + digits);
        fillerView.limit(size).position(digits);
        return in.mismatch(fillerView) < 0;
    }

    /** A copy of the payload of {@code seq}; for tests and error messages, not the hot path. */
    byte[] bytes(long seq) {
        ByteBuffer out = ByteBuffer.allocate(size);
        write(out, seq);
        return out.array();
    }
}
