package dev.tsserver.core;

import java.util.Locale;

/** The transport one listener binds: a stream socket or a datagram socket. */
public enum Scheme {
    /** A TCP listener: messages framed by the listener's codec. */
    TCP,
    /** A UDP listener: each datagram is one message. */
    UDP;

    /** {@code tcp} or {@code udp}, as in an endpoint URI. */
    public String uriName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
