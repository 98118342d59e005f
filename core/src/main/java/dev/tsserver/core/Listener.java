package dev.tsserver.core;

import java.net.InetSocketAddress;

import org.apache.mina.core.service.IoAcceptor;
import org.apache.mina.core.session.IoSessionRecycler;

/**
 * One bound endpoint of a {@link TsServer}: a TCP or UDP acceptor with its own address,
 * protocol, codec and limits. The server owns its listeners, and they share its I/O threads,
 * executor and stop deadline.
 */
public final class Listener {

    private final ListenerSettings settings;
    private final String protocol;
    private final IoAcceptor acceptor;
    private final IoSessionRecycler udpSessionRecycler;
    private final InetSocketAddress address;
    private final ServerStats.ListenerStats counters;

    Listener(ListenerSettings settings, String protocol, IoAcceptor acceptor,
             IoSessionRecycler udpSessionRecycler, InetSocketAddress address,
             ServerStats.ListenerStats counters) {
        this.counters = counters;
        this.settings = settings;
        this.protocol = protocol;
        this.acceptor = acceptor;
        this.udpSessionRecycler = udpSessionRecycler;
        this.address = address;
    }

    public ListenerSettings settings() {
        return settings;
    }

    public Scheme scheme() {
        return settings.scheme();
    }

    /** The bound address, with the real port when the settings asked for port 0. */
    public InetSocketAddress address() {
        return address;
    }

    /** The protocol's name, or {@code custom} when an embedding application's handler replaced it. */
    public String protocol() {
        return protocol;
    }

    /** {@code tcp://127.0.0.1:21567}, {@code udp://[::1]:21567}. */
    public String endpoint() {
        return settings.scheme().uriName() + "://" + Addresses.format(address);
    }

    /**
     * The SPEC Part 2 ready line: {@code listening on tcp://HOST:PORT protocol=NAME codec=NAME}; a
     * UDP listener has no codec.
     */
    public String readyLine() {
        return "listening on " + endpoint() + " protocol=" + protocol
                + (settings.scheme().isStream() ? " codec=" + settings.codec() : "");
    }

    /** Messages received and replies sent on this listener (read-only). */
    public ServerCounters.ListenerCounters counters() {
        return counters;
    }

    ServerStats.ListenerStats countersToIncrement() {
        return counters;
    }

    IoAcceptor acceptor() {
        return acceptor;
    }

    IoSessionRecycler udpSessionRecycler() {
        return udpSessionRecycler;
    }

    @Override
    public String toString() {
        return endpoint() + " protocol=" + protocol;
    }
}
