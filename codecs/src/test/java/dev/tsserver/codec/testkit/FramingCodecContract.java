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
import java.util.Map;
import java.util.Random;

import dev.tsserver.codec.CodecSettings;
import dev.tsserver.codec.EncodablePayload;
import dev.tsserver.codec.spi.CodecRegistry;
import dev.tsserver.codec.spi.FramingCodecProvider;
import dev.tsserver.codec.spi.GuardedCodecFactory;
import com.code_intelligence.jazzer.junit.FuzzTest;
import org.apache.mina.core.buffer.IoBuffer;
import org.apache.mina.filter.codec.ProtocolCodecFactory;
import org.apache.mina.filter.codec.ProtocolDecoderException;
import org.apache.mina.filter.codec.ProtocolEncoderException;
import org.apache.mina.filter.codec.RecoverableProtocolDecoderException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The contract every framing codec, built-in or plug-in, must keep. A codec's test extends this
 * class and supplies its provider, the settings to test with and a reference framing written
 * independently of the codec's encoder; the kit then checks round trips, chunking invariance,
 * the empty payload and the max-frame boundary, all through MINA's real codec filter
 * ({@link CodecHarness}) on a session that reports TCP's transport metadata (fragmenting), with
 * the codec wrapped exactly as {@link CodecRegistry} wraps it for the server
 * ({@link GuardedCodecFactory}). A decoder built on MINA's {@code CumulativeProtocolDecoder}
 * passes as well as one that consumes every read itself.
 *
 * <p>It also fuzzes the codec: three fuzz targets ({@code fuzz...(byte[])}, Jazzer
 * {@code @FuzzTest}s) check random bytes mixed with valid and cut frames under random chunkings
 * (no exception but the codec's own {@link ProtocolDecoderException}s, no message over max
 * frame, retained buffers within {@link #retainedBytesBound()}); valid frames split any way;
 * and valid frames after an over-long one (decoded again if {@link #resynchronises()},
 * otherwise a fatal error and nothing after it). Every build runs them on the committed inputs
 * in {@code src/test/resources/<package>/<TestClass>Inputs/<target>/} (if any) and, through
 * {@link #fuzzTargetsOnSeededRandomInputs()}, on random inputs from a logged seed;
 * docs/fuzzing.md says how to run them longer and coverage-guided.
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
 * <p>From another module or a plug-in jar (docs/plugins.md): add {@code tsserver-codecs} with
 * {@code <type>test-jar</type>}, {@code junit-jupiter} and
 * {@code com.code-intelligence:jazzer-junit}, all in test scope (and, to keep the build fast,
 * {@code jazzer.hooks = false} in the test {@code junit-platform.properties}). Choose a
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

    /**
     * Whether the decoder finds the next frame after an over-long one (line: the next LF). A
     * codec that cannot (a length prefix) must fail the stream with a fatal
     * {@link ProtocolDecoderException} instead.
     */
    protected boolean resynchronises() {
        return false;
    }

    /**
     * The most buffer bytes the session's decoder state may hold between reads, measured with
     * {@link RetainedBytes}. By default twice max frame plus 4 KiB: MINA's auto-expanding buffers
     * (as in {@code CumulativeProtocolDecoder}) round capacity up to a power of two. A decoder
     * that sizes its buffers exactly should tighten it (the built-ins use max frame + 1 KiB).
     */
    protected long retainedBytesBound() {
        return 2L * settings().maxFrame() + 4096;
    }

    /**
     * The wire bytes of one frame the decoder must refuse as over-long. By default the frame of
     * a payload of max frame + 1 bytes; a codec whose framing can express longer frames should
     * vary the length (the line codec goes up to three times max frame, so its discard-to-LF
     * path is reached).
     */
    protected byte[] overLongFrame(Random random) {
        return frame(List.of(payload(random, settings().maxFrame() + 1)));
    }

    /** The provider's factory wrapped as the registry wraps it for the server. */
    protected final ProtocolCodecFactory newFactory() {
        return GuardedCodecFactory.guard(provider().name(), provider().newCodecFactory(settings()));
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

    // ---- fuzzing (Jazzer fuzz targets, also driven by a seeded random generator) ----------

    /**
     * Every build: runs each fuzz target on {@value FuzzRuns#TRIES_PROPERTY} (default
     * {@value FuzzRuns#DEFAULT_TRIES}) random inputs from one logged seed, without Jazzer's
     * native fuzzer, so a plug-in's contract test fuzzes its codec with no setup. The
     * {@code @FuzzTest} methods below run their committed inputs in the same build, and
     * coverage-guided under {@code JAZZER_FUZZ=1} (docs/fuzzing.md).
     */
    @Test
    @Timeout(300)
    void fuzzTargetsOnSeededRandomInputs() {
        FuzzRuns.run(this, Map.of(
                "fuzzNoise", this::fuzzNoise,
                "fuzzFramesSplitAnyWay", this::fuzzFramesSplitAnyWay,
                "fuzzFramesAfterAnOverLongFrame", this::fuzzFramesAfterAnOverLongFrame),
                4 * settings().maxFrame() + 64);
    }

    /** Valid payloads (0 to 6 of 0 to max frame bytes) chosen by the fuzzer input. */
    private List<byte[]> validPayloads(FuzzInput input) {
        int count = input.intBetween(0, 6);
        List<byte[]> payloads = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            payloads.add(fuzzPayload(input));
        }
        return payloads;
    }

    private byte[] fuzzPayload(FuzzInput input) {
        int size = input.intBetween(0, settings().maxFrame());
        return payload(new Random(input.nextLong()), size);
    }

    /** Read sizes from one byte to beyond a frame, used in turn ({@link Chunkings#bySizes}). */
    private List<Integer> readSizes(FuzzInput input) {
        int count = input.intBetween(1, 12);
        List<Integer> sizes = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            sizes.add(input.intBetween(1, settings().maxFrame() + 16));
        }
        return sizes;
    }

    /** Random bytes, valid frames and frames cut short, back to back. */
    private byte[] noise(FuzzInput input) {
        int max = settings().maxFrame();
        int parts = input.intBetween(1, 8);
        List<byte[]> stream = new ArrayList<>(parts);
        for (int i = 0; i < parts; i++) {
            switch (input.intBetween(0, 2)) {
                case 0 -> stream.add(input.bytes(max + 16));
                case 1 -> stream.add(frame(List.of(fuzzPayload(input))));
                default -> {
                    byte[] frame = frame(List.of(fuzzPayload(input)));
                    stream.add(Arrays.copyOf(frame, input.intBetween(0, frame.length)));
                }
            }
        }
        return TestBytes.concat(stream);
    }

    /**
     * Random bytes mixed with valid and cut frames, in random reads: no exception but the codec's
     * own {@link ProtocolDecoderException}, no message over max frame, and after every read the
     * session's decoder state retains at most {@link #retainedBytesBound()} buffer bytes.
     */
    @FuzzTest(maxDuration = "5m")
    void fuzzNoise(byte[] data) {
        FuzzInput input = new FuzzInput(data);
        byte[] noise = noise(input);
        List<Integer> readSizes = readSizes(input);
        int max = settings().maxFrame();
        try (CodecHarness harness = newHarness()) {
            for (byte[] read : Chunkings.bySizes(noise, readSizes)) {
                harness.feed(read);
                long retained = harness.retainedBytes();
                assertTrue(retained <= retainedBytesBound(), () -> "decoder state retains " + retained
                        + " bytes, bound " + retainedBytesBound() + " (max frame " + max + ")");
            }
            for (Throwable error : harness.errors()) {
                assertCodecsOwn(error);
            }
            for (byte[] message : harness.messages()) {
                assertTrue(message.length <= max, () -> "a " + message.length + "-byte message passed max frame " + max);
            }
        }
    }

    /** Valid frames, split into random reads, decode to the same payloads. */
    @FuzzTest(maxDuration = "5m")
    void fuzzFramesSplitAnyWay(byte[] data) {
        FuzzInput input = new FuzzInput(data);
        List<byte[]> payloads = validPayloads(input);
        List<byte[]> reads = Chunkings.bySizes(frame(payloads), readSizes(input));
        assertDecodedWith(payloads, reads, reads.size() + " reads");
    }

    /**
     * Valid frames, an over-long frame, valid frames, in random reads: a codec that
     * {@link #resynchronises()} reports one recoverable error and decodes every valid frame; one
     * that cannot fails the stream with a fatal error after the frames before it.
     */
    @FuzzTest(maxDuration = "5m")
    void fuzzFramesAfterAnOverLongFrame(byte[] data) {
        FuzzInput input = new FuzzInput(data);
        List<byte[]> before = validPayloads(input);
        byte[] overLong = overLongFrame(new Random(input.nextLong()));
        List<byte[]> after = validPayloads(input);
        List<Integer> readSizes = readSizes(input);
        byte[] stream = TestBytes.concat(frame(before), overLong, frame(after));
        try (CodecHarness harness = newHarness()) {
            harness.feed(Chunkings.bySizes(stream, readSizes));
            if (!preservesBoundaries()) {
                assertArrayEquals(stream, TestBytes.concat(harness.messages()), "every byte passes unframed");
                return;
            }
            List<Throwable> errors = harness.errors();
            assertTrue(!errors.isEmpty(), "the over-long frame must be reported");
            errors.forEach(FramingCodecContract::assertCodecsOwn);
            if (resynchronises()) {
                assertEquals(1, errors.size(), () -> "one error for one over-long frame: " + errors);
                assertInstanceOf(RecoverableProtocolDecoderException.class, errors.get(0));
                List<byte[]> expected = new ArrayList<>(before);
                expected.addAll(after);
                assertEquals(TestBytes.hex(expected), TestBytes.hex(harness.messages()), "frames around the bad one");
            } else {
                assertTrue(!(errors.get(0) instanceof RecoverableProtocolDecoderException),
                        () -> "a codec that cannot resynchronise must fail the stream: " + errors.get(0));
                assertEquals(TestBytes.hex(before), TestBytes.hex(harness.messages()),
                        "frames before the bad one, and none after it");
            }
        }
    }

    /**
     * A codec's own error: a {@link ProtocolDecoderException} it threw, not a runtime exception
     * or error that MINA's filter wrapped into one.
     */
    private static void assertCodecsOwn(Throwable error) {
        assertInstanceOf(ProtocolDecoderException.class, error, "decoder errors reach the handler as such");
        Throwable cause = error.getCause();
        assertFalse(cause instanceof RuntimeException || cause instanceof Error,
                () -> "the decoder let " + cause + " escape; throw a ProtocolDecoderException for bad input");
    }
}
