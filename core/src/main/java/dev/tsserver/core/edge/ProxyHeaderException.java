package dev.tsserver.core.edge;

/** A PROXY protocol header that cannot be accepted; the message says why in a few words. */
public final class ProxyHeaderException extends Exception {

    private static final long serialVersionUID = 1L;

    public ProxyHeaderException(String message) {
        super(message, null, false, false); // no stack trace: it is input, not a bug
    }
}
