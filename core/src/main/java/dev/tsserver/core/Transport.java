package dev.tsserver.core;

/** Which sockets the server binds. */
public enum Transport {
    TCP(true, false),
    UDP(false, true),
    /** TCP and UDP on the same port number. */
    BOTH(true, true);

    private final boolean tcp;
    private final boolean udp;

    Transport(boolean tcp, boolean udp) {
        this.tcp = tcp;
        this.udp = udp;
    }

    public boolean includesTcp() {
        return tcp;
    }

    public boolean includesUdp() {
        return udp;
    }
}
