package dev.tsserver.client.reliability;

import java.util.BitSet;

/**
 * What came back from a burst of {@code sent} numbered messages, counted as replies arrive:
 * how many, how many distinct messages they answer, how many repeat an earlier one
 * (duplicates), how many arrived after a reply to a later-sent message (out of order), and how
 * many did not carry a message number at all. Fed by one reader thread; read after it ends.
 */
final class BurstTally {

    private final int sent;
    private final BitSet seen;
    private long replies;
    private long duplicates;
    private long inOrder;
    private long outOfOrder;
    private long unrecognised;
    private int highest = -1;

    BurstTally(int sent) {
        if (sent < 0) {
            throw new IllegalArgumentException("sent must be 0 or more, was " + sent);
        }
        this.sent = sent;
        this.seen = new BitSet(sent);
    }

    /** One reply, given by the number of the message it answers; -1 for a reply without one. */
    void onReply(int number) {
        replies++;
        if (number < 0 || number >= sent) {
            unrecognised++;
            return;
        }
        if (seen.get(number)) {
            duplicates++;
            return;
        }
        seen.set(number);
        if (number > highest) {
            inOrder++;
            highest = number;
        } else {
            outOfOrder++;
        }
    }

    int sent() {
        return sent;
    }

    /** Every reply, duplicates and unrecognised ones included. */
    long replies() {
        return replies;
    }

    /** Messages answered at least once. */
    long distinct() {
        return seen.cardinality();
    }

    /** Sent messages with no reply. */
    long lost() {
        return sent - distinct();
    }

    /** Replies to a message already answered. */
    long duplicates() {
        return duplicates;
    }

    /** First replies that came after every reply to an earlier-sent message. */
    long inOrder() {
        return inOrder;
    }

    /** First replies that came after the reply to a message sent later. */
    long outOfOrder() {
        return outOfOrder;
    }

    /** Replies that name no message of the burst. */
    long unrecognised() {
        return unrecognised;
    }
}
