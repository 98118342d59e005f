package dev.tsserver.codec.line;

import java.io.ByteArrayOutputStream;
import java.util.List;
import java.util.Random;

import dev.tsserver.codec.CodecSettings;
import dev.tsserver.codec.spi.FramingCodecProvider;
import dev.tsserver.codec.testkit.FramingCodecContract;
import dev.tsserver.codec.testkit.TestBytes;

class LineCodecContractTest extends FramingCodecContract {

    @Override
    protected FramingCodecProvider provider() {
        return new LineCodecProvider();
    }

    @Override
    protected CodecSettings settings() {
        return new CodecSettings(200, CodecSettings.DEFAULT_LENGTH_PREFIX);
    }

    @Override
    protected byte[] frame(List<byte[]> payloads) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] payload : payloads) {
            out.writeBytes(payload);
            out.write('\n');
        }
        return out.toByteArray();
    }

    /** Any bytes but LF, and no CR at the end (it would be read as part of a CR LF). */
    @Override
    protected byte[] payload(Random random, int size) {
        byte[] payload = TestBytes.random(random, size);
        for (int i = 0; i < payload.length; i++) {
            if (payload[i] == '\n') {
                payload[i] = 'n';
            }
        }
        if (size > 0 && payload[size - 1] == '\r') {
            payload[size - 1] = 'r';
        }
        return payload;
    }
}
