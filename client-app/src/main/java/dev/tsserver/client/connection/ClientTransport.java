package dev.tsserver.client.connection;

import java.util.Locale;

/** How the client reaches the server: a TCP stream framed by a codec, or one UDP datagram per message. */
public enum ClientTransport {
    TCP,
    UDP;

    /** {@code tcp} or {@code udp}, any case. */
    public static ClientTransport parse(String name) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "tcp" -> TCP;
            case "udp" -> UDP;
            default -> throw new IllegalArgumentException("expected tcp or udp, got '" + name + "'");
        };
    }

    /** The name users type: {@code tcp}, {@code udp}. */
    public String cliName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
