package dev.tsserver.client.connection;

/**
 * The server ended the conversation while replies were still owed: it closed the connection
 * (after a bad length prefix, say), reset it, or sent something that is not a reply.
 */
public final class ConnectionClosedException extends TsConnectionException {

    public ConnectionClosedException(String message, Throwable cause) {
        super(message, cause);
    }
}
