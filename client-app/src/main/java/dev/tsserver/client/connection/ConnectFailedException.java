package dev.tsserver.client.connection;

/** No connection could be made: {@code cannot connect to HOST:PORT: REASON}. */
public final class ConnectFailedException extends TsConnectionException {

    public ConnectFailedException(String peer, String reason, Throwable cause) {
        super("cannot connect to " + peer + ": " + reason, cause);
    }
}
