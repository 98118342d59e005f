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
    private byte[] line = new byte[256];
    private long lineNumber;

    /** @param maxLine longest line accepted, in bytes without the line end */
    public InputLines(InputStream in, int maxLine) {
        this.in = in;
        this.maxLine = maxLine;
    }

    /** The next line, or null at the end of input. */
    @Override
    public byte[] next() throws IOException {
        int length = 0;
        while (true) {
            if (chunkStart == chunkEnd) {
                if (endOfInput || !fill()) {
                    return length == 0 ? null : finish(length);
                }
            }
            int lf = indexOfLf();
            int end = lf < 0 ? chunkEnd : lf;
            length = append(length, end - chunkStart);
            chunkStart = lf < 0 ? chunkEnd : lf + 1;
            if (lf >= 0) {
                if (length > 0 && line[length - 1] == '\r') {
                    length--;
                }
                return finish(length);
            }
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

    private int append(int length, int count) throws InputLineTooLongException {
        // maxLine + 1: the last byte may be the CR of a CR LF.
        if ((long) length + count > (long) maxLine + 1) {
            throw new InputLineTooLongException(lineNumber + 1, maxLine);
        }
        if (length + count > line.length) {
            line = Arrays.copyOf(line, (int) Math.min((long) maxLine + 1, Math.max(length + count, 2L * line.length)));
        }
        System.arraycopy(chunk, chunkStart, line, length, count);
        return length + count;
    }

    private byte[] finish(int length) throws InputLineTooLongException {
        if (length > maxLine) {
            throw new InputLineTooLongException(lineNumber + 1, maxLine);
        }
        lineNumber++;
        return length == 0 ? EMPTY : Arrays.copyOf(line, length);
    }

    /** A line of input is longer than the client may send. */
    public static final class InputLineTooLongException extends IOException {
        InputLineTooLongException(long lineNumber, int maxLine) {
            super("input line " + lineNumber + " is longer than --max-frame " + maxLine + " bytes");
        }
    }
}
