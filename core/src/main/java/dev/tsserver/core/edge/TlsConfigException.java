package dev.tsserver.core.edge;

/** A certificate, key or CA file that cannot be used; the message names the file and the cause. */
public final class TlsConfigException extends Exception {

    private static final long serialVersionUID = 1L;

    public TlsConfigException(String message) {
        super(message);
    }

    public TlsConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}
