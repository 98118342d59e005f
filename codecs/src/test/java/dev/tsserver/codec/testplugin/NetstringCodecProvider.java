package dev.tsserver.codec.testplugin;

import java.nio.charset.StandardCharsets;

import dev.tsserver.codec.CodecSettings;
import dev.tsserver.codec.CorruptFrameException;
import dev.tsserver.codec.Payloads;
import dev.tsserver.codec.SessionDecoders;
import dev.tsserver.codec.spi.FramingCodecProvider;
import org.apache.mina.core.buffer.IoBuffer;
import org.apache.mina.core.session.IoSession;
import org.apache.mina.filter.codec.ProtocolCodecFactory;
import org.apache.mina.filter.codec.ProtocolDecoder;
import org.apache.mina.filter.codec.ProtocolDecoderAdapter;
import org.apache.mina.filter.codec.ProtocolDecoderOutput;
import org.apache.mina.filter.codec.ProtocolEncoder;
import org.apache.mina.filter.codec.ProtocolEncoderAdapter;
import org.apache.mina.filter.codec.ProtocolEncoderOutput;

/**
 * A plug-in codec that lives only in test sources and is registered through
 * {@code src/test/resources/META-INF/services}: it proves that a codec written outside this
 * module is found by name and can run the contract kit. Netstrings: {@code 5:hello,}.
 */
public final class NetstringCodecProvider implements FramingCodecProvider {

    public static final String NAME = "netstring";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "test plug-in: decimal length, ':', payload, ','";
    }

    @Override
    public ProtocolCodecFactory newCodecFactory(CodecSettings settings) {
        int maxFrame = settings.maxFrame();
        SessionDecoders decoders = new SessionDecoders(NetstringCodecProvider.class, () -> new Decoder(maxFrame));
        ProtocolEncoder encoder = new Encoder();
        return new ProtocolCodecFactory() {
            @Override
            public ProtocolEncoder getEncoder(IoSession session) {
                return encoder;
            }

            @Override
            public ProtocolDecoder getDecoder(IoSession session) {
                return decoders.get(session);
            }
        };
    }

    static final class Encoder extends ProtocolEncoderAdapter {
        @Override
        public void encode(IoSession session, Object message, ProtocolEncoderOutput out) throws Exception {
            int size = Payloads.sizeOf(message);
            byte[] length = Integer.toString(size).getBytes(StandardCharsets.US_ASCII);
            IoBuffer frame = IoBuffer.allocate(length.length + size + 2, false);
            frame.put(length).put((byte) ':');
            Payloads.write(message, frame);
            frame.put((byte) ',');
            out.write(frame.flip());
        }
    }

    /** Consumes every read; keeps at most one body of maxFrame bytes. */
    static final class Decoder extends ProtocolDecoderAdapter {
        private final int maxFrame;
        private long length;
        private int digits;
        private byte[] body;
        private int bodyRead;
        private boolean expectComma;
        private boolean failed;

        Decoder(int maxFrame) {
            this.maxFrame = maxFrame;
        }

        @Override
        public void decode(IoSession session, IoBuffer in, ProtocolDecoderOutput out) throws CorruptFrameException {
            while (in.hasRemaining()) {
                if (failed) {
                    in.position(in.limit());
                    return;
                }
                if (expectComma) {
                    byte b = in.get();
                    if (b != ',') {
                        throw fail(in, "netstring not terminated by ','");
                    }
                    expectComma = false;
                    out.write(body);
                    body = null;
                } else if (body != null) {
                    int take = Math.min(in.remaining(), body.length - bodyRead);
                    in.get(body, bodyRead, take);
                    bodyRead += take;
                    expectComma = bodyRead == body.length;
                } else {
                    byte b = in.get();
                    if (b == ':' && digits > 0) {
                        body = new byte[(int) length];
                        bodyRead = 0;
                        expectComma = length == 0;
                        length = 0;
                        digits = 0;
                    } else if (b >= '0' && b <= '9') {
                        length = length * 10 + (b - '0');
                        digits++;
                        if (length > maxFrame) {
                            throw fail(in, "netstring length over max frame " + maxFrame + " bytes");
                        }
                    } else {
                        throw fail(in, "bad netstring length byte 0x" + Integer.toHexString(b & 0xFF));
                    }
                }
            }
        }

        private CorruptFrameException fail(IoBuffer in, String detail) {
            failed = true;
            body = null;
            in.position(in.limit());
            return new CorruptFrameException(detail);
        }
    }
}
