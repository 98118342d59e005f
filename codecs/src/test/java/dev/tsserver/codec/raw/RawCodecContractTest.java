package dev.tsserver.codec.raw;

import java.util.List;

import dev.tsserver.codec.CodecSettings;
import dev.tsserver.codec.spi.FramingCodecProvider;
import dev.tsserver.codec.testkit.FramingCodecContract;
import dev.tsserver.codec.testkit.TestBytes;

class RawCodecContractTest extends FramingCodecContract {

    /** Sizes its buffers exactly: never more than max frame (+1 for a CR) and a small constant. */
    @Override
    protected long retainedBytesBound() {
        return settings().maxFrame() + 1024L;
    }


    @Override
    protected FramingCodecProvider provider() {
        return new RawCodecProvider();
    }

    @Override
    protected CodecSettings settings() {
        return new CodecSettings(200, CodecSettings.DEFAULT_LENGTH_PREFIX);
    }

    /** No framing: the wire bytes are the payloads back to back. */
    @Override
    protected byte[] frame(List<byte[]> payloads) {
        return TestBytes.concat(payloads);
    }

    @Override
    protected boolean preservesBoundaries() {
        return false;
    }
}
