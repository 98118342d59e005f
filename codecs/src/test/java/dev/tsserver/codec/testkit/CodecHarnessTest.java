package dev.tsserver.codec.testkit;

import static dev.tsserver.codec.testkit.TestBytes.ascii;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.apache.mina.core.buffer.IoBuffer;
import org.apache.mina.core.session.IoSession;
import org.apache.mina.filter.codec.ProtocolCodecFactory;
import org.apache.mina.filter.codec.ProtocolDecoder;
import org.apache.mina.filter.codec.ProtocolDecoderAdapter;
import org.apache.mina.filter.codec.ProtocolDecoderOutput;
import org.apache.mina.filter.codec.ProtocolEncoder;
import org.apache.mina.filter.codec.ProtocolEncoderAdapter;
import org.apache.mina.filter.codec.ProtocolEncoderOutput;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The harness itself: the kit's verdicts are only as good as what it observes. */
@Timeout(10)
class CodecHarnessTest {

    /** Emits the first byte of each call and leaves the rest: legal, the codec filter calls it again. */
    private static final class LazyDecoder extends ProtocolDecoderAdapter {
        @Override
        public void decode(IoSession session, IoBuffer in, ProtocolDecoderOutput out) {
            out.write(new byte[] {in.get()});
        }

        @Override
        public void finishDecode(IoSession session, ProtocolDecoderOutput out) {
            out.write(ascii("finished"));
        }
    }

    /** Writes each message as two buffers. */
    private static final class SplittingEncoder extends ProtocolEncoderAdapter {
        @Override
        public void encode(IoSession session, Object message, ProtocolEncoderOutput out) {
            byte[] bytes = (byte[]) message;
            out.write(IoBuffer.wrap(bytes, 0, 1));
            out.write(IoBuffer.wrap(bytes, 1, bytes.length - 1));
        }
    }

    private static ProtocolCodecFactory factory(ProtocolDecoder decoder) {
        return new ProtocolCodecFactory() {
            @Override
            public ProtocolEncoder getEncoder(IoSession session) {
                return new SplittingEncoder();
            }

            @Override
            public ProtocolDecoder getDecoder(IoSession session) {
                return decoder;
            }
        };
    }

    @Test
    void aDecoderThatConsumesNothingFailsInsteadOfHanging() {
        ProtocolDecoderAdapter stalling = new ProtocolDecoderAdapter() {
            @Override
            public void decode(IoSession session, IoBuffer in, ProtocolDecoderOutput out) {
            }
        };
        CodecHarness harness = new CodecHarness(factory(stalling));
        AssertionError error = assertThrows(AssertionError.class, () -> harness.feed(ascii("abc")));
        assertTrue(error.getMessage().contains("without consuming any of 3 bytes"), error.getMessage());
    }

    @Test
    void aDecoderTakingOneByteACallIsCalledUntilTheReadIsConsumed() {
        CodecHarness harness = new CodecHarness(factory(new LazyDecoder()));
        harness.feed(ascii("abc"));
        assertEquals(List.of("a", "b", "c"), harness.messages().stream().map(String::new).toList());
    }

    @Test
    void theSessionReportsAFragmentingConnectionOrientedTransport() {
        CodecHarness harness = new CodecHarness(factory(new LazyDecoder()));
        assertTrue(harness.session().getTransportMetadata().hasFragmentation());
        assertFalse(harness.session().getTransportMetadata().isConnectionless());
    }

    @Test
    void retainedBytesCountsBuffersHeldInSessionAttributes() {
        CodecHarness harness = new CodecHarness(factory(new LazyDecoder()));
        long before = harness.retainedBytes();
        harness.session().setAttribute("held", new Object[] {new byte[1000], IoBuffer.allocate(500)});
        assertEquals(before + 1500, harness.retainedBytes());
    }

    @Test
    void closingRunsFinishDecodeThroughTheChain() {
        CodecHarness harness = new CodecHarness(factory(new LazyDecoder()));
        harness.feed(ascii("a"));
        harness.close();
        assertEquals(List.of("a", "finished"), harness.messages().stream().map(String::new).toList());
    }

    @Test
    void encodeJoinsEveryBufferTheEncoderWrote() throws Exception {
        CodecHarness harness = new CodecHarness(factory(new LazyDecoder()));
        assertArrayEquals(ascii("hello"), harness.encode(ascii("hello")));
    }

    @Test
    void messagesRejectsNonByteArrayOutput() {
        ProtocolDecoderAdapter stringDecoder = new ProtocolDecoderAdapter() {
            @Override
            public void decode(IoSession session, IoBuffer in, ProtocolDecoderOutput out) {
                in.position(in.limit());
                out.write("text");
            }
        };
        CodecHarness harness = new CodecHarness(factory(stringDecoder));
        harness.feed(ascii("x"));
        AssertionError error = assertThrows(AssertionError.class, harness::messages);
        assertTrue(error.getMessage().contains("java.lang.String"), error.getMessage());
    }
}
