package dev.tsserver.codec.line;

import java.util.Optional;

import dev.tsserver.codec.CodecSettings;
import dev.tsserver.codec.spi.FramingCodecProvider;
import dev.tsserver.codec.wire.LineWireFraming;
import dev.tsserver.codec.wire.WireFraming;
import org.apache.mina.filter.codec.ProtocolCodecFactory;

/** {@code line}: a message is the bytes up to LF; a CR before the LF is dropped. */
public final class LineCodecProvider implements FramingCodecProvider {

    public static final String NAME = "line";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "bytes up to LF (CR before LF dropped); reply ends with LF";
    }

    @Override
    public ProtocolCodecFactory newCodecFactory(CodecSettings settings) {
        return new LineCodecFactory(settings.maxFrame());
    }

    @Override
    public Optional<WireFraming> wireFraming(CodecSettings settings) {
        return Optional.of(LineWireFraming.instance());
    }
}
