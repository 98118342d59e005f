package dev.tsserver.client.reliability;

import java.nio.charset.StandardCharsets;

/**
 * The messages of a burst: message {@code i} starts with its number as six digits and a dot
 * ({@code 000042.}), then lowercase letters up to the size. No LF (the line codec's delimiter)
 * and no {@code ]} (which ends the reply's timestamp), so the number can be read back from any
 * reply, and every message can be told from every other.
 */
final class BurstMessages {

    static final int NUMBER_DIGITS = 6;
    /** The number and its dot. */
    static final int MIN_SIZE = NUMBER_DIGITS + 1;
    static final int MAX_COUNT = 999_999;

    private BurstMessages() {
    }

    /** The payload of message {@code index}, {@code size} bytes. */
    static byte[] payload(int index, int size) {
        if (index < 0 || index > MAX_COUNT) {
            throw new IllegalArgumentException("index must be 0.." + MAX_COUNT + ", was " + index);
        }
        if (size < MIN_SIZE) {
            throw new IllegalArgumentException("a message needs at least " + MIN_SIZE + " bytes, was " + size);
        }
        byte[] message = new byte[size];
        byte[] number = String.format("%06d.", index).getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(number, 0, message, 0, number.length);
        for (int i = number.length; i < size; i++) {
            message[i] = (byte) ('a' + (index + i) % 26);
        }
        return message;
    }

    /**
     * The message number a reply {@code [TIMESTAMP] 000042.abc...} answers, or -1 when the
     * reply does not have that shape.
     */
    static int numberOf(byte[] reply, int offset, int length) {
        int end = offset + length;
        if (length < 3 || reply[offset] != '[') {
            return -1;
        }
        int payload = -1;
        for (int i = offset + 1; i + 1 < end; i++) {
            if (reply[i] == ']' && reply[i + 1] == ' ') {
                payload = i + 2;
                break;
            }
        }
        if (payload < 0 || end - payload < MIN_SIZE || reply[payload + NUMBER_DIGITS] != '.') {
            return -1;
        }
        int number = 0;
        for (int i = payload; i < payload + NUMBER_DIGITS; i++) {
            byte b = reply[i];
            if (b < '0' || b > '9') {
                return -1;
            }
            number = number * 10 + (b - '0');
        }
        return number;
    }
}
