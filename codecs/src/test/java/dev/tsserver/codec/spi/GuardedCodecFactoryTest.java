package dev.tsserver.codec.spi;

import static dev.tsserver.codec.testkit.TestBytes.ascii;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.tsserver.codec.CodecSettings;
import dev.tsserver.codec.CorruptFrameException;
import dev.tsserver.codec.DecoderContractException;
import dev.tsserver.codec.EncodablePayload;
import dev.tsserver.codec.testkit.CodecHarness;
import org.apache.mina.core.buffer.IoBuffer;
import org.apache.mina.core.service.IoHandlerAdapter;
import org.apache.mina.core.session.DummySession;
import org.apache.mina.core.session.IoSession;
import org.apache.mina.filter.codec.ProtocolCodecFactory;
import org.apache.mina.filter.codec.ProtocolCodecFilter;
import org.apache.mina.filter.codec.ProtocolDecoder;
import org.apache.mina.filter.codec.ProtocolDecoderAdapter;
import org.apache.mina.filter.codec.ProtocolDecoderException;
import org.apache.mina.filter.codec.ProtocolDecoderOutput;
import org.apache.mina.filter.codec.ProtocolEncoder;
import org.apache.mina.filter.codec.ProtocolEncoderAdapter;
import org.apache.mina.filter.codec.ProtocolEncoderException;
import org.apache.mina.filter.codec.ProtocolEncoderOutput;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.LoggerFactory;

/**
 * The production guard every codec from {@link CodecRegistry} gets, driven with misbehaving
 * plug-ins through MINA's real codec filter. Without the guard the first test does not return:
 * the filter calls a decoder that consumes nothing again and again (the separate-thread timeout
 * turns that into a failure instead of a hung build).
 */
