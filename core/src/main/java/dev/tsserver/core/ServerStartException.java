package dev.tsserver.core;

import java.io.IOException;

/** The server could not bind or start; the message is one line naming the cause. */
public class ServerStartException extends IOException {

    public ServerStartException(String message, Throwable cause) {
        super(message, cause);
    }
}
