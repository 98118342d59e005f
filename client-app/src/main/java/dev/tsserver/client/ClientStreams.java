package dev.tsserver.client;

import java.io.InputStream;
import java.io.OutputStream;

/**
 * The byte streams the client talks through. Replies are bytes and are written as bytes, never
 * through a {@code Writer}, so they need an {@link OutputStream} beside picocli's text writers.
 *
 * @param in          messages for chat
 * @param out         replies and the prompt
 * @param interactive whether a person is typing at a terminal (prompt, stop at an empty line)
 */
public record ClientStreams(InputStream in, OutputStream out, boolean interactive) {

    /** Standard input and output; interactive when the JVM has a console. */
    public static ClientStreams system() {
        return new ClientStreams(System.in, System.out, System.console() != null);
    }
}
