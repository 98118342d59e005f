package dev.tsserver.codec.testkit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;

import dev.tsserver.codec.CodecSettings;
import dev.tsserver.codec.EncodablePayload;
import dev.tsserver.codec.spi.CodecRegistry;
import dev.tsserver.codec.spi.FramingCodecProvider;
import org.apache.mina.core.buffer.IoBuffer;
import org.apache.mina.filter.codec.ProtocolCodecFactory;
import org.apache.mina.filter.codec.ProtocolDecoderException;
import org.apache.mina.filter.codec.ProtocolEncoderException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The contract every framing codec, built-in or plug-in, must keep. A codec's test extends this
 * class and supplies its provider, the settings to test with and a reference framing written
 * independently of the codec's encoder; the kit then checks round trips, chunking invariance,
 * the empty payload and the max-frame boundary, all through MINA's real codec filter
 * ({@link CodecHarness}).
 *
 * <pre>{@code
 * class NetstringCodecContractTest extends FramingCodecContract {
 *     protected FramingCodecProvider provider() { return new NetstringCodecProvider(); }
 *     protected CodecSettings settings() { return new CodecSettings(150, 4); }
 *     protected byte[] frame(List<byte[]> payloads) { ... "5:hello," ... }
 * }
 * }</pre>
 *
 * <p>Codecs that do not keep message boundaries (raw) override {@link #preservesBoundaries()};
 * for them the kit checks that the decoded bytes, concatenated, are the bytes sent.
 *
 * <p>From another module or a plug-in jar: add {@code tsserver-codecs} with
 * {@code <type>test-jar</type>} and {@code junit-jupiter}, both in test scope. Choose a
 * {@code maxFrame} whose {@code maxFrame + 1} your framing can still express, so the limit
 * check is reached. Random chunkings print their seed; {@code -D}{@value TestSeeds#PROPERTY}
 * replays one.
 */
@Timeout(20)
public abstract class FramingCodecContract {

    /** Randomised chunkings per test: enough to vary cut points, bounded to stay fast. */
    protected static final int RANDOM_CHUNKINGS = 300;

    /** The codec under test. */
    protected abstract FramingCodecProvider provider();

    /** Settings to build the codec with; keep {@code maxFrame} small so boundary tests are cheap. */
    protected abstract CodecSettings settings();

    /**
     * The wire bytes of {@code payloads}, framed by hand (not with the codec's encoder), so the
     * decoder is checked against the format rather than against its own encoder.
     */
    protected abstract byte[] frame(List<byte[]> payloads);

    /** Whether each payload comes out as exactly one message; false for raw. */
    protected boolean preservesBoundaries() {
        return true;
    }

    /**
     * A payload of {@code size} bytes the codec can carry unchanged. Random bytes by default; a
     * delimiter-based codec replaces its delimiter.
     */
    protected byte[] payload(Random random, int size) {
        return TestBytes.random(random, size);
    }

    protected final ProtocolCodecFactory newFactory() {
        return provider().newCodecFactory(settings());
    }

    protected final CodecHarness newHarness() {
        return new CodecHarness(newFactory());
    }

    /** A mixed sequence: short, empty, exactly max, one byte, medium. */
    protected final List<byte[]> samplePayloads(Random random) {
        int max = settings().maxFrame();
        return List.of(payload(random, 5), new byte[0], payload(random, max), payload(random, 1),
                payload(random, Math.min(17, max)));
    }

    /** What the handler must see for {@code payloads}, per the codec's boundary semantics. */
    protected final void assertDecoded(List<byte[]> payloads, CodecHarness harness, String context) {
        assertEquals(List.of(), harness.errors(), () -> "unexpected decoder errors; " + context);
        List<byte[]> messages = harness.messages();
        if (preservesBoundaries()) {
            assertEquals(TestBytes.hex(payloads), TestBytes.hex(messages), context);
        } else {
            assertArrayEquals(TestBytes.concat(payloads), TestBytes.concat(messages), context);
            for (byte[] message : messages) {
                assertTrue(message.length > 0, () -> "empty message emitted; " + context);
                assertTrue(message.length <= settings().maxFrame(),
                        () -> "message of " + message.length + " bytes over max frame; " + context);
            }
        }
    }

    private void assertDecodedWith(List<byte[]> payloads, List<byte[]> reads, String context) {
        try (CodecHarness harness = newHarness()) {
            harness.feed(reads);
            assertDecoded(payloads, harness, context);
        }
    }

    @Test
    void providerNameIsLowerCaseWithoutSpaces() {
        String name = provider().name();
        assertTrue(name != null && !name.isEmpty() && name.equals(name.toLowerCase(Locale.ROOT))
                && name.chars().noneMatch(Character::isWhitespace), () -> "bad codec name '" + name + "'");
        String description = provider().description();
        assertTrue(description != null && !description.isBlank() && description.lines().count() == 1,
                () -> "description must be one line: '" + description + "'");
    }

    @Test
    void registryFindsTheCodecByName() {
        CodecRegistry registry = CodecRegistry.discover(provider().getClass().getClassLoader());
        assertSame(provider().getClass(), registry.get(provider().name()).getClass(),
                "a plug-in needs a META-INF/services entry for FramingCodecProvider");
    }

    @Test
    void encoderWritesTheReferenceFraming() throws Exception {
        Random random = new Random(1);
        try (CodecHarness harness = newHarness()) {
            for (byte[] payload : samplePayloads(random)) {
                assertArrayEquals(frame(List.of(payload)), harness.encode(payload),
                        () -> "encoding of a " + payload.length + "-byte payload");
            }
        }
    }

    @Test
    void encoderTakesEncodablePayloadLikeByteArray() throws Exception {
        byte[] payload = payload(new Random(2), Math.min(40, settings().maxFrame()));
        EncodablePayload encodable = new EncodablePayload() {
            @Override
            public int size() {
                return payload.length;
            }

            @Override
            public void writeTo(IoBuffer out) {
                out.put(payload);
            }
        };
        try (CodecHarness harness = newHarness()) {
            assertArrayEquals(harness.encode(payload), harness.encode(encodable));
        }
    }

    @Test
    void encoderRefusesOtherMessageTypes() {
        try (CodecHarness harness = newHarness()) {
            assertThrows(ProtocolEncoderException.class, () -> harness.encode("a string"));
            assertThrows(ProtocolEncoderException.class, () -> harness.encode(42));
        }
    }

    @Test
    void encodedPayloadsDecodeToThemselves() throws Exception {
        List<byte[]> payloads = samplePayloads(new Random(3));
        try (CodecHarness harness = newHarness()) {
            for (byte[] payload : payloads) {
                harness.feed(harness.encode(payload));
            }
            assertDecoded(payloads, harness, "encode then decode, one read per frame");
        }
    }

    @Test
    void emptyPayloadRoundTrips() throws Exception {
        List<byte[]> empty = List.of(new byte[0]);
        try (CodecHarness harness = newHarness()) {
            byte[] encoded = harness.encode(new byte[0]);
            assertArrayEquals(frame(empty), encoded);
            harness.feed(encoded);
            assertDecoded(preservesBoundaries() ? empty : List.of(), harness, "one empty payload");
        }
    }

    @Test
    void payloadOfExactlyMaxFrameIsAccepted() {
        byte[] atLimit = payload(new Random(4), settings().maxFrame());
        assertDecodedWith(List.of(atLimit), Chunkings.whole(frame(List.of(atLimit))), "payload of max frame");
    }

    @Test
    void payloadOverMaxFrameIsNeverDeliveredWhole() {
        int max = settings().maxFrame();
        byte[] overLimit = payload(new Random(5), max + 1);
        try (CodecHarness harness = newHarness()) {
            harness.feed(frame(List.of(overLimit)));
            for (byte[] message : harness.messages()) {
                assertTrue(message.length <= max, () -> "a " + message.length + "-byte message passed max frame " + max);
            }
            if (preservesBoundaries()) {
                assertEquals(1, harness.errors().size(), () -> "one decoder error expected, got " + harness.events());
                ProtocolDecoderException error =
                        assertInstanceOf(ProtocolDecoderException.class, harness.errors().get(0));
                String message = error.getMessage();
                assertTrue(message.contains(String.valueOf(max)), () -> "error should name the limit: " + message);
                assertTrue(message.length() < 300, () -> "error message must stay one short line: " + message);
            }
        }
    }

    @Test
    void framesFedOneByteAtATimeDecodeAlike() {
        List<byte[]> payloads = samplePayloads(new Random(6));
        assertDecodedWith(payloads, Chunkings.oneByteAtATime(frame(payloads)), "one byte per read");
    }

    @Test
    void framesInOneReadDecodeAlike() {
        List<byte[]> payloads = samplePayloads(new Random(7));
        assertDecodedWith(payloads, Chunkings.whole(frame(payloads)), "all frames in one read");
    }

    @Test
    void everyTwoWaySplitDecodesAlike() {
        List<byte[]> payloads = samplePayloads(new Random(8));
        byte[] stream = frame(payloads);
        for (int at = 1; at < stream.length; at++) {
            assertDecodedWith(payloads, Chunkings.splitAt(stream, at), "split before byte " + at + " of " + stream.length);
        }
    }

    @Test
    void randomChunkingsDecodeAlike() {
        long seed = TestSeeds.seed();
        // Logged on success too, so a run that later turns out suspicious can still be replayed.
        System.out.println(getClass().getSimpleName() + " random chunkings: " + TestSeeds.replayHint(seed));
        Random random = new Random(seed);
        for (int round = 0; round < RANDOM_CHUNKINGS; round++) {
            List<byte[]> payloads = new ArrayList<>();
            int count = 1 + random.nextInt(6);
            for (int i = 0; i < count; i++) {
                payloads.add(payload(random, random.nextInt(settings().maxFrame() + 1)));
            }
            byte[] stream = frame(payloads);
            List<byte[]> reads = Chunkings.random(stream, random, 1 + random.nextInt(stream.length + 1));
            int currentRound = round;
            assertDecodedWith(payloads, reads, "round " + currentRound + ", " + reads.size() + " reads, "
                    + TestSeeds.replayHint(seed));
        }
    }

    @Test
    void decoderStateIsPerSession() {
        Random random = new Random(9);
        List<byte[]> first = samplePayloads(random);
        List<byte[]> second = samplePayloads(random);
        List<byte[]> firstReads = Chunkings.oneByteAtATime(frame(first));
        List<byte[]> secondReads = Chunkings.oneByteAtATime(frame(second));
        ProtocolCodecFactory factory = newFactory();
        try (CodecHarness a = new CodecHarness(factory); CodecHarness b = new CodecHarness(factory)) {
            for (int i = 0; i < Math.max(firstReads.size(), secondReads.size()); i++) {
                if (i < firstReads.size()) {
                    a.feed(firstReads.get(i));
                }
                if (i < secondReads.size()) {
                    b.feed(secondReads.get(i));
                }
            }
            assertDecoded(first, a, "session a, interleaved with b on one factory");
            assertDecoded(second, b, "session b, interleaved with a on one factory");
        }
    }

    @Test
    void decoderAccumulatesWithoutAFragmentingTransport() {
        byte[] payload = payload(new Random(10), Math.min(10, settings().maxFrame()));
        byte[] stream = frame(List.of(payload));
        try (CodecHarness harness = newHarness()) {
            assertFalse(harness.session().getTransportMetadata().hasFragmentation(),
                    "precondition: DummySession reports no fragmentation");
            harness.feed(Chunkings.splitAt(stream, stream.length / 2));
            assertDecoded(List.of(payload), harness, "one frame in two reads");
        }
    }

    @Test
    void incompleteFrameAtCloseIsDroppedQuietly() {
        byte[] payload = payload(new Random(11), Math.min(10, settings().maxFrame()));
        byte[] stream = frame(List.of(payload));
        CodecHarness harness = newHarness();
        harness.feed(Arrays.copyOf(stream, stream.length - 1));
        harness.close();
        if (preservesBoundaries()) {
            assertEquals(List.of(), harness.events(), "a partial frame is neither delivered nor an error");
        } else {
            assertDecoded(List.of(Arrays.copyOf(stream, stream.length - 1)), harness, "raw partial");
        }
    }
}
