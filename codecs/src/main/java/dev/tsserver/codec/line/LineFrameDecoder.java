package dev.tsserver.codec.line;

import java.util.Arrays;

import dev.tsserver.codec.FrameTooLongException;
import dev.tsserver.codec.spi.PartialFrameReporter;
import org.apache.mina.core.buffer.IoBuffer;
import org.apache.mina.core.session.IoSession;
import org.apache.mina.filter.codec.ProtocolDecoder;
import org.apache.mina.filter.codec.ProtocolDecoderOutput;

/**
 * Splits a byte stream at LF (0x0A) and emits each line's bytes, without the LF and without a
 * CR right before it, as a {@code byte[]}.
 *
 * <pre>
 *   in:   h  e  l  l  o \r \n  w  o  r  l  d \n
 *   out:  [h e l l o]          [w o r l d]
 * </pre>
 *
 * <p>A line whose payload is longer than {@code maxFrame} is not emitted: the decoder throws a
 * {@link FrameTooLongException} as soon as the limit is passed, discards bytes up to the next
 * LF and goes on with the line after it. It never holds more than {@code maxFrame + 1} bytes
 * (the extra byte may be the CR of a CR LF).
 *
 * <p>Every call consumes all of its input (the partial line is copied aside), so the decoder
 * works the same whatever the session says about fragmentation, and MINA's codec filter, which
 * loops while input remains, always makes progress. One instance per session; not thread-safe
 * (MINA decodes under the session's lock).
 */
public final class LineFrameDecoder implements ProtocolDecoder, PartialFrameReporter {

    private static final byte LF = '\n';
    private static final byte CR = '\r';
    private static final byte[] EMPTY = new byte[0];
    /** A partial-line buffer up to this size is kept between lines; a larger one is let go. */
    private static final int RETAINED_BUFFER = 1024;
    /** The largest array size every JVM allocates. */
    private static final long MAX_ARRAY = Integer.MAX_VALUE - 8;

    private final int maxFrame;
    private byte[] pending = EMPTY;
    private int pendingLength;
    private boolean discarding;

    public LineFrameDecoder(int maxFrame) {
        if (maxFrame < 1) {
            throw new IllegalArgumentException("max frame must be at least 1 byte, was " + maxFrame);
        }
        this.maxFrame = maxFrame;
    }

    @Override
    public void decode(IoSession session, IoBuffer in, ProtocolDecoderOutput out) throws FrameTooLongException {
        while (in.hasRemaining()) {
            int lf = in.indexOf(LF);
            if (discarding) {
                if (lf < 0) {
                    in.position(in.limit());
                    return;
                }
                in.position(lf + 1);
                discarding = false;
                continue;
            }
            if (lf < 0) {
                holdPartialLine(in);
                return;
            }
            emitLine(in, lf, out);
        }
    }

    private void emitLine(IoBuffer in, int lf, ProtocolDecoderOutput out) throws FrameTooLongException {
        int chunk = lf - in.position();
        int lineLength = pendingLength + chunk;
        boolean endsWithCr = chunk > 0 ? in.get(lf - 1) == CR : pendingLength > 0 && pending[pendingLength - 1] == CR;
        int payloadLength = endsWithCr ? lineLength - 1 : lineLength;
        if (payloadLength > maxFrame) {
            in.position(lf + 1);
            releasePending();
            throw tooLong();
        }
        byte[] line = new byte[payloadLength];
        int fromPending = Math.min(pendingLength, payloadLength);
        System.arraycopy(pending, 0, line, 0, fromPending);
        in.get(line, fromPending, payloadLength - fromPending);
        in.position(lf + 1);
        releasePending();
        out.write(line);
    }

    private void holdPartialLine(IoBuffer in) throws FrameTooLongException {
        int remaining = in.remaining();
        // maxFrame + 1: the last byte may be the CR of a CR LF that is not part of the payload.
        if ((long) pendingLength + remaining > (long) maxFrame + 1) {
            in.position(in.limit());
            releasePending();
            discarding = true;
            throw tooLong();
        }
        int needed = pendingLength + remaining;
        if (needed > pending.length) {
            // In long arithmetic: maxFrame + 1 overflows for Integer.MAX_VALUE, which turned
            // doubling into growth by exactly what each read added (quadratic copying).
            long doubled = Math.min(Math.max(64L, pending.length * 2L), MAX_ARRAY);
            int grown = (int) Math.max(needed, Math.min((long) maxFrame + 1, doubled));
            pending = Arrays.copyOf(pending, grown);
        }
        in.get(pending, pendingLength, remaining);
        pendingLength = needed;
    }

    private void releasePending() {
        pendingLength = 0;
        if (pending.length > RETAINED_BUFFER) {
            pending = EMPTY;
        }
    }

    private FrameTooLongException tooLong() {
        return new FrameTooLongException("line longer than " + maxFrame + " bytes discarded", maxFrame,
                "ERROR line too long (max " + maxFrame + " bytes)");
    }

    /** A line without its LF at end of input is incomplete: it is dropped, not answered. */
    @Override
    public void finishDecode(IoSession session, ProtocolDecoderOutput out) {
        releasePending();
    }

    @Override
    public void dispose(IoSession session) {
        pending = EMPTY;
        pendingLength = 0;
    }

    /** A line begun and not ended: held, or being skipped because it is too long. */
    @Override
    public boolean holdsPartialFrame() {
        return pendingLength > 0 || discarding;
    }

    /** Bytes of an incomplete line held for the next read; for tests and diagnostics. */
    public int bufferedBytes() {
        return pendingLength;
    }
}
