package dev.tsserver.core;

import java.util.Locale;

/** The transport one listener binds: a stream socket (plain or TLS) or a datagram socket. */
public enum Scheme {
    /** A TCP listener: messages framed by the listener's codec. */
    TCP,
    /** A UDP listener: each datagram is one message. */
    UDP,
    /** A TCP listener whose connections speak TLS first; framed by the codec inside it, byte for byte as TCP. */
    TLS;

    /** {@code tcp}, {@code udp} or {@code tls}, as in an endpoint URI. */
    public String uriName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** True for the stream schemes (TCP and TLS): a connection, a codec, a filter chain per session. */
    public boolean isStream() {
        return this != UDP;
    }
}
