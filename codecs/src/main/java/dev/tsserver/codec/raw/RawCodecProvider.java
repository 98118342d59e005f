package dev.tsserver.codec.raw;

import java.util.Optional;

import dev.tsserver.codec.CodecSettings;
import dev.tsserver.codec.spi.FramingCodecProvider;
import dev.tsserver.codec.wire.RawWireFraming;
import dev.tsserver.codec.wire.WireFraming;
import org.apache.mina.filter.codec.ProtocolCodecFactory;

/** {@code raw}: no framing; whatever one read returns is one message (the Twisted original). */
public final class RawCodecProvider implements FramingCodecProvider {

    public static final String NAME = "raw";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "no framing: each read is one message, replies carry no delimiter";
    }

    @Override
    public ProtocolCodecFactory newCodecFactory(CodecSettings settings) {
        return new RawCodecFactory(settings.maxFrame());
    }

    @Override
    public Optional<WireFraming> wireFraming(CodecSettings settings) {
        return Optional.of(RawWireFraming.instance());
    }
}
