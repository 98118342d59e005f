package dev.tsserver.codec.length;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import dev.tsserver.codec.testkit.CodecHarness;
import dev.tsserver.codec.testkit.TestBytes;
import org.apache.mina.core.buffer.IoBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * What a partial frame costs: the decoder's buffer grows with the bytes that arrived, not with
 * the length the peer declared (issue 7, item 4). Measured as the capacity the session's decoder
 * retains, read through the factory exactly as the codec filter gets it, so nothing depends on
 * RSS or on the garbage collector.
 */
@Timeout(30)
class LengthFieldMemoryTest {

    /** Room for the growth policy's first step and a header; anything near a frame size is a failure. */
    private static final int SMALL = 1024;

    private static byte[] header4(long length) {
        return new byte[] {(byte) (length >>> 24), (byte) (length >>> 16), (byte) (length >>> 8), (byte) length};
    }

    private static long retained(CodecHarness harness, LengthFieldCodecFactory factory) {
        return ((LengthFieldFrameDecoder) factory.getDecoder(harness.session())).retainedCapacity();
    }

    @Test
    void aHeaderDeclaringAGigabyteCostsNothingUntilBytesCome() {
        LengthFieldCodecFactory factory = new LengthFieldCodecFactory(4, Integer.MAX_VALUE);
        try (CodecHarness harness = new CodecHarness(factory)) {
            harness.feed(header4(1_000_000_000L));
            assertEquals(0, retained(harness, factory), "header only: no body buffer yet");
            harness.feed(new byte[100]);
            assertTrue(retained(harness, factory) <= SMALL,
                    () -> "100 body bytes of a 1e9-byte frame retained " + retained(harness, factory) + " bytes");
            // The same through the contract kit's reflective measure of the session's state.
            assertTrue(harness.retainedBytes() <= SMALL, () -> "session state retains " + harness.retainedBytes());
            assertEquals(List.of(), harness.errors());
        }
    }

    @Test
    void retainedCapacityStaysWithinTwiceWhatArrived() {
        int declared = 50_000_000;
        LengthFieldCodecFactory factory = new LengthFieldCodecFactory(4, Integer.MAX_VALUE);
        try (CodecHarness harness = new CodecHarness(factory)) {
            harness.feed(header4(declared));
            long arrived = 0;
            byte[] read = new byte[4096];
            for (int i = 0; i < 100; i++) {
                harness.feed(read);
                arrived += read.length;
                long capacity = retained(harness, factory);
                assertTrue(capacity <= 2 * arrived + SMALL,
                        "after " + arrived + " body bytes the decoder retains " + capacity);
            }
        }
    }

    @Test
    void fiveThousandPartialFramesCostOnlyWhatTheirPeersSent() {
        LengthFieldCodecFactory factory = new LengthFieldCodecFactory(4, 65_536);
        List<CodecHarness> connections = new ArrayList<>();
        long total = 0;
        try {
            for (int i = 0; i < 5_000; i++) {
                CodecHarness harness = new CodecHarness(factory);
                connections.add(harness);
                harness.feed(header4(65_535), new byte[10]);
                total += retained(harness, factory);
            }
        } finally {
            connections.forEach(CodecHarness::close);
        }
        // 5,000 x 65,535 would be 327 MB; what was sent is 5,000 x 14 bytes.
        assertTrue(total <= 5_000L * SMALL, "5,000 partial frames retain " + total + " bytes");
    }

    @Test
    void aFrameGrownPieceByPieceDecodesWhole() {
        byte[] payload = TestBytes.random(new Random(1), 300_000);
        LengthFieldCodecFactory factory = new LengthFieldCodecFactory(4, 1_000_000);
        try (CodecHarness harness = new CodecHarness(factory)) {
            harness.feed(header4(payload.length));
            for (int at = 0; at < payload.length; at += 7_001) {
                harness.feed(IoBuffer.wrap(payload, at, Math.min(7_001, payload.length - at)));
            }
            assertEquals(1, harness.messages().size());
            assertArrayEquals(payload, harness.messages().get(0));
            assertEquals(0, retained(harness, factory), "a completed frame leaves no buffer behind");
        }
    }
}
