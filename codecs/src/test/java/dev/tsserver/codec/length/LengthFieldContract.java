package dev.tsserver.codec.length;

import java.io.ByteArrayOutputStream;
import java.util.List;

import dev.tsserver.codec.spi.FramingCodecProvider;
import dev.tsserver.codec.testkit.FramingCodecContract;

/** The contract kit for the length codec; one subclass per length-field size. */
abstract class LengthFieldContract extends FramingCodecContract {

    /** Sizes its buffers exactly: never more than max frame (+1 for a CR) and a small constant. */
    @Override
    protected long retainedBytesBound() {
        return settings().maxFrame() + 1024L;
    }


    /** Big-endian length of {@code prefix} bytes, then the payload. */
    static byte[] frame(int prefix, List<byte[]> payloads) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] payload : payloads) {
            for (int shift = 8 * (prefix - 1); shift >= 0; shift -= 8) {
                out.write(payload.length >>> shift);
            }
            out.writeBytes(payload);
        }
        return out.toByteArray();
    }

    @Override
    protected FramingCodecProvider provider() {
        return new LengthFieldCodecProvider();
    }

    @Override
    protected byte[] frame(List<byte[]> payloads) {
        return frame(settings().lengthPrefix(), payloads);
    }
}
