package dev.tsserver.core;

import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import dev.tsserver.codec.CodecSettings;
import dev.tsserver.codec.spi.CodecRegistry;
import dev.tsserver.core.protocol.ProtocolProvider;
import dev.tsserver.core.protocol.ProtocolRegistry;
import dev.tsserver.core.edge.AccessPolicy;
import dev.tsserver.core.edge.EdgeSettings;
import dev.tsserver.core.edge.ProxyProtocolSettings;
import dev.tsserver.core.edge.TlsSettings;
import dev.tsserver.core.time.TimestampFormat;
import org.apache.mina.core.service.IoHandler;

/**
 * Everything a {@link TsServer} is built from: the process-wide {@link ServerSettings} and the
 * list of {@link ListenerSettings}, one per bind. Immutable; every value is checked when it is
 * built, so {@link TsServer#start} fails on a bad setting before it binds anything. Build one
 * with {@link #builder()}.
 *
 * <p>The builder's {@code host}, {@code port}, {@code transport}, {@code codec}, ... setters
 * describe one listener (two with {@link Transport#BOTH}: TCP and UDP on one port): the
 * one-listener shorthand. With {@link Builder#listen(ListenerSettings)} the server binds the
 * listeners given instead, and the shorthand's values are the defaults they start from
 * ({@link #defaults()}).
 */
public final class TsServerConfig {

    public static final String DEFAULT_HOST = "127.0.0.1";
    public static final int DEFAULT_PORT = 21567;
    /**
     * No executor filter: the timestamp handler never blocks, and the hand-off to a pool costs
     * more than the work (see docs/performance.md). Handlers that block want workers.
     */
    public static final int DEFAULT_WORKERS = 0;
    public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(300);
    public static final int DEFAULT_MAX_CONNECTIONS = 10_000;
    /** Largest UDP payload over IPv4: 65,535 - 8 (UDP header) - 20 (IP header). */
    public static final int MAX_DATAGRAM_PAYLOAD = 65_507;
    /** A partial frame older than this closes its connection (slowloris); see {@link #frameTimeout}. */
    public static final Duration DEFAULT_FRAME_TIMEOUT = Duration.ofSeconds(30);
    /** SO_SNDBUF of accepted TCP connections; see {@link ListenerSettings.Builder#tcpSendBufferSize}. */
    public static final int DEFAULT_TCP_SEND_BUFFER = 32 * 1024;

    private final ServerSettings server;
    private final ListenerSettings defaults;
    private final Transport transport;
    private final List<ListenerSettings> listeners;
    private final boolean sharedPort;
    private final boolean explicitListeners;

