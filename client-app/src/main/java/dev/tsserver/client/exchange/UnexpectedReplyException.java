package dev.tsserver.client.exchange;

import dev.tsserver.client.connection.TsConnectionException;

/** A reply arrived that is not the protocol's answer to the message it follows. */
public final class UnexpectedReplyException extends TsConnectionException {

    public UnexpectedReplyException(String message) {
        super(message);
    }
}
