package dev.tsserver.example.codec;

import java.util.List;

import dev.tsserver.codec.CodecSettings;
import dev.tsserver.codec.spi.CodecRegistry;
import dev.tsserver.codec.spi.FramingCodecProvider;
import dev.tsserver.codec.testkit.FramingCodecContract;

/**
 * The whole contract kit (round trips, every chunking, the max-frame boundary, per-session
 * state, and the fuzz targets, on their seed inputs and on seeded random inputs) against the plug-in, found by name as the server
 * finds it.
 */
class VarintCodecContractTest extends FramingCodecContract {

    @Override
    protected FramingCodecProvider provider() {
        return CodecRegistry.discover().get(VarintCodecProvider.NAME);
    }

    /** 300: the boundary frames need a two-byte varint, so multi-byte lengths are covered. */
    @Override
    protected CodecSettings settings() {
        return new CodecSettings(300, CodecSettings.DEFAULT_LENGTH_PREFIX);
    }

    @Override
    protected byte[] frame(List<byte[]> payloads) {
        return Varint.frame(payloads);
    }
}