@Timeout(value = 10, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class GuardedCodecFactoryTest {

    private final ListAppender<ILoggingEvent> logged = new ListAppender<>();
    private final Logger guardLog = (Logger) LoggerFactory.getLogger(GuardedCodecFactory.class);

    @BeforeEach
    void captureLog() {
        logged.start();
        guardLog.addAppender(logged);
    }

    @AfterEach
    void releaseLog() {
        guardLog.detachAppender(logged);
    }

    /** Reads nothing and returns: a plug-in waiting for more on a session it believes does not fragment. */
    private static final class StallingDecoder extends ProtocolDecoderAdapter {
        @Override
        public void decode(IoSession session, IoBuffer in, ProtocolDecoderOutput out) {
        }
    }

    /** Emits the bytes of each read as a String. */
    private static final class StringDecoder extends ProtocolDecoderAdapter {
        @Override
        public void decode(IoSession session, IoBuffer in, ProtocolDecoderOutput out) {
            byte[] bytes = new byte[in.remaining()];
            in.get(bytes);
            out.write(new String(bytes, java.nio.charset.StandardCharsets.US_ASCII));
        }
    }

    /** Emits each read; a read starting with '!' is a fatal error, yet it goes on decoding afterwards. */
    private static final class ForgetfulDecoder extends ProtocolDecoderAdapter {
        @Override
        public void decode(IoSession session, IoBuffer in, ProtocolDecoderOutput out) throws CorruptFrameException {
            byte[] bytes = new byte[in.remaining()];
            in.get(bytes);
            if (bytes.length > 0 && bytes[0] == '!') {
                throw new CorruptFrameException("bad frame");
            }
            out.write(bytes);
        }
    }

    /** What a new plug-in author writes: a cast to byte[]. */
    private static final class CastingEncoder extends ProtocolEncoderAdapter {
        @Override
        public void encode(IoSession session, Object message, ProtocolEncoderOutput out) {
            out.write(IoBuffer.wrap((byte[]) message));
        }
    }

    private static final class MarkedEncoder extends ProtocolEncoderAdapter implements AcceptsEncodablePayload {
        final List<Object> received = new ArrayList<>();

        @Override
        public void encode(IoSession session, Object message, ProtocolEncoderOutput out) {
            received.add(message);
            out.write(IoBuffer.allocate(0));
        }
    }

    private static FramingCodecProvider plugin(String name, Supplier<ProtocolDecoder> decoder, ProtocolEncoder encoder) {
        return new FramingCodecProvider() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public String description() {
                return "misbehaving fixture";
            }

            @Override
            public ProtocolCodecFactory newCodecFactory(CodecSettings settings) {
                ProtocolDecoder shared = decoder.get();
                return new ProtocolCodecFactory() {
                    @Override
                    public ProtocolEncoder getEncoder(IoSession session) {
                        return encoder;
                    }

                    @Override
                    public ProtocolDecoder getDecoder(IoSession session) {
                        return shared;
                    }
                };
            }
        };
    }

    private static ProtocolCodecFactory fromRegistry(FramingCodecProvider plugin) {
        return CodecRegistry.of(plugin).newCodecFactory(plugin.name(), CodecSettings.defaults());
    }

    private static EncodablePayload encodable(byte[] bytes) {
        return new EncodablePayload() {
            @Override
            public int size() {
                return bytes.length;
            }

            @Override
            public void writeTo(IoBuffer out) {
                out.put(bytes);
            }
        };
    }

    private long errorLines() {
        return logged.list.stream().filter(e -> e.getLevel() == Level.ERROR).count();
    }

    @Test
    void aDecoderThatConsumesNothingFailsItsConnectionInsteadOfSpinning() {
        ProtocolCodecFactory codec = fromRegistry(plugin("stall", StallingDecoder::new, new CastingEncoder()));
        DummySession session = new DummySession();
        List<Throwable> caught = new ArrayList<>();
        session.getFilterChain().addLast("codec", new ProtocolCodecFilter(codec));
        session.setHandler(new IoHandlerAdapter() {
            @Override
            public void exceptionCaught(IoSession s, Throwable cause) {
                caught.add(cause);
            }
        });

        session.getFilterChain().fireMessageReceived(IoBuffer.wrap(ascii("hello")));

        assertEquals(1, caught.size(), () -> "one fatal error expected: " + caught);
        DecoderContractException error = assertInstanceOf(DecoderContractException.class, caught.get(0));
        assertTrue(error.getMessage().contains("'stall'") && error.getMessage().contains(StallingDecoder.class.getName())
                && error.getMessage().contains("5 bytes"), error.getMessage());
        assertTrue(error instanceof ProtocolDecoderException, "fatal: a ProtocolDecoderException, not recoverable");
    }

    @Test
    void afterAStallFurtherInputIsDiscardedAndTheViolationIsLoggedOnce() {
        ProtocolCodecFactory codec = fromRegistry(plugin("stall", StallingDecoder::new, new CastingEncoder()));
        try (CodecHarness first = new CodecHarness(codec); CodecHarness second = new CodecHarness(codec)) {
            first.feed(ascii("a"), ascii("b"), ascii("c"));
            second.feed(ascii("d"));
            assertEquals(1, first.errors().size(), () -> "one error per connection: " + first.events());
            assertEquals(1, second.errors().size(), () -> "one error per connection: " + second.events());
        }
        assertEquals(1, errorLines(), () -> "one ERROR line per codec, got " + logged.list);
    }

    @Test
    void aDecoderEmittingAnythingButBytesFailsItsConnection() {
        ProtocolCodecFactory codec = fromRegistry(plugin("text", StringDecoder::new, new CastingEncoder()));
        try (CodecHarness harness = new CodecHarness(codec)) {
            harness.feed(ascii("hello"), ascii("again"));
            assertEquals(List.of(), harness.messages(), "a String never reaches the handler");
            assertEquals(1, harness.errors().size(), () -> "" + harness.events());
            Throwable error = harness.errors().get(0);
            assertInstanceOf(DecoderContractException.class, error);
            assertTrue(error.getMessage().contains("emitted java.lang.String"), error.getMessage());
        }
    }

    @Test
    void afterAFatalErrorNoFrameIsDelivered() {
        ProtocolCodecFactory codec = fromRegistry(plugin("forgetful", ForgetfulDecoder::new, new CastingEncoder()));
        try (CodecHarness harness = new CodecHarness(codec)) {
            harness.feed(ascii("one"), ascii("!bad"), ascii("two"));
            assertEquals(List.of("one"), harness.messages().stream().map(String::new).toList());
            assertEquals(1, harness.errors().size());
        }
    }

    @Test
    void anUnmarkedEncoderReceivesOnlyByteArrays() throws Exception {
        ProtocolCodecFactory codec = fromRegistry(plugin("casting", StallingDecoder::new, new CastingEncoder()));
        try (CodecHarness harness = new CodecHarness(codec)) {
            assertArrayEquals(ascii("[ts] hi"), harness.encode(encodable(ascii("[ts] hi"))));
            assertArrayEquals(ascii("plain"), harness.encode(ascii("plain")));
            ProtocolEncoderException refused = assertThrows(ProtocolEncoderException.class, () -> harness.encode("text"));
            assertTrue(refused.getMessage().contains("java.lang.String"), refused.getMessage());
        }
    }

    @Test
    void aMarkedEncoderReceivesEncodablePayloadUncopied() throws Exception {
        MarkedEncoder encoder = new MarkedEncoder();
        ProtocolCodecFactory codec = fromRegistry(plugin("marked", StallingDecoder::new, encoder));
        EncodablePayload payload = encodable(ascii("x"));
        try (CodecHarness harness = new CodecHarness(codec)) {
            harness.encode(payload);
        }
        assertSame(payload, encoder.received.get(0));
    }

    @Test
    void builtInsComeGuardedAndStillDecode() {
        ProtocolCodecFactory line = CodecRegistry.discover().newCodecFactory("line", CodecSettings.defaults());
        assertInstanceOf(GuardedCodecFactory.class, line);
        try (CodecHarness harness = new CodecHarness(line)) {
            harness.feed(ascii("a\nb"), ascii("c\n"));
            assertEquals(List.of("a", "bc"), harness.messages().stream().map(String::new).toList());
        }
    }
}
