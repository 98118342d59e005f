package dev.tsserver.core;

import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Objects;
import java.util.Optional;

import dev.tsserver.codec.CodecSettings;
import dev.tsserver.codec.spi.CodecRegistry;
import dev.tsserver.core.edge.AccessPolicy;
import dev.tsserver.core.edge.EdgeSettings;
import dev.tsserver.core.edge.ProxyProtocolSettings;
import dev.tsserver.core.edge.TlsSettings;
import dev.tsserver.core.time.TimestampFormat;
import org.apache.mina.core.service.IoHandler;

/**
 * Everything a {@link TsServer} is built from. Immutable; every value is checked when the
 * record is made, so {@link TsServer#start} fails on a bad setting before it binds anything.
 * Build one with {@link #builder()}.
 *
 * @param handler replaces the timestamping handler; it receives {@code byte[]} payloads on TCP
 *                (from the codec) and {@code IoBuffer} datagrams on UDP, and may write
 *                {@code byte[]} or {@link dev.tsserver.codec.EncodablePayload}. Null for the
 *                built-in behaviour.
 */
public record TsServerConfig(
        String host,
        int port,
        Transport transport,
        String codec,
        CodecSettings codecSettings,
        TimestampFormat timeFormat,
        ZoneId zone,
        Clock clock,
        int workers,
        int ioThreads,
        Duration idleTimeout,
        int maxConnections,
        int backlog,
        boolean tcpNoDelay,
        int writeHighWaterMark,
        int writeLowWaterMark,
        Duration writeTimeout,
        Duration stopTimeout,
        IoHandler handler,
        CodecRegistry codecRegistry,
        boolean countReads,
        EdgeSettings edge) {

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

    public TsServerConfig {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(transport, "transport");
        Objects.requireNonNull(codec, "codec");
        Objects.requireNonNull(codecSettings, "codecSettings");
        Objects.requireNonNull(timeFormat, "timeFormat");
        Objects.requireNonNull(zone, "zone");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(idleTimeout, "idleTimeout");
        Objects.requireNonNull(writeTimeout, "writeTimeout");
        Objects.requireNonNull(stopTimeout, "stopTimeout");
        Objects.requireNonNull(codecRegistry, "codecRegistry");
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port must be 0..65535, was " + port);
        }
        if (workers < 0) {
            throw new IllegalArgumentException("workers must be 0 or more, was " + workers);
        }
        if (ioThreads < 1) {
            throw new IllegalArgumentException("I/O threads must be at least 1, was " + ioThreads);
        }
        if (idleTimeout.isNegative()) {
            throw new IllegalArgumentException("idle timeout must be 0 or more, was " + idleTimeout);
        }
        if (idleTimeout.toSeconds() > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("idle timeout too large: " + idleTimeout);
        }
        if (maxConnections < 1) {
            throw new IllegalArgumentException("max connections must be at least 1, was " + maxConnections);
        }
        if (backlog < 1) {
            throw new IllegalArgumentException("backlog must be at least 1, was " + backlog);
        }
        if (writeLowWaterMark < 0 || writeHighWaterMark <= writeLowWaterMark) {
            throw new IllegalArgumentException("write water marks must satisfy 0 <= low < high, were low="
                    + writeLowWaterMark + " high=" + writeHighWaterMark);
        }
        if (writeTimeout.isNegative() || stopTimeout.isNegative()) {
            throw new IllegalArgumentException("timeouts must not be negative");
        }
        Objects.requireNonNull(edge, "edge");
        codecRegistry.get(codec); // unknown codec: fail here, not at bind time
    }

    public Optional<IoHandler> customHandler() {
        return Optional.ofNullable(handler);
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        return new Builder(this);
    }

    /** Builds a {@link TsServerConfig}; every setter has the SPEC's default. */
    public static final class Builder {
        private String host = DEFAULT_HOST;
        private int port = DEFAULT_PORT;
        private Transport transport = Transport.TCP;
        private String codec = "line";
        private int maxFrame = CodecSettings.DEFAULT_MAX_FRAME;
        private int lengthPrefix = CodecSettings.DEFAULT_LENGTH_PREFIX;
        private TimestampFormat timeFormat = TimestampFormat.CTIME;
        private ZoneId zone = ZoneId.systemDefault();
        private Clock clock = Clock.systemUTC();
        private int workers = DEFAULT_WORKERS;
        private int ioThreads = Runtime.getRuntime().availableProcessors();
        private Duration idleTimeout = DEFAULT_IDLE_TIMEOUT;
        private int maxConnections = DEFAULT_MAX_CONNECTIONS;
        private int backlog = 1024;
        private boolean tcpNoDelay = true;
        private int writeHighWaterMark = 256 * 1024;
        private int writeLowWaterMark = 64 * 1024;
        private Duration writeTimeout = Duration.ofSeconds(60);
        private Duration stopTimeout = Duration.ofSeconds(4);
        private IoHandler handler;
        private CodecRegistry codecRegistry;
        private boolean countReads;
        private EdgeSettings edge = EdgeSettings.NONE;

        private Builder() {
        }

        private Builder(TsServerConfig c) {
            host = c.host;
            port = c.port;
            transport = c.transport;
            codec = c.codec;
            maxFrame = c.codecSettings.maxFrame();
            lengthPrefix = c.codecSettings.lengthPrefix();
            timeFormat = c.timeFormat;
            zone = c.zone;
            clock = c.clock;
            workers = c.workers;
            ioThreads = c.ioThreads;
            idleTimeout = c.idleTimeout;
            maxConnections = c.maxConnections;
            backlog = c.backlog;
            tcpNoDelay = c.tcpNoDelay;
            writeHighWaterMark = c.writeHighWaterMark;
            writeLowWaterMark = c.writeLowWaterMark;
            writeTimeout = c.writeTimeout;
            stopTimeout = c.stopTimeout;
            handler = c.handler;
            codecRegistry = c.codecRegistry;
            countReads = c.countReads;
            edge = c.edge;
        }

        /** Address to bind: a name or literal; {@code 0.0.0.0} or {@code ::} for all interfaces. */
        public Builder host(String host) {
            this.host = host;
            return this;
        }

        /** 0..65535; 0 takes a free port (read it back from {@link TsServer#tcpAddress()}). */
        public Builder port(int port) {
            this.port = port;
            return this;
        }

        public Builder transport(Transport transport) {
            this.transport = transport;
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

        /** The clock the timestamps read; tests pass a fixed one. */
        public Builder clock(Clock clock) {
            this.clock = clock;
            return this;
        }

        /** Threads of the executor filter; 0 leaves the executor out (handlers run on I/O threads). */
        public Builder workers(int workers) {
            this.workers = workers;
            return this;
        }

        /** NIO processor threads of the TCP acceptor. */
        public Builder ioThreads(int ioThreads) {
            this.ioThreads = ioThreads;
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

        /** How long {@link TsServer#close()} waits for replies to drain before it drops connections. */
        public Builder stopTimeout(Duration stopTimeout) {
            this.stopTimeout = stopTimeout;
            return this;
        }

        /** Replaces the timestamping handler (see {@link TsServerConfig}). */
        public Builder handler(IoHandler handler) {
            this.handler = handler;
            return this;
        }

        /** Where codec names are looked up; by default the built-ins plus ServiceLoader plug-ins. */
        public Builder codecRegistry(CodecRegistry codecRegistry) {
            this.codecRegistry = codecRegistry;
            return this;
        }

        /**
         * Counts every read per peer, before the codec, for {@link TsServer#reads()} (the
         * boundary experiment). Off by default: the normal path pays nothing for it.
         */
        public Builder countReads(boolean countReads) {
            this.countReads = countReads;
            return this;
        }

        /** All edge settings at once (access, per-source limits, PROXY protocol). */
        public Builder edge(EdgeSettings edge) {
            this.edge = edge;
            return this;
        }

        /** Who may connect, over TCP and UDP (default: everyone). */
        public Builder accessPolicy(AccessPolicy accessPolicy) {
            this.edge = edge.withAccess(accessPolicy);
            return this;
        }

        /** Open TCP connections one source address may hold; 0 for no limit (the default). */
        public Builder maxConnectionsPerSource(int maxConnectionsPerSource) {
            this.edge = edge.withMaxConnectionsPerSource(maxConnectionsPerSource);
            return this;
        }

        /** UDP datagrams answered per second per source address; 0 for no limit (the default). */
        public Builder udpRatePerSource(int udpRatePerSource) {
            this.edge = edge.withUdpRatePerSource(udpRatePerSource);
            return this;
        }

        /** TLS on the TCP transport (certificate chain, key, optional client CA); null for plain TCP. */
        public Builder tls(TlsSettings tls) {
            this.edge = edge.withTls(tls);
            return this;
        }

        /** Whether TCP connections start with a PROXY protocol header, and from whom it is believed. */
        public Builder proxyProtocol(ProxyProtocolSettings proxyProtocol) {
            this.edge = edge.withProxyProtocol(proxyProtocol);
            return this;
        }

        public TsServerConfig build() {
            return new TsServerConfig(host, port, transport, codec, new CodecSettings(maxFrame, lengthPrefix),
                    timeFormat, zone, clock, workers, ioThreads, idleTimeout, maxConnections, backlog, tcpNoDelay,
                    writeHighWaterMark, writeLowWaterMark, writeTimeout, stopTimeout, handler,
                    codecRegistry != null ? codecRegistry : CodecRegistry.discover(), countReads, edge);
        }

        /** Builds the configuration and starts a server on it. */
        public TsServer start() throws java.io.IOException {
            return TsServer.start(build());
        }
    }
}
