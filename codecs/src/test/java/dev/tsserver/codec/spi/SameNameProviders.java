package dev.tsserver.codec.spi;

import dev.tsserver.codec.CodecSettings;
import dev.tsserver.codec.raw.RawCodecProvider;
import org.apache.mina.filter.codec.ProtocolCodecFactory;

/**
 * Providers that clash by name. Deliberately absent from the test services file: tests list
 * them in a temporary one, read through their own class loader.
 */
final class SameNameProviders {

    private SameNameProviders() {
    }

    abstract static class Base implements FramingCodecProvider {
        @Override
        public String description() {
            return "name clash fixture";
        }

        @Override
        public ProtocolCodecFactory newCodecFactory(CodecSettings settings) {
            return new RawCodecProvider().newCodecFactory(settings);
        }
    }

    public static final class TwinA extends Base {
        @Override
        public String name() {
            return "twin";
        }
    }

    public static final class TwinB extends Base {
        @Override
        public String name() {
            return "twin";
        }
    }

    /** Claims the built-in name {@code line}. */
    public static final class ImpostorLine extends Base {
        @Override
        public String name() {
            return "line";
        }
    }
}
