package dev.tsserver.codec.line;

import java.io.ByteArrayOutputStream;
import java.util.List;
import java.util.Random;

import dev.tsserver.codec.CodecSettings;
import dev.tsserver.codec.spi.FramingCodecProvider;
import dev.tsserver.codec.testkit.FramingCodecContract;
import dev.tsserver.codec.testkit.TestBytes;

class LineCodecContractTest extends FramingCodecContract {

    /** Sizes its buffers exactly: never more than max frame (+1 for a CR) and a small constant. */
    @Override
    protected long retainedBytesBound() {
        return settings().maxFrame() + 1024L;
    }

    /** From max + 1 to three times max: longer lines take the discard-to-next-LF path. */
    @Override
    protected byte[] overLongFrame(Random random) {
        int max = settings().maxFrame();
        return frame(List.of(payload(random, max + 1 + random.nextInt(2 * max))));
    }

    @Override
    protected boolean resynchronises() {
        return true;
    }


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
