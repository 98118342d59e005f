package dev.tsserver.codec;

import org.apache.mina.core.buffer.IoBuffer;

/**
 * A payload that writes itself into the encoder's output buffer, so a reply assembled from
 * several parts (a timestamp prefix and the received bytes, say) is copied exactly once, into
 * the framed buffer that goes to the socket.
 *
 * <p>The built-in encoders accept {@code byte[]} and {@code EncodablePayload}. A plug-in encoder
 * receives an {@code EncodablePayload} only if it implements
 * {@link dev.tsserver.codec.spi.AcceptsEncodablePayload}; otherwise the codec factory from
 * {@link dev.tsserver.codec.spi.CodecRegistry} copies the payload into a {@code byte[]} first.
 * No encoder receives an {@link IoBuffer}: MINA's {@code ProtocolCodecFilter} passes buffers
 * through unencoded.
 */
public interface EncodablePayload {

    /** Number of bytes {@link #writeTo} puts. */
    int size();

    /** Puts exactly {@link #size()} bytes at the buffer's position. */
    void writeTo(IoBuffer out);
}
