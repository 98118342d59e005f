package dev.tsserver.example.codec;

import dev.tsserver.codec.CodecSettings;
import dev.tsserver.codec.spi.FramingCodecProvider;
import org.apache.mina.core.session.IoSession;
import org.apache.mina.filter.codec.ProtocolCodecFactory;
import org.apache.mina.filter.codec.ProtocolDecoder;
import org.apache.mina.filter.codec.ProtocolEncoder;

/**
 * {@code varint}: each message is its length as a base-128 varint (the framing of protobuf's
 * {@code writeDelimitedTo}), then that many bytes. Registered in
 * {@code META-INF/services/dev.tsserver.codec.spi.FramingCodecProvider}; with this jar on the
 * class path, {@code --codec varint} selects it.
 *
 * <pre>
 *   "hello"        05 68 65 6C 6C 6F
 *   300 bytes      AC 02 + 300 bytes       (300 = 0b10_0101100: low 7 bits first, high bit = more)
 * </pre>
 */
public final class VarintCodecProvider implements FramingCodecProvider {

    public static final String NAME = "varint";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "example plug-in: base-128 varint length (as protobuf's delimited streams) then the payload";
    }

    /** One decoder and one encoder serve every session: both keep no state of their own. */
    @Override
    public ProtocolCodecFactory newCodecFactory(CodecSettings settings) {
        ProtocolDecoder decoder = new VarintFrameDecoder(settings.maxFrame());
        ProtocolEncoder encoder = new VarintFrameEncoder();
        return new ProtocolCodecFactory() {
            @Override
            public ProtocolEncoder getEncoder(IoSession session) {
                return encoder;
            }

            @Override
            public ProtocolDecoder getDecoder(IoSession session) {
                return decoder;
            }
        };
    }
}
