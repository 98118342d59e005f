package dev.tsserver.client.boundaries;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 10, unit = TimeUnit.SECONDS)
class BoundaryTallyTest {

    private final List<byte[]> sent = Workload.of("small", 4, 10).messages(); // 4 x 10 bytes

    /** The sent stream cut at the given offsets, as a server's reads would cut it. */
    private List<byte[]> cutAt(int... offsets) {
        byte[] stream = new byte[40];
        for (int i = 0; i < 4; i++) {
            System.arraycopy(sent.get(i), 0, stream, 10 * i, 10);
        }
        List<byte[]> pieces = new ArrayList<>();
        int from = 0;
        for (int offset : offsets) {
            pieces.add(Arrays.copyOfRange(stream, from, offset));
            from = offset;
        }
        pieces.add(Arrays.copyOfRange(stream, from, stream.length));
        return pieces;
    }

    @Test
    void readsOnTheBoundariesAreAllIntact() {
        assertEquals(new BoundaryTally(4, 0, 0, 0, 0, 0), BoundaryTally.ofStream(sent, cutAt(10, 20, 30), 0));
    }

    @Test
    void oneReadOfEverythingMergesEveryMessageAndIsOneWrongMessage() {
        assertEquals(new BoundaryTally(0, 4, 0, 0, 1, 0), BoundaryTally.ofStream(sent, cutAt(), 0));
    }

    @Test
    void aCutInsideAMessageSplitsIt() {
        // [m0 m1 m2(half)] [m2(half) m3]: m2 split, m0 m1 m3 merged, both reads wrong
        assertEquals(new BoundaryTally(0, 3, 1, 0, 2, 0), BoundaryTally.ofStream(sent, cutAt(25), 0));
    }

    @Test
    void aMessageCutInManyPiecesCountsAsOneSplitButEveryPieceIsWrong() {
        // [m0] [m1 a] [m1 b] [m1 c] [m2 m3]
        assertEquals(new BoundaryTally(1, 2, 1, 0, 4, 0), BoundaryTally.ofStream(sent, cutAt(10, 13, 16, 20), 0));
    }

    @Test
    void bytesThatNeverCameBackAreLost() {
        List<byte[]> handled = cutAt(10, 20, 30).subList(0, 2);
        assertEquals(new BoundaryTally(2, 0, 0, 2, 0, 0), BoundaryTally.ofStream(sent, handled, 0));
    }

    @Test
    void aMessageWithOtherBytesAfterItIsLostFromThereOn() {
        List<byte[]> handled = new ArrayList<>(cutAt(10, 20, 30));
        handled.set(2, "000002.xxx".getBytes(StandardCharsets.US_ASCII));
        // m2 and m3 no longer match the sent stream; the wrong piece is counted, m3's piece too
        BoundaryTally tally = BoundaryTally.ofStream(sent, handled, 0);
        assertEquals(2, tally.intact());
        assertEquals(2, tally.lost());
        assertEquals(2, tally.wrong());
    }

    @Test
    void strayRepliesAreWrongMessages() {
        assertEquals(1, BoundaryTally.ofStream(sent, cutAt(10, 20, 30), 1).wrong());
    }

    @Test
    void datagramsInOrderAreAllIntact() {
        assertEquals(new BoundaryTally(4, 0, 0, 0, 0, 0), BoundaryTally.ofDatagrams(sent, sent));
    }

    @Test
    void missingDatagramsAreLostAndLateOnesReordered() {
        List<byte[]> replies = List.of(sent.get(0), sent.get(2), sent.get(1));
        assertEquals(new BoundaryTally(3, 0, 0, 1, 0, 1), BoundaryTally.ofDatagrams(sent, replies));
    }

    @Test
    void duplicatedOrForeignDatagramsAreWrong() {
        List<byte[]> replies = List.of(sent.get(0), sent.get(0), "hello, world".getBytes(StandardCharsets.US_ASCII),
                sent.get(1), sent.get(2), sent.get(3));
        assertEquals(new BoundaryTally(4, 0, 0, 0, 2, 0), BoundaryTally.ofDatagrams(sent, replies));
    }
}
