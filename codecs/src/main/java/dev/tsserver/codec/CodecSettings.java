package dev.tsserver.codec;

/**
 * The settings every framing codec is built from. Immutable and validated on construction,
 * so a codec never sees a limit it cannot honour.
 *
 * @param maxFrame     largest payload, in bytes, a decoder accepts (at least 1)
 * @param lengthPrefix size in bytes of the length field of the {@code length} codec: 1, 2 or 4
 */
public record CodecSettings(int maxFrame, int lengthPrefix) {

    public static final int DEFAULT_MAX_FRAME = 65_536;
    public static final int DEFAULT_LENGTH_PREFIX = 4;

    public CodecSettings {
        if (maxFrame < 1) {
            throw new IllegalArgumentException("max frame must be at least 1 byte, was " + maxFrame);
        }
        if (lengthPrefix != 1 && lengthPrefix != 2 && lengthPrefix != 4) {
            throw new IllegalArgumentException("length prefix must be 1, 2 or 4 bytes, was " + lengthPrefix);
        }
    }

    public static CodecSettings defaults() {
        return new CodecSettings(DEFAULT_MAX_FRAME, DEFAULT_LENGTH_PREFIX);
    }

    public CodecSettings withMaxFrame(int newMaxFrame) {
        return new CodecSettings(newMaxFrame, lengthPrefix);
    }

    public CodecSettings withLengthPrefix(int newLengthPrefix) {
        return new CodecSettings(maxFrame, newLengthPrefix);
    }
}
