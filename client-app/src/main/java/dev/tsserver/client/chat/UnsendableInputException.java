package dev.tsserver.client.chat;

import java.io.IOException;

/** An input line cannot go out as exactly one message (too long for a length field, say). */
public final class UnsendableInputException extends IOException {

    public UnsendableInputException(long lineNumber, String why) {
        super("input line " + lineNumber + " not sent: " + why);
    }
}
