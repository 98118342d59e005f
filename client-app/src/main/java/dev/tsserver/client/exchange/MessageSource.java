package dev.tsserver.client.exchange;

import java.io.IOException;
import java.util.Iterator;
import java.util.List;

/** Where the messages of an exchange come from: input lines, command arguments. */
@FunctionalInterface
public interface MessageSource {

    /** The next message, or null when there are no more. May block (on standard input, say). */
    byte[] next() throws IOException;

    static MessageSource of(List<byte[]> messages) {
        Iterator<byte[]> iterator = messages.iterator();
        return () -> iterator.hasNext() ? iterator.next() : null;
    }
}
