package dev.tsserver.client.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class BurstTallyTest {

    private static BurstTally tally(int sent, int... replies) {
        BurstTally tally = new BurstTally(sent);
        for (int number : replies) {
            tally.onReply(number);
        }
        return tally;
    }

    @Test
    void everyReplyInOrderMeansNothingLost() {
        BurstTally t = tally(4, 0, 1, 2, 3);
        assertEquals(4, t.replies());
        assertEquals(4, t.distinct());
        assertEquals(0, t.lost());
        assertEquals(4, t.inOrder());
        assertEquals(0, t.outOfOrder());
        assertEquals(0, t.duplicates());
    }

    @Test
    void gapsAreLossesButNotDisorder() {
        BurstTally t = tally(10, 0, 3, 7);
        assertEquals(7, t.lost());
        assertEquals(3, t.inOrder());
        assertEquals(0, t.outOfOrder());
    }

    @Test
    void aReplyBehindALaterOneIsOutOfOrder() {
        BurstTally t = tally(4, 0, 2, 1, 3);
        assertEquals(3, t.inOrder());
        assertEquals(1, t.outOfOrder());
        assertEquals(0, t.lost());
    }

    @Test
    void aRepeatIsADuplicateAndNotCountedTwice() {
        BurstTally t = tally(3, 0, 1, 1, 0, 2);
        assertEquals(5, t.replies());
        assertEquals(2, t.duplicates());
        assertEquals(3, t.distinct());
        assertEquals(3, t.inOrder());
        assertEquals(0, t.outOfOrder());
        assertEquals(0, t.lost());
    }

    @Test
    void repliesNamingNoMessageOfTheBurstAreUnrecognised() {
        BurstTally t = tally(2, -1, 2, 0);
        assertEquals(3, t.replies());
        assertEquals(2, t.unrecognised());
        assertEquals(1, t.distinct());
        assertEquals(1, t.lost());
    }

    @Test
    void nothingBackIsAllLost() {
        BurstTally t = tally(5);
        assertEquals(5, t.lost());
        assertEquals(0, t.replies());
    }

    @Test
    void negativeSentIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new BurstTally(-1));
    }
}
