package dev.tsserver.codec.testkit;

import java.util.Arrays;

/**
 * Reads structured choices (sizes, seeds, byte runs) from the front of one fuzzer input, so a
 * fuzz target takes plain {@code byte[]}: the same bytes whether Jazzer's libFuzzer mutates
 * them, a committed regression input holds them or a seeded random generator draws them. Past
 * the end of the input every read yields zero bytes (the smallest choice), so any input, even
 * an empty one, is a valid test case, and a short input means a small case.
 */
public final class FuzzInput {

    private final byte[] data;
    private int position;

    public FuzzInput(byte[] data) {
        this.data = data;
    }

    /** An int in {@code [min, max]}, from 2 input bytes when the range fits in them, else 4. */
    public int intBetween(int min, int max) {
        if (max < min) {
            throw new IllegalArgumentException("empty range " + min + ".." + max);
        }
        long range = (long) max - min + 1;
        long raw = range <= 0x10000 ? unsigned(2) : unsigned(4);
        return (int) (min + raw % range);
    }

    /** A long from 8 input bytes. */
    public long nextLong() {
        return unsigned(8);
    }

    /** Between 0 and {@code maxLength} bytes taken from the input as they are. */
    public byte[] bytes(int maxLength) {
        int length = Math.min(intBetween(0, maxLength), remaining());
        byte[] run = Arrays.copyOfRange(data, position, position + length);
        position += length;
        return run;
    }

    public int remaining() {
        return data.length - position;
    }

    private long unsigned(int count) {
        long value = 0;
        for (int i = 0; i < count; i++) {
            value = (value << 8) | (position < data.length ? data[position++] & 0xFF : 0);
        }
        return value & Long.MAX_VALUE;
    }
}
