package dev.tsserver.codec.spi;

import java.util.Optional;

import dev.tsserver.codec.CodecSettings;
import dev.tsserver.codec.wire.WireFraming;
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

    /**
     * This codec's framing as plain byte rules, for clients that frame bytes without MINA (the
     * load generator, the boundary experiment). Empty by default: a plug-in that does not share
     * its rules still works through its MINA codec, but not with those tools.
     */
    default Optional<WireFraming> wireFraming(CodecSettings settings) {
        return Optional.empty();
    }

    /**
     * Why {@code payload} cannot travel as exactly one message under this codec with these
     * settings (a LF inside a line, too long for a length field, an empty raw chunk), or empty if
     * it can. Limits common to every codec, such as {@link CodecSettings#maxFrame()}, are the
     * caller's to check. The default asks {@link #wireFraming}; a codec without wire rules
     * accepts every payload, and its encoder is the judge.
     */
    default Optional<String> whyUnframeable(byte[] payload, CodecSettings settings) {
        return wireFraming(settings).flatMap(framing -> framing.whyUnframeable(payload));
    }
}
