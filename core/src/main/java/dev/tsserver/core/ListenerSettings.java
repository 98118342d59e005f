package dev.tsserver.core;

import java.time.DateTimeException;
import java.time.Duration;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

import dev.tsserver.codec.CodecSettings;
import dev.tsserver.core.edge.AccessPolicy;
import dev.tsserver.core.edge.Cidr;
import dev.tsserver.core.edge.EdgeSettings;
import dev.tsserver.core.edge.ProxyProtocolSettings;
import dev.tsserver.core.edge.TlsSettings;
import dev.tsserver.core.protocol.ProtocolProvider;
import dev.tsserver.core.time.TimestampFormat;
import org.apache.mina.core.service.IoHandler;

/**
 * What one listener binds and serves: its scheme and address, its protocol, its codec and the
 * codec's options, its timestamp style and its limits. Immutable; made only by {@link Builder},
 * which checks every value and names the bad one in an {@link InvalidSettingException}.
 *
 * <p>The settings shared by every listener of a process (threads, stop timeout, registries) are
 * in {@link ServerSettings}.
 */
public final class ListenerSettings {

    /** The {@code --listen} keys this version understands (long option names without dashes). */
    public static final Set<String> KEYS = Set.of("protocol", "codec", "max-frame", "length-prefix",
            "time-format", "zone", "idle-timeout", "max-connections", "proxy-protocol", "proxy-trusted", "allow",
            "deny", "max-connections-per-source", "udp-rate-per-source", "tls-cert", "tls-key", "tls-client-ca");

    private final Scheme scheme;
    private final String host;
    private final int port;
    private final String protocol;
    private final ProtocolProvider protocolProvider;
    private final String codec;
    private final CodecSettings codecSettings;
    private final TimestampFormat timeFormat;
    private final ZoneId zone;
    private final Duration idleTimeout;
    private final int maxConnections;
    private final int backlog;
    private final boolean tcpNoDelay;
    private final int writeHighWaterMark;
    private final int writeLowWaterMark;
    private final Duration writeTimeout;
    private final IoHandler handler;
    private final int udpReceiveBufferSize;
    private final Duration frameTimeout;
    private final int tcpSendBufferSize;
    private final EdgeSettings edge;

