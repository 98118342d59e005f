package dev.tsserver.client.chat;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

import dev.tsserver.client.exchange.MessageSource;

/**
 * Splits a byte stream at LF into messages: the bytes of each line without its LF and without a
 * CR right before it, never decoded with a charset. A last line without a LF counts; an empty
 * line is an empty message. Lines longer than the limit are refused, not truncated.
 */
public final class InputLines implements MessageSource {

    private static final byte[] EMPTY = new byte[0];

    private final InputStream in;
    private final int maxLine;
    private final byte[] chunk = new byte[8192];
    private int chunkStart;
    private int chunkEnd;
    private boolean endOfInput;
    /** An over-long line was refused and its rest is still to be dropped. */
    private boolean skippingLongLine;
    private byte[] line = new byte[256];
    private long lineNumber;

    /** @param maxLine longest line accepted, in bytes without the line end */
    public InputLines(InputStream in, int maxLine) {
        this.in = in;
        this.maxLine = maxLine;
    }

    /**
     * The next line, or null at the end of input.
     *
     * @throws InputLineTooLongException for a line over the limit; the next call goes on with
     *                                   the line after it
     */
    @Override
    public byte[] next() throws IOException {
        if (skippingLongLine && !skipRestOfLine()) {
            return null;
        }
        int length = 0;
        while (true) {
            if (chunkStart == chunkEnd) {
                if (endOfInput || !fill()) {
                    return length == 0 ? null : finish(length);
                }
            }
            int lf = indexOfLf();
            int count = (lf < 0 ? chunkEnd : lf) - chunkStart;
            // maxLine + 1: the last byte may be the CR of a CR LF.
            if ((long) length + count > (long) maxLine + 1) {
                chunkStart = lf < 0 ? chunkEnd : lf + 1;
                skippingLongLine = lf < 0;
                throw tooLong();
            }
            length = append(length, count);
            chunkStart = lf < 0 ? chunkEnd : lf + 1;
            if (lf >= 0) {
                if (length > 0 && line[length - 1] == '\r') {
                    length--;
                }
                return finish(length);
            }
        }
    }

    /** Drops input up to and including the LF that ends an over-long line; false at end of input. */
    private boolean skipRestOfLine() throws IOException {
        while (true) {
            if (chunkStart == chunkEnd && (endOfInput || !fill())) {
                return false;
            }
            int lf = indexOfLf();
            if (lf >= 0) {
                chunkStart = lf + 1;
                skippingLongLine = false;
                return true;
            }
            chunkStart = chunkEnd;
        }
    }

    /** Number of the line last returned, counting from 1. */
    public long lineNumber() {
        return lineNumber;
    }

    private boolean fill() throws IOException {
        int read = in.read(chunk);
        if (read < 0) {
            endOfInput = true;
            return false;
        }
        chunkStart = 0;
        chunkEnd = read;
        return true;
    }

    private int indexOfLf() {
        for (int i = chunkStart; i < chunkEnd; i++) {
            if (chunk[i] == '\n') {
                return i;
            }
        }
        return -1;
    }

    private int append(int length, int count) {
        if (length + count > line.length) {
            line = Arrays.copyOf(line, (int) Math.min((long) maxLine + 1, Math.max(length + count, 2L * line.length)));
        }
        System.arraycopy(chunk, chunkStart, line, length, count);
        return length + count;
    }

    private byte[] finish(int length) throws InputLineTooLongException {
        if (length > maxLine) {
            throw tooLong();
        }
        lineNumber++;
        return length == 0 ? EMPTY : Arrays.copyOf(line, length);
    }

    private InputLineTooLongException tooLong() {
        lineNumber++;
        return new InputLineTooLongException(lineNumber, maxLine);
    }

    /** A line of input is longer than the client may send. */
    public static final class InputLineTooLongException extends IOException {
        InputLineTooLongException(long lineNumber, int maxLine) {
            super("input line " + lineNumber + " is longer than --max-frame " + maxLine + " bytes");
        }
    }
}
