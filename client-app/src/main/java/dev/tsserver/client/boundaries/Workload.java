package dev.tsserver.client.boundaries;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The messages one run sends, each to be written with its own write call. Every message starts
 * with its index ({@code 000042.}) so a reply can be traced back to it, followed by lowercase
 * letters: no LF (the line codec's delimiter) and no brackets (the reply prefix's), so replies
 * can be parsed whatever the codec did.
 *
 * <p>Two runs per case: {@code small} (many small writes, to show coalescing) and {@code large}
 * (writes larger than any one read, to show splitting).
 */
final class Workload {

    /** Room for a six-digit index and its dot. */
    static final int MIN_SIZE = 8;
    static final int MAX_COUNT = 999_999;

    static Workload of(String run, int count, int... sizes) {
        if (count < 1 || count > MAX_COUNT) {
            throw new IllegalArgumentException("count must be 1.." + MAX_COUNT + ", was " + count);
        }
        if (sizes.length == 0) {
            throw new IllegalArgumentException("at least one size is needed");
        }
        for (int size : sizes) {
            if (size < MIN_SIZE) {
                throw new IllegalArgumentException("a message needs at least " + MIN_SIZE + " bytes, was " + size);
            }
        }
        List<byte[]> messages = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            messages.add(message(i, sizes[i % sizes.length]));
        }
        return new Workload(run, sizes.clone(), List.copyOf(messages));
    }

    private final String run;
    private final int[] sizes;
    private final List<byte[]> messages;

    private Workload(String run, int[] sizes, List<byte[]> messages) {
        this.run = run;
        this.sizes = sizes;
        this.messages = messages;
    }

    String run() {
        return run;
    }

    /** The payloads, in sending order. */
    List<byte[]> messages() {
        return messages;
    }

    /** The sizes, used in turn. */
    int[] sizes() {
        return sizes.clone();
    }

    private static byte[] message(int index, int size) {
        byte[] message = new byte[size];
        byte[] label = String.format("%06d.", index).getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(label, 0, message, 0, label.length);
        for (int i = label.length; i < size; i++) {
            message[i] = (byte) ('a' + (index + i) % 26);
        }
        return message;
    }

    int count() {
        return messages.size();
    }

    long totalBytes() {
        long total = 0;
        for (byte[] message : messages) {
            total += message.length;
        }
        return total;
    }

    int largestMessage() {
        return Arrays.stream(sizes).max().orElse(0);
    }

    /** {@code 32 B}, {@code 256 KiB}, or for a mix {@code 16-700 B}. */
    String describeSizes() {
        if (sizes.length == 1) {
            return humanBytes(sizes[0]);
        }
        return Arrays.stream(sizes).min().orElse(0) + "-" + largestMessage() + " B";
    }

    static String humanBytes(long bytes) {
        if (bytes >= 1024 * 1024 && bytes % (1024 * 1024) == 0) {
            return bytes / (1024 * 1024) + " MiB";
        }
        if (bytes >= 1024 && bytes % 1024 == 0) {
            return bytes / 1024 + " KiB";
        }
        return bytes + " B";
    }

    @Override
    public String toString() {
        return "Workload[" + run + ", " + count() + " x " + describeSizes() + "]";
    }
}
