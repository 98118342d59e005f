package dev.tsserver.client.exchange;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/**
 * Writes each reply's bytes exactly as received (never decoded with a charset), each followed by
 * one LF. Buffered: the caller flushes when no more output is imminent.
 */
public final class ReplyPrinter {

    private final OutputStream out;

    public ReplyPrinter(OutputStream out) {
        this.out = new BufferedOutputStream(out, 64 * 1024);
    }

    public void print(byte[] reply) throws IOException {
        out.write(reply);
        out.write('\n');
    }

    /** Writes text that is not a reply (a prompt); ASCII only. */
    public void printPrompt(String prompt) throws IOException {
        for (int i = 0; i < prompt.length(); i++) {
            out.write(prompt.charAt(i));
        }
        out.flush();
    }

    public void flush() throws IOException {
        out.flush();
    }
}
