package dev.tsserver.client.boundaries;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * How the messages the server handled line up with the messages the client sent.
 *
 * <p>Every sent message lands in exactly one of {@code intact} (a handled message equal to it),
 * {@code merged} (whole, but inside a handled message with other bytes), {@code split} (spread
 * over two or more handled messages) or {@code lost} (never came back). {@code wrong} counts
 * the handled messages that are not exactly one sent message: what a receiver that takes one
 * read for one message gets wrong. {@code reordered} counts datagrams that came back after a
 * later one.
 */
record BoundaryTally(int intact, int merged, int split, int lost, int wrong, int reordered) {

    /**
     * A TCP stream: the handled messages, joined, should be the sent bytes in order. Where they
     * stop matching, the rest counts as lost.
     */
    static BoundaryTally ofStream(List<byte[]> sent, List<byte[]> handled, int strayReplies) {
        long[] sentStart = starts(sent);
        long[] handledStart = starts(handled);
        long matching = matchingPrefix(sent, handled);
        int intact = 0;
        int merged = 0;
        int split = 0;
        int lost = 0;
        int exactHandled = 0;
        for (int i = 0; i < sent.size(); i++) {
            long start = sentStart[i];
            long end = start + sent.get(i).length;
            if (end > matching) {
                lost++;
                continue;
            }
            int first = containing(handledStart, handled, start);
            int last = containing(handledStart, handled, Math.max(start, end - 1));
            if (first != last) {
                split++;
            } else if (handledStart[first] == start && handled.get(first).length == end - start) {
                intact++;
                exactHandled++;
            } else {
                merged++;
            }
        }
        return new BoundaryTally(intact, merged, split, lost, handled.size() - exactHandled + strayReplies, 0);
    }

    /**
     * UDP: each reply is one datagram. A reply is matched to the message whose index it starts
     * with; anything else is wrong.
     */
    static BoundaryTally ofDatagrams(List<byte[]> sent, List<byte[]> replies) {
        boolean[] seen = new boolean[sent.size()];
        int intact = 0;
        int wrong = 0;
        int reordered = 0;
        int highest = -1;
        for (byte[] reply : replies) {
            int index = indexOf(reply);
            if (index < 0 || index >= sent.size() || seen[index] || !Arrays.equals(reply, sent.get(index))) {
                wrong++;
                continue;
            }
            seen[index] = true;
            intact++;
            if (index < highest) {
                reordered++;
            }
            highest = Math.max(highest, index);
        }
        return new BoundaryTally(intact, 0, 0, sent.size() - intact, wrong, reordered);
    }

    /** The index a workload message starts with ({@code 000042.}), or -1. */
    static int indexOf(byte[] message) {
        if (message.length < Workload.MIN_SIZE || message[6] != '.') {
            return -1;
        }
        try {
            return Integer.parseInt(new String(message, 0, 6, StandardCharsets.US_ASCII));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static long[] starts(List<byte[]> pieces) {
        long[] starts = new long[pieces.size()];
        long offset = 0;
        for (int i = 0; i < pieces.size(); i++) {
            starts[i] = offset;
            offset += pieces.get(i).length;
        }
        return starts;
    }

    /** How many leading bytes of the handled stream equal the sent stream. */
    private static long matchingPrefix(List<byte[]> sent, List<byte[]> handled) {
        long matched = 0;
        int si = 0;
        int sOff = 0;
        for (byte[] piece : handled) {
            for (byte b : piece) {
                while (si < sent.size() && sOff == sent.get(si).length) {
                    si++;
                    sOff = 0;
                }
                if (si == sent.size() || sent.get(si)[sOff] != b) {
                    return matched;
                }
                sOff++;
                matched++;
            }
        }
        return matched;
    }

    /** The handled message that holds stream offset {@code offset}. */
    private static int containing(long[] starts, List<byte[]> pieces, long offset) {
        int index = Arrays.binarySearch(starts, offset);
        if (index < 0) {
            index = -index - 2;
        }
        // Empty pieces share a start with the next one: step to the one that holds the byte.
        while (index < pieces.size() - 1 && pieces.get(index).length == 0) {
            index++;
        }
        return index;
    }
}
