package dev.tsserver.codec.spi;

import java.util.concurrent.atomic.AtomicBoolean;

import dev.tsserver.codec.DecoderContractException;
import dev.tsserver.codec.EncodablePayload;
import org.apache.mina.core.buffer.IoBuffer;
import org.apache.mina.core.filterchain.IoFilter.NextFilter;
import org.apache.mina.core.session.AttributeKey;
import org.apache.mina.core.session.IoSession;
import org.apache.mina.filter.codec.ProtocolCodecFactory;
import org.apache.mina.filter.codec.ProtocolDecoder;
import org.apache.mina.filter.codec.ProtocolDecoderOutput;
import org.apache.mina.filter.codec.ProtocolEncoder;
import org.apache.mina.filter.codec.ProtocolEncoderException;
import org.apache.mina.filter.codec.ProtocolEncoderOutput;
import org.apache.mina.filter.codec.RecoverableProtocolDecoderException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The codec factory {@link CodecRegistry#newCodecFactory} hands out: a provider's factory with
 * the codec contract enforced, so a faulty plug-in costs one connection, never an I/O thread.
 *
 * <p>Decoder side, per session:
 * <ul>
 *   <li><b>progress</b>: MINA's {@code ProtocolCodecFilter} calls the decoder again while the read
 *       buffer has bytes, with no progress check, so a decoder that returns having consumed
 *       nothing would spin the I/O thread forever. Such a call is a fatal
 *       {@link DecoderContractException} instead;</li>
 *   <li><b>output type</b>: anything but {@code byte[]} is not passed on; it is a fatal error;</li>
 *   <li><b>fatal is final</b>: after a decoder error that is not a
 *       {@link RecoverableProtocolDecoderException}, the session's further input is discarded
 *       unread, so a decoder that keeps state after failing cannot deliver frames cut from a
 *       stream it has lost track of while the connection is being closed.</li>
 * </ul>
 * The first contract violation of a factory is logged once at ERROR naming the codec and the
 * decoder class (a plug-in bug to report); later ones at DEBUG. Closing the connection is the
 * owner's job, as for any fatal decoder error.
 *
 * <p>Encoder side: an encoder not marked {@link AcceptsEncodablePayload} receives only
 * {@code byte[]} (an {@link EncodablePayload} is copied into one first), and a message of any
 * other type is refused with a {@link ProtocolEncoderException} before it reaches it.
 */
public final class GuardedCodecFactory implements ProtocolCodecFactory {

    private static final Logger LOG = LoggerFactory.getLogger(GuardedCodecFactory.class);

    private final String codecName;
    private final ProtocolCodecFactory factory;
    private final AttributeKey stateKey = new AttributeKey(GuardedCodecFactory.class, "decoder-state");
    private final GuardedDecoder decoder = new GuardedDecoder();
    private final AtomicBoolean violationLogged = new AtomicBoolean();
    /** The wrapper of the last unmarked encoder seen: factories usually return one shared encoder. */
    private volatile ByteArrayEncoder lastEncoder;

    private GuardedCodecFactory(String codecName, ProtocolCodecFactory factory) {
        this.codecName = codecName;
        this.factory = factory;
    }

    /** {@code factory} with the contract enforced; a factory already guarded is returned as it is. */
    public static ProtocolCodecFactory guard(String codecName, ProtocolCodecFactory factory) {
        if (factory instanceof GuardedCodecFactory) {
            return factory;
        }
        if (factory == null) {
            throw new IllegalStateException("codec '" + codecName + "' returned no codec factory");
        }
        return new GuardedCodecFactory(codecName, factory);
    }

    @Override
    public ProtocolEncoder getEncoder(IoSession session) throws Exception {
        ProtocolEncoder encoder = factory.getEncoder(session);
        if (encoder instanceof AcceptsEncodablePayload) {
            return encoder;
        }
        ByteArrayEncoder wrapper = lastEncoder;
        if (wrapper == null || wrapper.encoder != encoder) {
            wrapper = new ByteArrayEncoder(encoder);
            lastEncoder = wrapper;
        }
        return wrapper;
    }

    /** One stateless decoder for every session; per-session state lives in a session attribute. */
    @Override
    public ProtocolDecoder getDecoder(IoSession session) {
        return decoder;
    }

    /** What a session's decoder says about a partial frame ({@link #partialFrame}). */
    public enum PartialFrame { HELD, NONE, UNKNOWN }

    /**
     * Whether the session's decoder holds part of a frame: {@link PartialFrameReporter} decoders
     * say so; others are {@link PartialFrame#UNKNOWN}. A stream that failed holds nothing (its
     * input is discarded unread).
     */
    public PartialFrame partialFrame(IoSession session) {
        SessionState state = (SessionState) session.getAttribute(stateKey);
        if (state != null && state.failed) {
            return PartialFrame.NONE;
        }
        ProtocolDecoder inner;
        try {
            inner = factory.getDecoder(session);
        } catch (Exception noDecoder) {
            return PartialFrame.UNKNOWN;
        }
        if (inner instanceof PartialFrameReporter reporter) {
            return reporter.holdsPartialFrame() ? PartialFrame.HELD : PartialFrame.NONE;
        }
        return PartialFrame.UNKNOWN;
    }

    private SessionState state(IoSession session) {
        SessionState state = (SessionState) session.getAttribute(stateKey);
        if (state == null) {
            state = new SessionState();
            SessionState raced = (SessionState) session.setAttributeIfAbsent(stateKey, state);
            if (raced != null) {
                state = raced;
            }
        }
        return state;
    }

    private DecoderContractException violation(ProtocolDecoder inner, String what) {
        String detail = "codec '" + codecName + "' broke the decoder contract: " + inner.getClass().getName() + " "
                + what;
        if (violationLogged.compareAndSet(false, true)) {
            LOG.error("{}; each connection where this happens is closed (further occurrences at DEBUG)", detail);
        } else {
            LOG.debug("{}", detail);
        }
        return new DecoderContractException(detail);
    }

    private final class GuardedDecoder implements ProtocolDecoder {

        @Override
        public void decode(IoSession session, IoBuffer in, ProtocolDecoderOutput out) throws Exception {
            SessionState state = state(session);
            if (state.failed) {
                in.position(in.limit());
                return;
            }
            ProtocolDecoder inner = factory.getDecoder(session);
            int before = in.position();
            state.delegate = out;
            try {
                inner.decode(session, in, state);
            } catch (RecoverableProtocolDecoderException recoverable) {
                checkOutput(state, inner, in);
                throw recoverable;
            } catch (Exception fatal) {
                state.failed = true;
                in.position(in.limit());
                throw fatal;
            }
            checkOutput(state, inner, in);
            if (in.hasRemaining() && in.position() == before) {
                int left = in.remaining();
                throw fail(state, in, violation(inner, "returned without consuming any of " + left
                        + " bytes; MINA's codec filter would call it again forever"));
            }
        }

        private void checkOutput(SessionState state, ProtocolDecoder inner, IoBuffer in)
                throws DecoderContractException {
            if (state.wrongType != null) {
                String type = state.wrongType;
                state.wrongType = null;
                throw fail(state, in, violation(inner, "emitted " + type + "; framing decoders emit byte[]"));
            }
        }

        private DecoderContractException fail(SessionState state, IoBuffer in, DecoderContractException error) {
            state.failed = true;
            in.position(in.limit());
            return error;
        }

        /** A stream that failed is not asked for a last frame: it lost track of its framing. */
        @Override
        public void finishDecode(IoSession session, ProtocolDecoderOutput out) throws Exception {
            SessionState state = state(session);
            if (state.failed) {
                return;
            }
            ProtocolDecoder inner = factory.getDecoder(session);
            state.delegate = out;
            inner.finishDecode(session, state);
            if (state.wrongType != null) {
                state.failed = true;
                throw violation(inner, "emitted " + state.wrongType + " at end of input; framing decoders emit byte[]");
            }
        }

        @Override
        public void dispose(IoSession session) throws Exception {
            factory.getDecoder(session).dispose(session);
        }
    }

    /**
     * Per session: whether the stream failed, and the output the inner decoder writes to,
     * checking each message's type (the codec filter's output is per thread, so the delegate is
     * set on each call; calls for one session never overlap).
     */
    private static final class SessionState implements ProtocolDecoderOutput {
        private ProtocolDecoderOutput delegate;
        private boolean failed;
        private String wrongType;

        @Override
        public void write(Object message) {
            if (message instanceof byte[]) {
                delegate.write(message);
            } else if (wrongType == null) {
                wrongType = message == null ? "null" : message.getClass().getName();
            }
        }

        @Override
        public void flush(NextFilter nextFilter, IoSession session) {
            delegate.flush(nextFilter, session);
        }
    }

    /** Hands an unmarked encoder {@code byte[]} only. */
    private static final class ByteArrayEncoder implements ProtocolEncoder {
        private final ProtocolEncoder encoder;

        ByteArrayEncoder(ProtocolEncoder encoder) {
            this.encoder = encoder;
        }

        @Override
        public void encode(IoSession session, Object message, ProtocolEncoderOutput out) throws Exception {
            if (message instanceof byte[]) {
                encoder.encode(session, message, out);
            } else if (message instanceof EncodablePayload payload) {
                byte[] bytes = new byte[payload.size()];
                payload.writeTo(IoBuffer.wrap(bytes));
                encoder.encode(session, bytes, out);
            } else {
                String type = message == null ? "null" : message.getClass().getName();
                throw new ProtocolEncoderException(
                        "cannot encode " + type + ": framing codecs take byte[] or EncodablePayload");
            }
        }

        @Override
        public void dispose(IoSession session) throws Exception {
            encoder.dispose(session);
        }
    }
}
