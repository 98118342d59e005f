package dev.tsserver.codec.spi;

import dev.tsserver.codec.CodecSettings;
import org.apache.mina.filter.codec.ProtocolCodecFactory;

/**
 * A framing codec that can be chosen by name ({@code --codec NAME}). Implementations are found
 * with {@link java.util.ServiceLoader}: list the class in
 * {@code META-INF/services/dev.tsserver.codec.spi.FramingCodecProvider} of any jar on the class
 * path and the server and client accept the new name.
 *
 * <p>A codec's decoder must emit {@code byte[]} payloads, keep its state per session, bound
 * every buffer by {@link CodecSettings#maxFrame()}, and consume its input on every call (MINA's
 * codec filter loops while input remains and has no progress check). Its encoder must accept
 * {@code byte[]} and {@link dev.tsserver.codec.EncodablePayload}.
 */
public interface FramingCodecProvider {

    /** The name users pass to {@code --codec}: lower case, no spaces. */
    String name();

    /** One line for {@code --help} and error messages. */
    String description();

    /** A factory for one server or client; called once per configuration, not per session. */
    ProtocolCodecFactory newCodecFactory(CodecSettings settings);
}