    private TsServerConfig(ServerSettings server, ListenerSettings defaults, Transport transport,
                           List<ListenerSettings> explicit) {
        this.server = server;
        this.defaults = defaults;
        this.transport = transport;
        this.explicitListeners = !explicit.isEmpty();
        if (explicit.isEmpty()) {
            List<ListenerSettings> shorthand = new ArrayList<>(2);
            if (transport.includesTcp()) {
                // --tls-cert/--tls-key make the command line's TCP listener a TLS one.
                shorthand.add(defaults.toBuilder().scheme(defaults.edge().tls() != null ? Scheme.TLS : Scheme.TCP)
                        .build());
            }
            if (transport.includesUdp()) {
                shorthand.add(defaults.toBuilder().scheme(Scheme.UDP).build());
            }
            this.listeners = List.copyOf(shorthand);
            this.sharedPort = transport == Transport.BOTH;
        } else {
            this.listeners = List.copyOf(explicit);
            this.sharedPort = false;
        }
        for (ListenerSettings listener : listeners) {
            server.check(listener); // unknown codec or protocol: fail here, not at bind time
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        return new Builder(this);
    }

    /** The settings every listener shares. */
    public ServerSettings server() {
        return server;
    }

    /** The listeners to bind, in order. */
    public List<ListenerSettings> listeners() {
        return listeners;
    }

    /**
     * The one-listener shorthand's settings: the listener itself when no explicit listener was
     * given, otherwise the defaults the explicit ones started from.
     */
    public ListenerSettings defaults() {
        return defaults;
    }

    /**
     * True when the listeners are the shorthand's TCP and UDP pair, which bind one port number
     * (chosen by TCP when the port is 0).
     */
    boolean sharedPort() {
        return sharedPort;
    }

    public String host() {
        return defaults.host();
    }

    public int port() {
        return defaults.port();
    }

    public Transport transport() {
        return transport;
    }

    public String protocol() {
        return defaults.protocol();
    }

    public String codec() {
        return defaults.codec();
    }

    public CodecSettings codecSettings() {
        return defaults.codecSettings();
    }

    public TimestampFormat timeFormat() {
        return defaults.timeFormat();
    }

    public ZoneId zone() {
        return defaults.zone();
    }

    public Clock clock() {
        return server.clock();
    }

    public int workers() {
        return server.workers();
    }

    public int ioThreads() {
        return server.ioThreads();
    }

    public Duration idleTimeout() {
        return defaults.idleTimeout();
    }

    public int maxConnections() {
        return defaults.maxConnections();
    }

    public int backlog() {
        return defaults.backlog();
    }

    public boolean tcpNoDelay() {
        return defaults.tcpNoDelay();
    }

    public int writeHighWaterMark() {
        return defaults.writeHighWaterMark();
    }

    public int writeLowWaterMark() {
        return defaults.writeLowWaterMark();
    }

    public Duration writeTimeout() {
        return defaults.writeTimeout();
    }

    public Duration frameTimeout() {
        return defaults.frameTimeout();
    }

    public long maxQueuedReplyBytes() {
        return server.maxQueuedReplyBytes();
    }

    public int udpReceiveBufferSize() {
        return defaults.udpReceiveBufferSize();
    }

    public Duration stopTimeout() {
        return server.stopTimeout();
    }

    /** How long a stop keeps serving, not ready, before it stops accepting (see {@link Builder#drainDelay}). */
    public Duration drainDelay() {
        return server.drainDelay();
    }

    /** The custom handler of the shorthand listener, or null. */
    public IoHandler handler() {
        return defaults.customHandler().orElse(null);
    }

    public Optional<IoHandler> customHandler() {
        return defaults.customHandler();
    }

    public CodecRegistry codecRegistry() {
        return server.codecRegistry();
    }

    public ProtocolRegistry protocolRegistry() {
        return server.protocolRegistry();
    }

    public boolean countReads() {
        return server.countReads();
    }

    /** The shorthand listener's edge settings (the defaults of every explicit listener). */
    public EdgeSettings edge() {
        return defaults.edge();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TsServerConfig other && server.equals(other.server) && defaults.equals(other.defaults)
                && transport == other.transport && listeners.equals(other.listeners);
    }

    @Override
    public int hashCode() {
        return Objects.hash(server, defaults, transport, listeners);
    }

    @Override
    public String toString() {
        return "TsServerConfig" + listeners;
    }

    /**
     * Builds a {@link TsServerConfig}; every setter has the SPEC's default. The listener setters
     * describe the one-listener shorthand (and the defaults of {@link #listen(String)}).
     */
    public static final class Builder {
        private final ServerSettings.Builder server;
        private final ListenerSettings.Builder listener;
        private Transport transport = Transport.TCP;
        private final List<Object> explicit = new ArrayList<>();

        private Builder() {
            server = ServerSettings.builder();
            listener = ListenerSettings.builder();
        }

        private Builder(TsServerConfig c) {
            server = c.server.toBuilder();
            listener = c.defaults.toBuilder();
            transport = c.transport;
            if (c.explicitListeners) {
                explicit.addAll(c.listeners);
            }
        }

        /** Address to bind: a name or literal; {@code 0.0.0.0} or {@code ::} for all interfaces. */
        public Builder host(String host) {
            listener.host(host);
            return this;
        }

        /** 0..65535; 0 takes a free port (read it back from {@link TsServer#tcpAddress()}). */
        public Builder port(int port) {
            listener.port(port);
            return this;
        }

        public Builder transport(Transport transport) {
            this.transport = Objects.requireNonNull(transport, "transport");
            return this;
        }

        /** A protocol by name: {@code ts} (default), {@code echo}, {@code discard}, {@code daytime}, {@code time} or a plug-in. */
        public Builder protocol(String protocol) {
            listener.protocol(protocol);
            return this;
        }

        /** A protocol given as an instance (need not be registered). */
        public Builder protocol(ProtocolProvider protocol) {
            listener.protocol(protocol);
            return this;
        }

        /** A codec name known to the registry: {@code line}, {@code length}, {@code raw} or a plug-in. */
        public Builder codec(String codec) {
            listener.codec(codec);
            return this;
        }

        public Builder maxFrame(int maxFrame) {
            listener.maxFrame(maxFrame);
            return this;
        }

        public Builder lengthPrefix(int lengthPrefix) {
            listener.lengthPrefix(lengthPrefix);
            return this;
        }

        public Builder timeFormat(TimestampFormat timeFormat) {
            listener.timeFormat(timeFormat);
            return this;
        }

        public Builder zone(ZoneId zone) {
            listener.zone(zone);
            return this;
        }

        /** The clock the timestamps read; tests pass a fixed one. */
        public Builder clock(Clock clock) {
            server.clock(clock);
            return this;
        }

        /** Threads of the executor filter; 0 leaves the executor out (handlers run on I/O threads). */
        public Builder workers(int workers) {
            server.workers(workers);
            return this;
        }

        /** NIO processor threads, shared by every TCP listener. */
        public Builder ioThreads(int ioThreads) {
            server.ioThreads(ioThreads);
            return this;
        }

        /** Close a TCP connection with no traffic for this long; {@link Duration#ZERO}: never. */
        public Builder idleTimeout(Duration idleTimeout) {
            listener.idleTimeout(idleTimeout);
            return this;
        }

        public Builder maxConnections(int maxConnections) {
            listener.maxConnections(maxConnections);
            return this;
        }

        public Builder backlog(int backlog) {
            listener.backlog(backlog);
            return this;
        }

        public Builder tcpNoDelay(boolean tcpNoDelay) {
            listener.tcpNoDelay(tcpNoDelay);
            return this;
        }

        /**
         * Per-connection bound on replies queued for a peer that does not read: past {@code high}
         * bytes the server stops reading from that peer, below {@code low} it reads again.
         */
        public Builder writeWaterMarks(int low, int high) {
            listener.writeWaterMarks(low, high);
            return this;
        }

        /** Close a connection whose queued replies make no progress for this long. */
        public Builder writeTimeout(Duration writeTimeout) {
            listener.writeTimeout(writeTimeout);
            return this;
        }

        /** The budget for queued replies (see {@link ServerSettings.Builder#maxQueuedReplyBytes}). */
        public Builder maxQueuedReplyBytes(long maxQueuedReplyBytes) {
            server.maxQueuedReplyBytes(maxQueuedReplyBytes);
            return this;
        }

        /** The partial-frame deadline (see {@link ListenerSettings.Builder#frameTimeout}). */
        public Builder frameTimeout(Duration frameTimeout) {
            listener.frameTimeout(frameTimeout);
            return this;
        }

        /** SO_SNDBUF of accepted TCP connections (see {@link ListenerSettings.Builder#tcpSendBufferSize}). */
        public Builder tcpSendBufferSize(int bytes) {
            listener.tcpSendBufferSize(bytes);
            return this;
        }

        /** SO_RCVBUF of the UDP socket (see {@link ListenerSettings.Builder#udpReceiveBufferSize}). */
        public Builder udpReceiveBufferSize(int bytes) {
            listener.udpReceiveBufferSize(bytes);
            return this;
        }

        /** How long {@link TsServer#close()} waits for replies to drain before it drops connections. */
        public Builder stopTimeout(Duration stopTimeout) {
            server.stopTimeout(stopTimeout);
            return this;
        }

        /**
         * How long {@link TsServer#close()} goes on serving, already not ready, before the
         * lossless stop (see {@link ServerSettings.Builder#drainDelay}); default zero.
         */
        public Builder drainDelay(Duration drainDelay) {
            server.drainDelay(drainDelay);
            return this;
        }

        /** Replaces the protocol's handler (see {@link ListenerSettings.Builder#handler}). */
        public Builder handler(IoHandler handler) {
            listener.handler(handler);
            return this;
        }

        /** Where codec names are looked up; by default the built-ins plus ServiceLoader plug-ins. */
        public Builder codecRegistry(CodecRegistry codecRegistry) {
            server.codecRegistry(codecRegistry);
            return this;
        }

        /** Where protocol names are looked up; by default the built-ins plus ServiceLoader plug-ins. */
        public Builder protocolRegistry(ProtocolRegistry protocolRegistry) {
            server.protocolRegistry(protocolRegistry);
            return this;
        }

        /**
         * Counts every read per peer, before the codec, for {@link TsServer#reads()} (the
         * boundary experiment). Off by default: the normal path pays nothing for it.
         */
        public Builder countReads(boolean countReads) {
            server.countReads(countReads);
            return this;
        }

        /** All edge settings of the shorthand listener (and the defaults of {@link #listen(String)}) at once. */
        public Builder edge(EdgeSettings edge) {
            listener.edge(edge);
            return this;
        }

        /** Who may connect, over TCP and UDP (default: everyone). */
        public Builder accessPolicy(AccessPolicy accessPolicy) {
            listener.accessPolicy(accessPolicy);
            return this;
        }

        /** Open TCP connections one source address may hold; 0 for no limit (the default). */
        public Builder maxConnectionsPerSource(int maxConnectionsPerSource) {
            listener.maxConnectionsPerSource(maxConnectionsPerSource);
            return this;
        }

        /** UDP datagrams answered per second per source address; 0 for no limit (the default). */
        public Builder udpRatePerSource(int udpRatePerSource) {
            listener.udpRatePerSource(udpRatePerSource);
            return this;
        }

        /**
         * TLS (certificate chain, key, optional client CA); null for plain TCP. The shorthand's
         * TCP listener becomes a TLS one (SPEC: {@code --tls-cert}/{@code --tls-key} turn the
         * command line's TCP listener into a TLS listener); a {@code tls://} endpoint given to
         * {@link #listen(String)} takes these files unless it names its own.
         */
        public Builder tls(TlsSettings tls) {
            listener.tls(tls);
            return this;
        }

        /** Whether TCP connections start with a PROXY protocol header, and from whom it is believed. */
        public Builder proxyProtocol(ProxyProtocolSettings proxyProtocol) {
            listener.proxyProtocol(proxyProtocol);
            return this;
        }

        /**
         * Adds a listener. Once one is added, the server binds exactly the listeners added (in
         * order), not the shorthand's host, port and transport.
         */
        public Builder listen(ListenerSettings listenerSettings) {
            explicit.add(Objects.requireNonNull(listenerSettings, "listenerSettings"));
            return this;
        }

        /**
         * Adds a listener from an endpoint {@code SCHEME://HOST:PORT[?KEY=VALUE...]}; keys it does
         * not name take the shorthand's values as they are when {@link #build()} runs.
         */
        public Builder listen(String endpoint) {
            explicit.add(Objects.requireNonNull(endpoint, "endpoint"));
            return this;
        }

        /**
         * @throws InvalidSettingException naming the first bad value
         * @throws dev.tsserver.codec.spi.UnknownCodecException for an unknown codec
         */
        public TsServerConfig build() {
            ServerSettings serverSettings = server.build();
            ListenerSettings defaults = listener.build();
            List<ListenerSettings> listeners = new ArrayList<>(explicit.size());
            for (Object o : explicit) {
                listeners.add(o instanceof String endpoint ? ListenerSettings.parse(endpoint, defaults)
                        : (ListenerSettings) o);
            }
            return new TsServerConfig(serverSettings, defaults, transport, listeners);
        }

        /**
         * Builds the configuration and starts a server on it.
         *
         * @throws ServerStartException when a listener cannot be bound; nothing stays bound then
         */
        public TsServer start() throws ServerStartException {
            return TsServer.start(build());
        }
    }
}
