package dev.tsserver.client.connection;

import java.io.IOException;

/**
 * The conversation with the server failed. {@link #getMessage()} is the one line a user is shown,
 * without the program name; the cause, if any, is for logs.
 */
public class TsConnectionException extends IOException {

    public TsConnectionException(String message) {
        super(message);
    }

    public TsConnectionException(String message, Throwable cause) {
        super(message, cause);
    }
}
