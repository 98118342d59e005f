package dev.tsserver.client.connection;

/** A reply did not arrive within the timeout: {@code no reply from HOST:PORT within N s}. */
public final class ReplyTimeoutException extends TsConnectionException {

    public ReplyTimeoutException(String peer, String timeout) {
        super("no reply from " + peer + " within " + timeout);
    }

    /** With a message of the caller's, such as one that adds a hint. */
    public ReplyTimeoutException(String message) {
        super(message);
    }
}
