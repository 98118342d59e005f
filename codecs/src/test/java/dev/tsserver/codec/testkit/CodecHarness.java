package dev.tsserver.codec.testkit;

import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.apache.mina.core.buffer.IoBuffer;
import org.apache.mina.core.service.DefaultTransportMetadata;
import org.apache.mina.core.service.IoHandlerAdapter;
import org.apache.mina.core.service.TransportMetadata;
import org.apache.mina.core.session.DummySession;
import org.apache.mina.core.session.IoSession;
import org.apache.mina.core.session.IoSessionConfig;
import org.apache.mina.filter.codec.ProtocolCodecFactory;
import org.apache.mina.filter.codec.ProtocolCodecFilter;
import org.apache.mina.filter.codec.ProtocolCodecSession;
import org.apache.mina.filter.codec.ProtocolDecoder;
import org.apache.mina.filter.codec.ProtocolDecoderOutput;
import org.apache.mina.filter.codec.ProtocolEncoder;

/**
 * Drives a codec factory as a server would, without sockets.
 *
 * <p>Reads go through MINA's real {@link ProtocolCodecFilter} in a {@link DummySession} filter
 * chain, so decoder errors take the filter's path (wrapping, hexdump, retry after a
 * {@code RecoverableProtocolDecoderException} that moved the position). A handler at the end of
 * the chain records, in order, every decoded message and every {@code exceptionCaught} cause.
 *
 * <p>The session reports the transport metadata of a TCP session ({@link #TCP_LIKE}: not
 * connectionless, fragmenting), so a decoder sees what it sees on a real socket; MINA's
 * {@code CumulativeProtocolDecoder} keeps partial frames only on such a session.
 * {@link #withTransport} gives another (a {@code DummySession}'s own metadata reports no
 * fragmentation).
 *
 * <p>The filter loops while the read buffer has bytes, with no progress check, so a decoder that
 * returns having consumed nothing would spin forever; the harness consumes such leftovers itself
 * and fails the {@link #feed} call with a clear message instead of hanging the build. (Codecs from
 * {@code CodecRegistry} carry the production guard, which turns this into a decoder error.)
 */
public final class CodecHarness implements AutoCloseable {

    private final ProtocolCodecFactory factory;
    private final DummySession session = new DummySession();
    private final List<Object> events = new ArrayList<>();
    private final List<String> progressViolations = new ArrayList<>();

    /** Transport metadata of a TCP socket session: connection-oriented and fragmenting. */
    public static final TransportMetadata TCP_LIKE = new DefaultTransportMetadata("tsserver-testkit", "tcp-like",
            false, true, InetSocketAddress.class, IoSessionConfig.class, Object.class);

    /** A harness on a session with {@link #TCP_LIKE} transport metadata. */
    public CodecHarness(ProtocolCodecFactory factory) {
        this(factory, TCP_LIKE);
    }

    private CodecHarness(ProtocolCodecFactory factory, TransportMetadata transport) {
        this.factory = factory;
        session.setTransportMetadata(transport);
        session.getFilterChain().addLast("codec", new ProtocolCodecFilter(new ProgressGuardedFactory()));
        session.setHandler(new IoHandlerAdapter() {
            @Override
            public void messageReceived(IoSession s, Object message) {
                events.add(message);
            }

            @Override
            public void exceptionCaught(IoSession s, Throwable cause) {
                events.add(cause);
            }
        });
    }

    /** A harness whose session reports {@code transport} (e.g. no fragmentation). */
    public static CodecHarness withTransport(ProtocolCodecFactory factory, TransportMetadata transport) {
        return new CodecHarness(factory, transport);
    }

    /** Buffer bytes the session's decoder state holds between reads ({@link RetainedBytes}). */
    public long retainedBytes() {
        return RetainedBytes.of(session);
    }

    /** The session the chain runs on (its transport metadata, attributes, ...). */
    public DummySession session() {
        return session;
    }

    /** Delivers each array as one read, in order. */
    public CodecHarness feed(List<byte[]> reads) {
        for (byte[] read : reads) {
            session.getFilterChain().fireMessageReceived(IoBuffer.wrap(read));
            if (!progressViolations.isEmpty()) {
                throw new AssertionError(String.join("; ", progressViolations));
            }
        }
        return this;
    }

    public CodecHarness feed(byte[]... reads) {
        return feed(List.of(reads));
    }

    /** Delivers a buffer as it is (direct, offset, ...), as one read. */
    public CodecHarness feed(IoBuffer read) {
        session.getFilterChain().fireMessageReceived(read);
        if (!progressViolations.isEmpty()) {
            throw new AssertionError(String.join("; ", progressViolations));
        }
        return this;
    }

    /** Decoded messages and exceptionCaught causes, in the order the handler saw them. */
    public List<Object> events() {
        return Collections.unmodifiableList(events);
    }

    /** The decoded messages; fails if the codec emitted anything but {@code byte[]}. */
    public List<byte[]> messages() {
        List<byte[]> messages = new ArrayList<>();
        for (Object event : events) {
            if (event instanceof byte[] bytes) {
                messages.add(bytes);
            } else if (!(event instanceof Throwable)) {
                throw new AssertionError("codec emitted " + event.getClass().getName() + ", framing codecs emit byte[]");
            }
        }
        return messages;
    }

    /** The causes of exceptionCaught events, in order. */
    public List<Throwable> errors() {
        List<Throwable> errors = new ArrayList<>();
        for (Object event : events) {
            if (event instanceof Throwable cause) {
                errors.add(cause);
            }
        }
        return errors;
    }

    /**
     * The bytes the factory's encoder writes for {@code message}; encoder exceptions propagate
     * unchanged.
     */
    public byte[] encode(Object message) throws Exception {
        ProtocolCodecSession output = new ProtocolCodecSession();
        ProtocolEncoder encoder = factory.getEncoder(session);
        encoder.encode(session, message, output.getEncoderOutput());
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (Object part : output.getEncoderOutputQueue()) {
            if (!(part instanceof IoBuffer buffer)) {
                throw new AssertionError("encoder wrote " + part.getClass().getName() + ", expected IoBuffer");
            }
            byte[] chunk = new byte[buffer.remaining()];
            buffer.duplicate().get(chunk);
            bytes.writeBytes(chunk);
        }
        return bytes.toByteArray();
    }

    /** Closes the session: the codec filter runs finishDecode and dispose. */
    @Override
    public void close() {
        session.closeNow();
    }

    private final class ProgressGuardedFactory implements ProtocolCodecFactory {

        @Override
        public ProtocolEncoder getEncoder(IoSession s) throws Exception {
            return factory.getEncoder(s);
        }

        @Override
        public ProtocolDecoder getDecoder(IoSession s) throws Exception {
            ProtocolDecoder decoder = factory.getDecoder(s);
            return new ProtocolDecoder() {
                @Override
                public void decode(IoSession ds, IoBuffer in, ProtocolDecoderOutput out) throws Exception {
                    int before = in.position();
                    decoder.decode(ds, in, out);
                    if (in.hasRemaining() && in.position() == before) {
                        progressViolations.add(decoder.getClass().getName() + " returned without consuming any of "
                                + in.remaining() + " bytes; ProtocolCodecFilter would call it again forever");
                        in.position(in.limit());
                    }
                }

                @Override
                public void finishDecode(IoSession ds, ProtocolDecoderOutput out) throws Exception {
                    decoder.finishDecode(ds, out);
                }

                @Override
                public void dispose(IoSession ds) throws Exception {
                    decoder.dispose(ds);
                }
            };
        }
    }
}
