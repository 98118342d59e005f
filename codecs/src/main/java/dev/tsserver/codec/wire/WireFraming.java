package dev.tsserver.codec.wire;

import java.nio.ByteBuffer;
import java.util.Optional;

/**
 * How one codec puts a message on the wire, as plain byte rules on NIO buffers: what goes
 * before and after a payload, which payloads cannot be framed, and where a frame ends in a
 * received byte stream. The server's encoders and every client path use these rules.
 *
 * <pre>
 *   line      payload 0A                 (a CR right before the LF is not payload)
 *   length    LEN(1|2|4, big-endian) payload
 *   raw       payload                    (one read is one message: nothing delimits it)
 * </pre>
 */
public interface WireFraming {

    /** {@link #nextFrame}: the buffer does not hold a whole frame yet. */
    int NEED_MORE = -1;
    /** {@link #nextFrame}: the bytes cannot be a frame within the limit; the stream is lost. */
    int CORRUPT = -2;

    /** Bytes on the wire for a payload of {@code payloadSize} bytes. */
    int frameSize(int payloadSize);

    /** The largest payload a frame can carry, whatever the size limits of the peers. */
    long maxPayload();

    /**
     * Whether a receiver can tell where each message ends. {@code raw} cannot: two messages the
     * peer reads together are one message to it, so only one may be in flight at a time.
     */
    boolean delimitsMessages();

    /**
     * Why {@code payload} cannot travel as exactly one message (a LF inside a line, too long for
     * the length field, an empty raw chunk), or empty if it can.
     */
    Optional<String> whyUnframeable(byte[] payload);

    /** Puts what comes before a payload of {@code payloadSize} bytes. */
    void writeHeader(ByteBuffer out, int payloadSize);

    /** Puts what comes after the payload. */
    void writeTrailer(ByteBuffer out);

    /** The framed bytes of {@code payload}: a new array. Not for hot paths. */
    default byte[] frame(byte[] payload) {
        ByteBuffer out = ByteBuffer.allocate(frameSize(payload.length));
        writeHeader(out, payload.length);
        out.put(payload);
        writeTrailer(out);
        return out.array();
    }

    /**
     * Finds the frame that starts at {@code in.position()}, looking no further than
     * {@code in.limit()}, without moving either. On success stores where its payload lies in
     * {@code frame} and returns the index just past the frame; otherwise {@link #NEED_MORE} or
     * {@link #CORRUPT} (no frame with a payload of at most {@code maxPayload} bytes can start here).
     */
    int nextFrame(ByteBuffer in, int maxPayload, FrameSlice frame);
}