    private ListenerSettings(Builder b, EdgeSettings edge) {
        scheme = b.scheme;
        host = b.host;
        port = b.port;
        protocol = b.protocolProvider != null ? b.protocolProvider.name() : b.protocol;
        protocolProvider = b.protocolProvider;
        codec = b.codec;
        codecSettings = new CodecSettings(b.maxFrame, b.lengthPrefix);
        timeFormat = b.timeFormat;
        zone = b.zone;
        idleTimeout = b.idleTimeout;
        maxConnections = b.maxConnections;
        backlog = b.backlog;
        tcpNoDelay = b.tcpNoDelay;
        writeHighWaterMark = b.writeHighWaterMark;
        writeLowWaterMark = b.writeLowWaterMark;
        writeTimeout = b.writeTimeout;
        handler = b.handler;
        udpReceiveBufferSize = b.udpReceiveBufferSize;
        frameTimeout = b.frameTimeout;
        tcpSendBufferSize = b.tcpSendBufferSize;
        this.edge = edge;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding every value of this listener: the way to derive a listener from defaults. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /**
     * Parses {@code SCHEME://HOST:PORT[?KEY=VALUE[&KEY=VALUE]...]} (SPEC "Several listeners").
     * Keys the endpoint does not name keep the values of {@code defaults}.
     *
     * @throws InvalidSettingException naming the scheme, host, port or key that is wrong
     */
    public static ListenerSettings parse(String endpoint, ListenerSettings defaults) {
        return EndpointParser.parse(endpoint, defaults);
    }

    public Scheme scheme() {
        return scheme;
    }

    public String host() {
        return host;
    }

    public int port() {
        return port;
    }

    /** The protocol's name ({@code ts}, {@code echo}, ... or a plug-in's). */
    public String protocol() {
        return protocol;
    }

    /** A provider given as an instance rather than by name; empty when looked up by name. */
    public Optional<ProtocolProvider> protocolProvider() {
        return Optional.ofNullable(protocolProvider);
    }

    public String codec() {
        return codec;
    }

    public CodecSettings codecSettings() {
        return codecSettings;
    }

    public TimestampFormat timeFormat() {
        return timeFormat;
    }

    public ZoneId zone() {
        return zone;
    }

    public Duration idleTimeout() {
        return idleTimeout;
    }

    public int maxConnections() {
        return maxConnections;
    }

    public int backlog() {
        return backlog;
    }

    public boolean tcpNoDelay() {
        return tcpNoDelay;
    }

    public int writeHighWaterMark() {
        return writeHighWaterMark;
    }

    public int writeLowWaterMark() {
        return writeLowWaterMark;
    }

    public Duration writeTimeout() {
        return writeTimeout;
    }

    /**
     * A partial frame must be completed within this time or its connection is closed
     * ({@link Duration#ZERO}: no limit); see {@link dev.tsserver.core.chain.FrameDeadlineFilter}.
     */
    public Duration frameTimeout() {
        return frameTimeout;
    }

    /**
     * SO_SNDBUF asked for each accepted TCP connection, in bytes; 0 leaves it to the kernel's
     * autotuning. See {@link Builder#tcpSendBufferSize}.
     */
    public int tcpSendBufferSize() {
        return tcpSendBufferSize;
    }

    /** SO_RCVBUF asked for a UDP listener's socket, in bytes; 0 keeps the system default. */
    public int udpReceiveBufferSize() {
        return udpReceiveBufferSize;
    }

    /**
     * The listener's edge: access policy, per-source limits, PROXY protocol and TLS files. The
     * TLS files are kept whatever the scheme (they are the defaults a {@code tls://} endpoint
     * inherits); only a {@link Scheme#TLS} listener uses them, see {@link #tls()}.
     */
    public EdgeSettings edge() {
        return edge;
    }

    /** The certificate, key and client CA this listener serves TLS with; empty unless its scheme is {@code tls}. */
    public Optional<TlsSettings> tls() {
        return scheme == Scheme.TLS ? Optional.ofNullable(edge.tls()) : Optional.empty();
    }

    /** A MINA handler that replaces the protocol's, for embedding; empty normally. */
    public Optional<IoHandler> customHandler() {
        return Optional.ofNullable(handler);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ListenerSettings other && scheme == other.scheme && host.equals(other.host)
                && port == other.port && protocol.equals(other.protocol)
                && Objects.equals(protocolProvider, other.protocolProvider) && codec.equals(other.codec)
                && codecSettings.equals(other.codecSettings) && timeFormat == other.timeFormat
                && zone.equals(other.zone) && idleTimeout.equals(other.idleTimeout)
                && maxConnections == other.maxConnections && backlog == other.backlog
                && tcpNoDelay == other.tcpNoDelay && writeHighWaterMark == other.writeHighWaterMark
                && writeLowWaterMark == other.writeLowWaterMark && writeTimeout.equals(other.writeTimeout)
                && Objects.equals(handler, other.handler) && udpReceiveBufferSize == other.udpReceiveBufferSize
                && frameTimeout.equals(other.frameTimeout) && tcpSendBufferSize == other.tcpSendBufferSize
                && edge.equals(other.edge);
    }

    @Override
    public int hashCode() {
        return Objects.hash(scheme, host, port, protocol, codec, codecSettings, timeFormat, zone);
    }

    @Override
    public String toString() {
        return scheme.uriName() + "://" + (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port
                + " protocol=" + protocol + " codec=" + codec;
    }

    /** Builds {@link ListenerSettings}; every value starts at the SPEC's default. */
    public static final class Builder {
        private Scheme scheme = Scheme.TCP;
        private String host = TsServerConfig.DEFAULT_HOST;
        private int port = TsServerConfig.DEFAULT_PORT;
        private String protocol = "ts";
        private ProtocolProvider protocolProvider;
        private String codec = "line";
        private int maxFrame = CodecSettings.DEFAULT_MAX_FRAME;
        private int lengthPrefix = CodecSettings.DEFAULT_LENGTH_PREFIX;
        private TimestampFormat timeFormat = TimestampFormat.CTIME;
        private ZoneId zone = ZoneId.systemDefault();
        private Duration idleTimeout = TsServerConfig.DEFAULT_IDLE_TIMEOUT;
        private int maxConnections = TsServerConfig.DEFAULT_MAX_CONNECTIONS;
        private int backlog = dev.tsserver.core.internal.ListenBacklog.defaultBacklog();
        private boolean tcpNoDelay = true;
        private int writeHighWaterMark = 256 * 1024;
        private int writeLowWaterMark = 64 * 1024;
        private Duration writeTimeout = Duration.ofSeconds(60);
        private IoHandler handler;
        private int udpReceiveBufferSize;
        private Duration frameTimeout = TsServerConfig.DEFAULT_FRAME_TIMEOUT;
        private int tcpSendBufferSize = TsServerConfig.DEFAULT_TCP_SEND_BUFFER;
        private List<Cidr> allow = List.of();
        private List<Cidr> deny = List.of();
        private int maxConnectionsPerSource;
        private int udpRatePerSource;
        private ProxyProtocolSettings proxyProtocol = ProxyProtocolSettings.OFF;
        // TLS is kept as its parts so that a --listen key can replace one file of a pair.
        private Path tlsCert;
        private Path tlsKey;
        private Path tlsClientCa;
        private Duration tlsHandshakeTimeout = TlsSettings.DEFAULT_HANDSHAKE_TIMEOUT;

        private Builder() {
        }

        private Builder(ListenerSettings s) {
            scheme = s.scheme;
            host = s.host;
            port = s.port;
            protocol = s.protocol;
            protocolProvider = s.protocolProvider;
            codec = s.codec;
            maxFrame = s.codecSettings.maxFrame();
            lengthPrefix = s.codecSettings.lengthPrefix();
            timeFormat = s.timeFormat;
            zone = s.zone;
            idleTimeout = s.idleTimeout;
            maxConnections = s.maxConnections;
            backlog = s.backlog;
            tcpNoDelay = s.tcpNoDelay;
            writeHighWaterMark = s.writeHighWaterMark;
            writeLowWaterMark = s.writeLowWaterMark;
            writeTimeout = s.writeTimeout;
            handler = s.handler;
            udpReceiveBufferSize = s.udpReceiveBufferSize;
            frameTimeout = s.frameTimeout;
            tcpSendBufferSize = s.tcpSendBufferSize;
            edge(s.edge);
        }

        public Builder scheme(Scheme scheme) {
            this.scheme = scheme;
            return this;
        }

        /** Address to bind: a name or literal; {@code 0.0.0.0} or {@code ::} for all interfaces. */
        public Builder host(String host) {
            this.host = host;
            return this;
        }

        /** 0..65535; 0 takes a free port. */
        public Builder port(int port) {
            this.port = port;
            return this;
        }

        /** A protocol by name, looked up in the server's protocol registry. */
        public Builder protocol(String protocol) {
            this.protocol = protocol;
            this.protocolProvider = null;
            return this;
        }

        /** A protocol given as an instance (need not be registered). */
        public Builder protocol(ProtocolProvider provider) {
            this.protocolProvider = Objects.requireNonNull(provider, "provider");
            this.protocol = provider.name();
            return this;
        }

        /** A codec name known to the registry: {@code line}, {@code length}, {@code raw} or a plug-in. */
        public Builder codec(String codec) {
            this.codec = codec;
            return this;
        }

        public Builder maxFrame(int maxFrame) {
            this.maxFrame = maxFrame;
            return this;
        }

        public Builder lengthPrefix(int lengthPrefix) {
            this.lengthPrefix = lengthPrefix;
            return this;
        }

        public Builder timeFormat(TimestampFormat timeFormat) {
            this.timeFormat = timeFormat;
            return this;
        }

        public Builder zone(ZoneId zone) {
            this.zone = zone;
            return this;
        }

        /** Close a TCP connection with no traffic for this long; {@link Duration#ZERO}: never. */
        public Builder idleTimeout(Duration idleTimeout) {
            this.idleTimeout = idleTimeout;
            return this;
        }

        public Builder maxConnections(int maxConnections) {
            this.maxConnections = maxConnections;
            return this;
        }

        public Builder backlog(int backlog) {
            this.backlog = backlog;
            return this;
        }

        public Builder tcpNoDelay(boolean tcpNoDelay) {
            this.tcpNoDelay = tcpNoDelay;
            return this;
        }

        /**
         * Per-connection bound on replies queued for a peer that does not read: past {@code high}
         * bytes the server stops reading from that peer, below {@code low} it reads again.
         */
        public Builder writeWaterMarks(int low, int high) {
            this.writeLowWaterMark = low;
            this.writeHighWaterMark = high;
            return this;
        }

        /** Close a connection whose queued replies make no progress for this long. */
        public Builder writeTimeout(Duration writeTimeout) {
            this.writeTimeout = writeTimeout;
            return this;
        }

        /**
         * A partial frame must be completed within this time or the connection is closed
         * (default 30 s; {@link Duration#ZERO}: no limit). Defeats a slowloris, whose trickle
         * of bytes keeps resetting the idle timer.
         */
        public Builder frameTimeout(Duration frameTimeout) {
            this.frameTimeout = frameTimeout;
            return this;
        }

        /**
         * Asks the kernel for this send buffer (SO_SNDBUF) on every accepted TCP connection, in
         * bytes (default {@value TsServerConfig#DEFAULT_TCP_SEND_BUFFER}); 0 leaves it to the
         * kernel's autotuning. Why a cap: a peer that does not read still absorbs replies until
         * its socket's send buffer is full, and Linux grows that buffer up to 4 MiB; every byte
         * it absorbs is a reply the server had to produce, while the peer looks like a fast
         * reader. Capped, a non-reading peer is recognised (its replies queue up) after a few
         * tens of KiB, and the server stops spending CPU on it. Linux doubles the value asked
         * for (its bookkeeping) and enforces a small minimum. TLS listeners get it too.
         */
        public Builder tcpSendBufferSize(int bytes) {
            this.tcpSendBufferSize = bytes;
            return this;
        }

        /**
         * Asks the kernel for this UDP socket receive buffer (SO_RCVBUF), in bytes; 0 (the
         * default) keeps the system's. Datagrams that arrive while it is full are dropped by the
         * kernel, so a small one makes UDP's lack of delivery guarantee visible (the reliability
         * experiment). The kernel clamps the request (Linux: between a small minimum and
         * {@code net.core.rmem_max}, then doubles it); {@link TsServer#udpReceiveBufferSize()}
         * reports what it granted. Ignored by TCP listeners.
         */
        public Builder udpReceiveBufferSize(int bytes) {
            this.udpReceiveBufferSize = bytes;
            return this;
        }

        /** Every edge setting at once (access, per-source limits, PROXY protocol, TLS files). */
        public Builder edge(EdgeSettings edge) {
            accessPolicy(edge.access());
            maxConnectionsPerSource = edge.maxConnectionsPerSource();
            udpRatePerSource = edge.udpRatePerSource();
            proxyProtocol = edge.proxyProtocol();
            return tls(edge.tls());
        }

        /** Who may connect (default: everyone). */
        public Builder accessPolicy(AccessPolicy access) {
            allow = access.allow();
            deny = access.deny();
            return this;
        }

        /** Open TCP connections one source address may hold; 0 for no limit (the default). */
        public Builder maxConnectionsPerSource(int n) {
            this.maxConnectionsPerSource = n;
            return this;
        }

        /** UDP datagrams answered per second per source address; 0 for no limit (the default). */
        public Builder udpRatePerSource(int n) {
            this.udpRatePerSource = n;
            return this;
        }

        /** Whether connections start with a PROXY protocol header, and from whom it is believed. */
        public Builder proxyProtocol(ProxyProtocolSettings proxyProtocol) {
            this.proxyProtocol = Objects.requireNonNull(proxyProtocol, "proxyProtocol");
            return this;
        }

        /**
         * The certificate chain, key and optional client CA a {@code tls} listener serves with;
         * null clears them. Setting them does not change the scheme.
         */
        public Builder tls(TlsSettings tls) {
            tlsCert = tls == null ? null : tls.certificateChain();
            tlsKey = tls == null ? null : tls.privateKey();
            tlsClientCa = tls == null ? null : tls.clientCa();
            tlsHandshakeTimeout = tls == null ? TlsSettings.DEFAULT_HANDSHAKE_TIMEOUT : tls.handshakeTimeout();
            return this;
        }

        /** True when a certificate and key are set: what turns the shorthand's TCP listener into a TLS one. */
        boolean hasTls() {
            return tlsCert != null && tlsKey != null;
        }

        /**
         * Replaces the protocol's handler with a MINA handler of the embedding application. It
         * receives {@code byte[]} payloads on TCP (from the codec) and UDP (one per datagram) and
         * may write {@code byte[]} or {@link dev.tsserver.codec.EncodablePayload}. Null: the
         * protocol's own handler.
         */
        public Builder handler(IoHandler handler) {
            this.handler = handler;
            return this;
        }

        /**
         * Sets one value from its text, as a command line or a {@code --listen} key gives it.
         *
         * @param key a name from {@link #KEYS}
         * @throws InvalidSettingException naming the key when the key or the value is bad
         */
        public Builder set(String key, String value) {
            switch (key) {
                case "protocol" -> protocol(nonEmpty(key, value));
                case "codec" -> codec(nonEmpty(key, value));
                case "max-frame" -> maxFrame(integer(key, value));
                case "length-prefix" -> lengthPrefix(integer(key, value));
                case "time-format" -> timeFormat(timeFormatOf(value));
                case "zone" -> zone(zoneOf(value));
                case "idle-timeout" -> idleTimeout(Duration.ofSeconds(seconds(key, value)));
                case "max-connections" -> maxConnections(integer(key, value));
                case "allow" -> allow = cidrs(key, value);
                case "deny" -> deny = cidrs(key, value);
                case "max-connections-per-source" -> maxConnectionsPerSource(integer(key, value));
                case "udp-rate-per-source" -> udpRatePerSource(integer(key, value));
                case "proxy-protocol" -> proxyProtocol = new ProxyProtocolSettings(proxyModeOf(value),
                        proxyProtocol.trusted(), proxyProtocol.headerTimeout());
                case "proxy-trusted" -> proxyProtocol = proxyProtocol.withTrusted(cidrs(key, value));
                case "tls-cert" -> tlsCert = Path.of(nonEmpty(key, value));
                case "tls-key" -> tlsKey = Path.of(nonEmpty(key, value));
                case "tls-client-ca" -> tlsClientCa = Path.of(nonEmpty(key, value));
                default -> {
                    throw new InvalidSettingException(key, "unknown key '" + key + "' (known: "
                            + String.join(", ", new java.util.TreeSet<>(KEYS)) + ")");
                }
            }
            return this;
        }

        /** {@code ctime}, {@code iso} or {@code epoch}, any case. */
        public static TimestampFormat timeFormatOf(String value) {
            try {
                return TimestampFormat.valueOf(value.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new InvalidSettingException("time-format", "expected ctime, iso or epoch, got '" + value + "'");
            }
        }

        /** A region or offset id such as {@code UTC} or {@code Asia/Shanghai}. */
        public static ZoneId zoneOf(String value) {
            try {
                return ZoneId.of(value);
            } catch (DateTimeException e) {
                throw new InvalidSettingException("zone", "unknown time zone '" + value + "'");
            }
        }

        private static List<Cidr> cidrs(String key, String value) {
            try {
                return Cidr.parseList(nonEmpty(key, value));
            } catch (IllegalArgumentException e) {
                throw new InvalidSettingException(key, e.getMessage());
            }
        }

        private static ProxyProtocolSettings.Mode proxyModeOf(String value) {
            try {
                return ProxyProtocolSettings.Mode.parse(value);
            } catch (IllegalArgumentException e) {
                throw new InvalidSettingException("proxy-protocol", e.getMessage());
            }
        }

        private static String nonEmpty(String key, String value) {
            if (value.isEmpty()) {
                throw new InvalidSettingException(key, "key '" + key + "' needs a value");
            }
            return value;
        }

        private static int integer(String key, String value) {
            try {
                return Integer.parseInt(value);
            } catch (NumberFormatException e) {
                throw new InvalidSettingException(key, "'" + value + "' is not a whole number");
            }
        }

        private static long seconds(String key, String value) {
            long seconds;
            try {
                seconds = Long.parseLong(value);
            } catch (NumberFormatException e) {
                throw new InvalidSettingException(key, "'" + value + "' is not a whole number of seconds");
            }
            if (seconds < 0 || seconds > Integer.MAX_VALUE) {
                throw new InvalidSettingException(key, "must be 0.." + Integer.MAX_VALUE + " seconds, was " + seconds);
            }
            return seconds;
        }

        /**
         * Checks every value and builds.
         *
         * @throws InvalidSettingException naming the first bad value
         */
        public ListenerSettings build() {
            require(scheme != null, "scheme", "a scheme (tcp or udp) is needed");
            require(host != null && !host.isEmpty(), "host", "a host is needed");
            require(port >= 0 && port <= 65_535, "port", port + " is outside 0..65535");
            require(protocol != null && !protocol.isEmpty(), "protocol", "a protocol is needed");
            require(codec != null && !codec.isEmpty(), "codec", "a codec is needed");
            require(maxFrame >= 1, "max-frame", "must be at least 1 byte, was " + maxFrame);
            require(lengthPrefix == 1 || lengthPrefix == 2 || lengthPrefix == 4, "length-prefix",
                    "must be 1, 2 or 4, was " + lengthPrefix);
            require(timeFormat != null, "time-format", "a time format is needed");
            require(zone != null, "zone", "a time zone is needed");
            require(idleTimeout != null, "idle-timeout", "an idle timeout is needed");
            require(!idleTimeout.isNegative() && idleTimeout.toSeconds() <= Integer.MAX_VALUE, "idle-timeout",
                    "must be 0.." + Integer.MAX_VALUE + " seconds, was " + idleTimeout.toSeconds());
            require(maxConnections >= 1, "max-connections", "must be at least 1, was " + maxConnections);
            require(backlog >= 1, "backlog", "must be at least 1, was " + backlog);
            require(writeLowWaterMark >= 0 && writeHighWaterMark > writeLowWaterMark, "write-water-marks",
                    "write water marks must satisfy 0 <= low < high, were low=" + writeLowWaterMark
                            + " high=" + writeHighWaterMark);
            require(writeTimeout != null && !writeTimeout.isNegative(), "write-timeout",
                    "timeouts must not be negative");
            require(frameTimeout != null && !frameTimeout.isNegative()
                    && frameTimeout.toSeconds() <= Integer.MAX_VALUE, "frame-timeout",
                    "must be 0.." + Integer.MAX_VALUE + " seconds, was " + frameTimeout);
            require(tcpSendBufferSize >= 0, "send-buffer",
                    "must be 0 (kernel autotuning) or more bytes, was " + tcpSendBufferSize);
            require(udpReceiveBufferSize >= 0, "udp-receive-buffer",
                    "must be 0 (system default) or more bytes, was " + udpReceiveBufferSize);
            return new ListenerSettings(this, edgeSettings());
        }

        private EdgeSettings edgeSettings() {
            require(maxConnectionsPerSource >= 0, "max-connections-per-source",
                    "must be 0 (no limit) or more, was " + maxConnectionsPerSource);
            require(udpRatePerSource >= 0, "udp-rate-per-source",
                    "must be 0 (no limit) or more datagrams per second, was " + udpRatePerSource);
            require(tlsKey != null || tlsCert == null, "tls-key", "tls-cert needs tls-key too");
            require(tlsCert != null || tlsKey == null, "tls-cert", "tls-key needs tls-cert too");
            require(tlsClientCa == null || tlsCert != null, "tls-client-ca", "tls-client-ca needs tls-cert and tls-key");
            require(scheme != Scheme.TLS || tlsCert != null, "tls-cert",
                    "a tls:// listener needs tls-cert and tls-key (as keys or as --tls-cert/--tls-key)");
            TlsSettings tls = tlsCert == null ? null
                    : new TlsSettings(tlsCert, tlsKey, tlsClientCa, tlsHandshakeTimeout);
            return new EdgeSettings(new AccessPolicy(allow, deny), maxConnectionsPerSource, udpRatePerSource,
                    proxyProtocol, tls);
        }

        private static void require(boolean ok, String setting, String message) {
            if (!ok) {
                throw new InvalidSettingException(setting, message);
            }
        }
    }
}
