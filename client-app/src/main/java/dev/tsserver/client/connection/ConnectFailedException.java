package dev.tsserver.client.connection;

/**
 * No connection could be made: {@code cannot connect to HOST:PORT: REASON}, or {@code TLS
 * handshake with HOST:PORT failed: REASON}.
 */
public final class ConnectFailedException extends TsConnectionException {

    private final boolean tlsHandshake;

    public ConnectFailedException(String peer, String reason, Throwable cause) {
        this("cannot connect to " + peer + ": " + reason, cause, false);
    }

    private ConnectFailedException(String message, Throwable cause, boolean tlsHandshake) {
        super(message, cause);
        this.tlsHandshake = tlsHandshake;
    }

    /** The TCP connection was made but TLS could not be set up on it. */
    public static ConnectFailedException tlsHandshake(String peer, String reason, Throwable cause) {
        return new ConnectFailedException("TLS handshake with " + peer + " failed: " + reason, cause, true);
    }

    /**
     * Whether the server was reached and refused TLS: another of its addresses would say the
     * same, so it is not worth trying.
     */
    public boolean tlsHandshake() {
        return tlsHandshake;
    }
}
