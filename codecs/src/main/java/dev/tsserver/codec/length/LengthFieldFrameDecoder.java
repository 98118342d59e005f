package dev.tsserver.codec.length;

import dev.tsserver.codec.CorruptFrameException;
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
 * <p>A declared length over {@code maxFrame} is checked before any body byte is buffered. The
 * stream cannot be resynchronised after it (there is no delimiter to look for), so the decoder
 * throws a {@link CorruptFrameException} once and then discards everything that follows; the
 * session's owner closes the connection.
 *
 * <p>Every call consumes all of its input (a partial header or body is kept aside), so the
 * decoder behaves the same on any session and always makes progress. One instance per session.
 */
public final class LengthFieldFrameDecoder implements ProtocolDecoder {

    private static final byte[] EMPTY = new byte[0];

    private final int prefixLength;
    private final int maxFrame;

    private long headerValue;
    private int headerBytesRead;
    private byte[] body;
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
            if (body == null) {
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
                body = new byte[length];
                bodyBytesRead = 0;
            }
            int take = Math.min(in.remaining(), body.length - bodyBytesRead);
            in.get(body, bodyBytesRead, take);
            bodyBytesRead += take;
            if (bodyBytesRead == body.length) {
                byte[] payload = body;
                body = null;
                out.write(payload);
            }
        }
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
            failed = true;
            in.position(in.limit());
            throw new CorruptFrameException("declared frame length " + length + " exceeds max frame " + maxFrame
                    + " bytes; the stream cannot be resynchronised");
        }
        return (int) length;
    }

    /** An incomplete frame at end of input is dropped, not answered. */
    @Override
    public void finishDecode(IoSession session, ProtocolDecoderOutput out) {
        body = null;
        headerBytesRead = 0;
        headerValue = 0;
    }

    @Override
    public void dispose(IoSession session) {
        body = null;
    }

    /** Whether a bad length has ended decoding for this stream. */
    public boolean hasFailed() {
        return failed;
    }
}
