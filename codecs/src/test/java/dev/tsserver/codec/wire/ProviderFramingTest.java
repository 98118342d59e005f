package dev.tsserver.codec.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;

import dev.tsserver.codec.CodecSettings;
import dev.tsserver.codec.spi.CodecRegistry;
import dev.tsserver.codec.spi.FramingCodecProvider;
import org.apache.mina.filter.codec.ProtocolCodecFactory;
import org.junit.jupiter.api.Test;

/** The codec SPI answers "can this payload be framed?" for built-ins and plug-ins alike. */
class ProviderFramingTest {

    private final CodecRegistry codecs = CodecRegistry.of();

    @Test
    void builtInsShareTheirWireRules() {
        CodecSettings settings = CodecSettings.defaults().withLengthPrefix(1);
        assertEquals(Optional.of(LineWireFraming.instance()), codecs.get("line").wireFraming(settings));
        assertEquals(Optional.of(LengthFieldWireFraming.of(1)), codecs.get("length").wireFraming(settings));
        assertEquals(Optional.of(RawWireFraming.instance()), codecs.get("raw").wireFraming(settings));
    }

    @Test
    void builtInsRefuseWhatTheyCannotFrame() {
        CodecSettings settings = CodecSettings.defaults().withLengthPrefix(1);
        assertTrue(codecs.get("line").whyUnframeable(new byte[] {'a', '\n'}, settings).isPresent());
        assertTrue(codecs.get("length").whyUnframeable(new byte[300], settings).isPresent());
        assertFalse(codecs.get("length").whyUnframeable(new byte[300], CodecSettings.defaults()).isPresent());
        assertTrue(codecs.get("raw").whyUnframeable(new byte[0], settings).isPresent());
    }

    @Test
    void aPluginWithoutWireRulesAcceptsEveryPayloadByDefault() {
        FramingCodecProvider plugin = new FramingCodecProvider() {
            @Override
            public String name() {
                return "opaque";
            }

            @Override
            public String description() {
                return "a plug-in that keeps its rules to its MINA codec";
            }

            @Override
            public ProtocolCodecFactory newCodecFactory(CodecSettings settings) {
                throw new UnsupportedOperationException("not needed here");
            }
        };
        assertEquals(Optional.empty(), plugin.wireFraming(CodecSettings.defaults()));
        assertEquals(Optional.empty(), plugin.whyUnframeable(new byte[] {'\n'}, CodecSettings.defaults()));
    }
}
