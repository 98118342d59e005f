package dev.tsserver.codec.wire;

import java.nio.ByteBuffer;

/**
 * Recognises the {@code "[" TIMESTAMP "] "} that starts every reply of the timestamp protocol,
 * in each time format the server renders:
 *
 * <pre>
 *   ctime   [Tue Nov 24 14:03:39 2026]             day of month space-padded, year unpadded
 *   iso     [2026-11-24T22:03:39.123+08:00]        or ...Z; an offset may carry seconds
 *   epoch   [1795615419123]                        milliseconds, optionally negative
 * </pre>
 *
 * <p>The client does not know which format a server uses, so every check accepts all three,
 * and every size allowance uses {@link #MAX_LENGTH}, the longest prefix any of them renders.
 * Works in place on absolute indices and never allocates.
 */
public final class ReplyPrefix {

    /**
     * Longest timestamp: {@code iso} with a signed ten-digit year and an offset with seconds,
     * {@code +1234567890-11-24T22:03:39.123+08:00:30}. Ordinary ones are 24 ({@code ctime}),
     * 24 to 29 ({@code iso}) and 13 ({@code epoch}) characters.
     */
    public static final int MAX_TIMESTAMP = 39;
    /** Longest prefix, {@code [}, timestamp, {@code ] }: the most a reply adds to a payload. */
    public static final int MAX_LENGTH = MAX_TIMESTAMP + 3;
    /** {@link #length}: the bytes so far could still start a prefix; more are needed. */
    public static final int NEED_MORE = -1;
    /** {@link #length}: the bytes do not start a prefix. */
    public static final int NOT_A_PREFIX = -2;

    private static final String[] DAYS = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};
    private static final String[] MONTHS =
            {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

    private ReplyPrefix() {
    }

    /**
     * Length of the prefix that starts at absolute index {@code start} of {@code in}, looking no
     * further than {@code limit}; or {@link #NEED_MORE} or {@link #NOT_A_PREFIX}.
     */
    public static int length(ByteBuffer in, int start, int limit) {
        if (start >= limit) {
            return NEED_MORE;
        }
        if (in.get(start) != '[') {
            return NOT_A_PREFIX;
        }
        int end = Math.min(limit, start + MAX_LENGTH);
        for (int i = start + 1; i < end; i++) {
            byte b = in.get(i);
            if (b == ']') {
                if (i + 1 >= limit) {
                    return NEED_MORE;
                }
                if (in.get(i + 1) != ' ' || !isTimestamp(in, start + 1, i)) {
                    return NOT_A_PREFIX;
                }
                return i + 2 - start;
            }
            if (!mayAppearInTimestamp(b)) {
                return NOT_A_PREFIX;
            }
        }
        return end - start >= MAX_LENGTH ? NOT_A_PREFIX : NEED_MORE;
    }

    /** Length of the prefix at the start of a whole reply, or {@link #NOT_A_PREFIX}. */
    public static int length(byte[] reply) {
        int length = length(ByteBuffer.wrap(reply), 0, reply.length);
        return length == NEED_MORE ? NOT_A_PREFIX : length;
    }

    /** Whether {@code reply} is a prefix followed by exactly {@code payload}. */
    public static boolean answers(byte[] reply, byte[] payload) {
        int prefix = length(reply);
        if (prefix < 0 || reply.length - prefix != payload.length) {
            return false;
        }
        for (int i = 0; i < payload.length; i++) {
            if (reply[prefix + i] != payload[i]) {
                return false;
            }
        }
        return true;
    }

    private static boolean mayAppearInTimestamp(byte b) {
        return b >= '0' && b <= '9' || b >= 'A' && b <= 'Z' || b >= 'a' && b <= 'z'
                || b == ' ' || b == ':' || b == '-' || b == '+' || b == '.';
    }

    /** Whether {@code in[from, to)} is a ctime, iso or epoch timestamp. */
    static boolean isTimestamp(ByteBuffer in, int from, int to) {
        return isEpoch(in, from, to) || isCtime(in, from, to) || isIso(in, from, to);
    }

    /** {@code -?d{1,19}}. */
    private static boolean isEpoch(ByteBuffer in, int from, int to) {
        int i = from < to && in.get(from) == '-' ? from + 1 : from;
        int digits = to - i;
        return digits >= 1 && digits <= 19 && digits(in, i, digits);
    }

    /** {@code Www Mmm dd hh:mm:ss Y}: {@code dd} space-padded, {@code Y} 1 to 10 digits, maybe signed. */
    private static boolean isCtime(ByteBuffer in, int from, int to) {
        if (to - from < 21 || !oneOf(in, from, DAYS) || in.get(from + 3) != ' ' || !oneOf(in, from + 4, MONTHS)
                || in.get(from + 7) != ' ') {
            return false;
        }
        byte tens = in.get(from + 8);
        if (tens != ' ' && !digit(tens) || !digit(in.get(from + 9)) || in.get(from + 10) != ' '
                || !clock(in, from + 11) || in.get(from + 19) != ' ') {
            return false;
        }
        int year = in.get(from + 20) == '-' ? from + 21 : from + 20;
        return to - year >= 1 && to - year <= 10 && digits(in, year, to - year);
    }

    /** {@code [+-]?Y{4,10}-MM-ddTHH:mm:ss.SSS} then {@code Z} or {@code [+-]HH:MM(:ss)?}. */
    private static boolean isIso(ByteBuffer in, int from, int to) {
        int i = from < to && (in.get(from) == '+' || in.get(from) == '-') ? from + 1 : from;
        int yearDigits = 0;
        while (i + yearDigits < to && digit(in.get(i + yearDigits))) {
            yearDigits++;
        }
        if (yearDigits < 4 || yearDigits > 10) {
            return false;
        }
        i += yearDigits;
        // -MM-ddTHH:mm:ss.SSS is 19 bytes; the shortest offset is Z.
        if (to - i < 20 || in.get(i) != '-' || !digits(in, i + 1, 2) || in.get(i + 3) != '-'
                || !digits(in, i + 4, 2) || in.get(i + 6) != 'T' || !clock(in, i + 7) || in.get(i + 15) != '.'
                || !digits(in, i + 16, 3)) {
            return false;
        }
        i += 19;
        int offset = to - i;
        byte sign = in.get(i);
        if (offset == 1) {
            return sign == 'Z';
        }
        if ((sign != '+' && sign != '-') || (offset != 6 && offset != 9)) {
            return false;
        }
        return digits(in, i + 1, 2) && in.get(i + 3) == ':' && digits(in, i + 4, 2)
                && (offset == 6 || in.get(i + 6) == ':' && digits(in, i + 7, 2));
    }

    /** {@code hh:mm:ss} at {@code i}. */
    private static boolean clock(ByteBuffer in, int i) {
        return digits(in, i, 2) && in.get(i + 2) == ':' && digits(in, i + 3, 2) && in.get(i + 5) == ':'
                && digits(in, i + 6, 2);
    }

    private static boolean oneOf(ByteBuffer in, int i, String[] names) {
        for (String name : names) {
            if (in.get(i) == name.charAt(0) && in.get(i + 1) == name.charAt(1) && in.get(i + 2) == name.charAt(2)) {
                return true;
            }
        }
        return false;
    }

    private static boolean digits(ByteBuffer in, int from, int count) {
        for (int i = from; i < from + count; i++) {
            if (!digit(in.get(i))) {
                return false;
            }
        }
        return true;
    }

    private static boolean digit(byte b) {
        return b >= '0' && b <= '9';
    }
}
