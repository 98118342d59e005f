package dev.tsserver.codec.length;

import java.util.Arrays;

import dev.tsserver.codec.CorruptFrameException;
import dev.tsserver.codec.spi.PartialFrameReporter;
import org.apache.mina.core.buffer.IoBuffer;
import org.apache.mina.core.session.IoSession;
import org.apache.mina.filter.codec.ProtocolDecoder;
import org.apache.mina.filter.codec.ProtocolDecoderOutput;

/**
 * Reads frames of a big-endian unsigned length field followed by that many payload bytes and
 * emits each payload as a {@code byte[]}.
 *
 * <pre>
 *   prefix 2:  00 05  h  e  l  l  o  00 00
 *              len=5  [h e l l o]    len=0 -> []
 * </pre>
 *
 * <p>The body buffer grows as its bytes arrive (doubling, capped at the declared length), the way
 * Netty's cumulating {@code LengthFieldBasedFrameDecoder} behaves: a header declaring a gigabyte
 * costs nothing until the bytes come, and a partial frame costs at most about twice what the
 * peer sent. Only a frame that arrives whole in one read is copied straight out.
 *
 * <p>A declared length over {@code maxFrame} is checked before any body byte is buffered. The
 * stream cannot be resynchronised after it (there is no delimiter to look for), so the decoder
 * throws a {@link CorruptFrameException} once and then discards everything that follows; the
 * session's owner closes the connection.
 *
 * <p>Every call consumes all of its input (a partial header or body is kept aside), so the
 * decoder behaves the same on any session and always makes progress. One instance per session.
 */
public final class LengthFieldFrameDecoder implements ProtocolDecoder, PartialFrameReporter {

    private static final byte[] EMPTY = new byte[0];
    /** First allocation for a partial body: small reads do not each cost a copy. */
    private static final int MIN_BODY_CAPACITY = 256;
    /** The largest array every JVM allocates; a longer declared frame cannot be held. */
    private static final long MAX_ARRAY = Integer.MAX_VALUE - 8;

    private final int prefixLength;
    private final int maxFrame;

    private long headerValue;
    private int headerBytesRead;
    /** Length of the frame whose body is being read; -1 while reading a header. */
    private int declaredLength = -1;
    private byte[] body = EMPTY;
    private int bodyBytesRead;
    private boolean failed;

    public LengthFieldFrameDecoder(int prefixLength, int maxFrame) {
        if (prefixLength != 1 && prefixLength != 2 && prefixLength != 4) {
            throw new IllegalArgumentException("length prefix must be 1, 2 or 4 bytes, was " + prefixLength);
        }
        if (maxFrame < 1) {
            throw new IllegalArgumentException("max frame must be at least 1 byte, was " + maxFrame);
        }
        this.prefixLength = prefixLength;
        this.maxFrame = maxFrame;
    }

    @Override
    public void decode(IoSession session, IoBuffer in, ProtocolDecoderOutput out) throws CorruptFrameException {
        while (in.hasRemaining()) {
            if (failed) {
                in.position(in.limit());
                return;
            }
            if (declaredLength < 0) {
                if (!readHeader(in)) {
                    return;
                }
                int length = checkedLength(in);
                if (length == 0) {
                    out.write(EMPTY);
                    continue;
                }
                if (in.remaining() >= length) {
                    byte[] payload = new byte[length];
                    in.get(payload);
                    out.write(payload);
                    continue;
                }
                declaredLength = length;
                bodyBytesRead = 0;
            }
            int take = Math.min(in.remaining(), declaredLength - bodyBytesRead);
            ensureCapacity(bodyBytesRead + take);
            in.get(body, bodyBytesRead, take);
            bodyBytesRead += take;
            if (bodyBytesRead == declaredLength) {
                byte[] payload = body;
                releaseBody();
                out.write(payload);
            }
        }
    }

    /**
     * Grows the body buffer to hold {@code needed} bytes: at least doubling (amortised linear
     * copying for a frame that trickles in), never past the declared length, so the last step
     * leaves an array of exactly the frame's size that is emitted without a copy. What a peer
     * costs is what it sent, not what it declared.
     */
    private void ensureCapacity(int needed) {
        if (needed <= body.length) {
            return;
        }
        long doubled = Math.max((long) MIN_BODY_CAPACITY, 2L * body.length);
        int grown = (int) Math.min(declaredLength, Math.max(needed, doubled));
        body = Arrays.copyOf(body, grown);
    }

    private void releaseBody() {
        body = EMPTY;
        bodyBytesRead = 0;
        declaredLength = -1;
    }

    /** Accumulates header bytes; true once the whole length field has been read. */
    private boolean readHeader(IoBuffer in) {
        if (headerBytesRead == 0 && in.remaining() >= prefixLength) {
            headerValue = switch (prefixLength) {
                case 1 -> in.getUnsigned();
                case 2 -> in.getUnsignedShort();
                default -> in.getUnsignedInt();
            };
            headerBytesRead = prefixLength;
            return true;
        }
        while (headerBytesRead < prefixLength && in.hasRemaining()) {
            headerValue = (headerValue << 8) | in.getUnsigned();
            headerBytesRead++;
        }
        return headerBytesRead == prefixLength;
    }

    private int checkedLength(IoBuffer in) throws CorruptFrameException {
        long length = headerValue;
        headerValue = 0;
        headerBytesRead = 0;
        if (length > maxFrame) {
            throw fail(in, "declared frame length " + length + " exceeds max frame " + maxFrame
                    + " bytes; the stream cannot be resynchronised");
        }
        if (length > MAX_ARRAY) {
            throw fail(in, "declared frame length " + length + " exceeds the largest array this JVM can hold ("
                    + MAX_ARRAY + " bytes); the stream cannot be resynchronised");
        }
        return (int) length;
    }

    private CorruptFrameException fail(IoBuffer in, String detail) {
        failed = true;
        in.position(in.limit());
        return new CorruptFrameException(detail);
    }

    /** An incomplete frame at end of input is dropped, not answered. */
    @Override
    public void finishDecode(IoSession session, ProtocolDecoderOutput out) {
        releaseBody();
        headerBytesRead = 0;
        headerValue = 0;
    }

    @Override
    public void dispose(IoSession session) {
        releaseBody();
    }

    /** Part of a length field, or a body shorter than its declared length; nothing once failed. */
    @Override
    public boolean holdsPartialFrame() {
        return !failed && (headerBytesRead > 0 || declaredLength >= 0);
    }

    /** Capacity of the partial-frame buffer held for the next read (for tests). */
    public int retainedCapacity() {
        return body.length;
    }

    /** Whether a bad length has ended decoding for this stream. */
    public boolean hasFailed() {
        return failed;
    }
}
