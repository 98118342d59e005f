package dev.tsserver.codec.testkit;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Ways TCP may cut one byte stream into reads. A framing decoder must emit the same messages
 * for every one of them.
 */
public final class Chunkings {

    private Chunkings() {
    }

    /** The whole stream in one read. */
    public static List<byte[]> whole(byte[] stream) {
        return List.of(stream.clone());
    }

    /** One read per byte. */
    public static List<byte[]> oneByteAtATime(byte[] stream) {
        List<byte[]> reads = new ArrayList<>(stream.length);
        for (byte b : stream) {
            reads.add(new byte[] {b});
        }
        return reads;
    }

    /** Two reads, cut before index {@code at} (0 < at < length). */
    public static List<byte[]> splitAt(byte[] stream, int at) {
        if (at <= 0 || at >= stream.length) {
            throw new IllegalArgumentException("split point " + at + " outside 1.." + (stream.length - 1));
        }
        return List.of(Arrays.copyOfRange(stream, 0, at), Arrays.copyOfRange(stream, at, stream.length));
    }

    /** Reads of random sizes between 1 and {@code maxRead} bytes. */
    public static List<byte[]> random(byte[] stream, Random random, int maxRead) {
        List<byte[]> reads = new ArrayList<>();
        int position = 0;
        while (position < stream.length) {
            int size = Math.min(stream.length - position, 1 + random.nextInt(maxRead));
            reads.add(Arrays.copyOfRange(stream, position, position + size));
            position += size;
        }
        return reads;
    }

    /**
     * Reads of the given sizes, used in turn and over again until the stream is cut (sizes
     * below 1 count as 1): a chunking a property-based test can generate and shrink.
     */
    public static List<byte[]> bySizes(byte[] stream, List<Integer> sizes) {
        if (sizes.isEmpty()) {
            return stream.length == 0 ? List.of() : whole(stream);
        }
        List<byte[]> reads = new ArrayList<>();
        int position = 0;
        for (int i = 0; position < stream.length; i++) {
            int size = Math.min(stream.length - position, Math.max(1, sizes.get(i % sizes.size())));
            reads.add(Arrays.copyOfRange(stream, position, position + size));
            position += size;
        }
        return reads;
    }
}
