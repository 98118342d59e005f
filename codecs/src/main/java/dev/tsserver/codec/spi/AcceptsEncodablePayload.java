package dev.tsserver.codec.spi;

/**
 * Marks a {@link org.apache.mina.filter.codec.ProtocolEncoder} that takes
 * {@link dev.tsserver.codec.EncodablePayload} messages as well as {@code byte[]}, as the
 * built-in encoders do (see {@link dev.tsserver.codec.Payloads}).
 *
 * <p>Optional. An encoder without this mark only ever receives {@code byte[]}: the factory
 * {@link CodecRegistry} hands out copies each {@code EncodablePayload} (a reply assembled from a
 * timestamp and the received bytes, say) into one array first. Implementing it saves that copy
 * per reply.
 */
public interface AcceptsEncodablePayload {
}
