package dev.tsserver.codec.length;

import java.util.Optional;

import dev.tsserver.codec.CodecSettings;
import dev.tsserver.codec.spi.FramingCodecProvider;
import dev.tsserver.codec.wire.LengthFieldWireFraming;
import dev.tsserver.codec.wire.WireFraming;
import org.apache.mina.filter.codec.ProtocolCodecFactory;

/** {@code length}: a big-endian unsigned length of 1, 2 or 4 bytes, then that many bytes. */
public final class LengthFieldCodecProvider implements FramingCodecProvider {

    public static final String NAME = "length";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "big-endian length prefix (1, 2 or 4 bytes) then the payload";
    }

    @Override
    public ProtocolCodecFactory newCodecFactory(CodecSettings settings) {
        return new LengthFieldCodecFactory(settings.lengthPrefix(), settings.maxFrame());
    }

    @Override
    public Optional<WireFraming> wireFraming(CodecSettings settings) {
        return Optional.of(LengthFieldWireFraming.of(settings.lengthPrefix()));
    }
}
