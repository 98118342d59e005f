package dev.tsserver.codec.testplugin;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import dev.tsserver.codec.CodecSettings;
import dev.tsserver.codec.spi.CodecRegistry;
import dev.tsserver.codec.spi.FramingCodecProvider;
import dev.tsserver.codec.testkit.FramingCodecContract;

/** The plug-in, looked up the way the server does it, passes the same contract as the built-ins. */
class NetstringCodecContractTest extends FramingCodecContract {

    @Override
    protected FramingCodecProvider provider() {
        return CodecRegistry.discover().get(NetstringCodecProvider.NAME);
    }

    @Override
    protected CodecSettings settings() {
        return new CodecSettings(150, CodecSettings.DEFAULT_LENGTH_PREFIX);
    }

    @Override
    protected byte[] frame(List<byte[]> payloads) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] payload : payloads) {
            out.writeBytes((payload.length + ":").getBytes(StandardCharsets.US_ASCII));
            out.writeBytes(payload);
            out.write(',');
        }
        return out.toByteArray();
    }
}
