package dev.tsserver.codec.wire;

import java.nio.ByteBuffer;
import java.util.Optional;

/**
 * {@code length}: a big-endian unsigned length field of 1, 2 or 4 bytes, then that many payload
 * bytes. A payload the field cannot express is refused, never sent with a wrapped length.
 */
public final class LengthFieldWireFraming implements WireFraming {

    private static final LengthFieldWireFraming[] BY_PREFIX = {
        null, new LengthFieldWireFraming(1), new LengthFieldWireFraming(2), null, new LengthFieldWireFraming(4)};

    private final int prefixLength;
    private final long maxPayload;

    private LengthFieldWireFraming(int prefixLength) {
        this.prefixLength = prefixLength;
        this.maxPayload = maxPayload(prefixLength);
    }

    /**
     * The framing with a {@code prefixLength}-byte field.
     *
     * @throws IllegalArgumentException unless {@code prefixLength} is 1, 2 or 4
     */
    public static LengthFieldWireFraming of(int prefixLength) {
        checkPrefixLength(prefixLength);
        return BY_PREFIX[prefixLength];
    }

    /** @throws IllegalArgumentException unless {@code prefixLength} is 1, 2 or 4 */
    public static void checkPrefixLength(int prefixLength) {
        if (prefixLength != 1 && prefixLength != 2 && prefixLength != 4) {
            throw new IllegalArgumentException("length prefix must be 1, 2 or 4 bytes, was " + prefixLength);
        }
    }

    /** The largest length a {@code prefixLength}-byte field holds: 255, 65,535 or 4,294,967,295. */
    public static long maxPayload(int prefixLength) {
        checkPrefixLength(prefixLength);
        return (1L << (8 * prefixLength)) - 1;
    }

    public int prefixLength() {
        return prefixLength;
    }

    @Override
    public int frameSize(int payloadSize) {
        return prefixLength + payloadSize;
    }

    @Override
    public long maxPayload() {
        return maxPayload;
    }

    @Override
    public boolean delimitsMessages() {
        return true;
    }

    @Override
    public Optional<String> whyUnframeable(byte[] payload) {
        return fits(payload.length) ? Optional.empty() : Optional.of(payload.length + " bytes do not fit a "
                + prefixLength + "-byte length field (max " + maxPayload + ")");
    }

    /** Whether a payload of {@code size} bytes fits the field. */
    public boolean fits(long size) {
        return size <= maxPayload;
    }

    @Override
    public void writeHeader(ByteBuffer out, int payloadSize) {
        if (!fits(payloadSize)) {
            throw new IllegalArgumentException(payloadSize + " bytes do not fit a " + prefixLength
                    + "-byte length field (max " + maxPayload + ")");
        }
        switch (prefixLength) {
            case 1 -> out.put((byte) payloadSize);
            case 2 -> out.putShort((short) payloadSize);
            default -> out.putInt(payloadSize);
        }
    }

    @Override
    public void writeTrailer(ByteBuffer out) {
        // nothing after the payload
    }

    /** The unsigned big-endian length at absolute index {@code index}. */
    public long readLength(ByteBuffer in, int index) {
        return switch (prefixLength) {
            case 1 -> in.get(index) & 0xffL;
            case 2 -> in.getShort(index) & 0xffffL;
            default -> in.getInt(index) & 0xffffffffL;
        };
    }

    @Override
    public int nextFrame(ByteBuffer in, int maxPayload, FrameSlice frame) {
        int start = in.position();
        if (in.limit() - start < prefixLength) {
            return NEED_MORE;
        }
        long length = readLength(in, start);
        if (length > maxPayload) {
            return CORRUPT;
        }
        long end = (long) start + prefixLength + length;
        if (end > in.limit()) {
            return NEED_MORE;
        }
        frame.set(start + prefixLength, (int) length);
        return (int) end;
    }
}
