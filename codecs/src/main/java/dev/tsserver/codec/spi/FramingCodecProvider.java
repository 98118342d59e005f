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
 * <p>The contract (docs/plugins.md walks through it; {@link GuardedCodecFactory} enforces it for
 * every codec {@link CodecRegistry} hands out):
 * <ul>
 *   <li>the <b>decoder</b> emits each complete frame's payload as one {@code byte[]} (anything else
 *       fails the connection); it keeps its state per session; it bounds every buffer by
 *       {@link CodecSettings#maxFrame()}; it makes progress on every call: consumes input, or
 *       keeps a partial frame aside as MINA's {@code CumulativeProtocolDecoder} does on a TCP
 *       session (a call that consumes nothing fails the connection). Bad input is a
 *       {@link dev.tsserver.codec.FrameTooLongException} (recoverable: the stream goes on) or a
 *       {@link dev.tsserver.codec.CorruptFrameException} (fatal: the connection is closed and
 *       its further input is not decoded);</li>
 *   <li>the <b>encoder</b> receives {@code byte[]}, one reply payload per call, and writes its
 *       framing around it. Only an encoder that implements {@link AcceptsEncodablePayload} also
 *       receives {@link dev.tsserver.codec.EncodablePayload} (a reply the server assembled from
 *       parts), which saves one copy per reply. A payload the framing cannot carry is a
 *       {@link org.apache.mina.filter.codec.ProtocolEncoderException}.</li>
 * </ul>
 * The codec contract kit (the {@code tsserver-codecs} test-jar,
 * {@code dev.tsserver.codec.testkit.FramingCodecContract}) checks all of this without sockets.
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
