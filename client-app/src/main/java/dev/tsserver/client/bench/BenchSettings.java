package dev.tsserver.client.bench;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import dev.tsserver.client.connection.ReplyProtocol;
import dev.tsserver.client.tls.ClientTls;
import dev.tsserver.codec.wire.WireFraming;

/**
 * One benchmark run, validated. Exactly one of {@code duration} and {@code count} bounds the
 * measured part; {@code rate} 0 means closed loop (each connection keeps {@code pipeline}
 * requests outstanding), otherwise {@code rate} messages per second in total, round robin over
 * the connections, with latency measured from when each message was due.
 *
 * @param servers   the server's addresses, tried in order until one accepts
 * @param codec     the codec's name, for the report
 * @param wire      the codec's wire rules (ignored over UDP)
 * @param count     measured messages in total, or 0 when {@code duration} bounds the run
 * @param reconnect connect again and resend what was unanswered when a TCP connection ends
 * @param tls       TLS on every connection (the handshake before the measured part), or empty
 * @param host      the server's name as the user wrote it: what its TLS certificate must name
 */
record BenchSettings(
        List<InetSocketAddress> servers,
        boolean udp,
        String codec,
        WireFraming wire,
        ReplyProtocol protocol,
        int connections,
        int pipeline,
        int size,
        Duration duration,
        long count,
        long rate,
        Duration warmup,
        int threads,
        Duration timeout,
        boolean reconnect,
        Optional<ClientTls> tls,
        String host) {

    /** Largest UDP payload over IPv4. */
    static final int MAX_DATAGRAM = 65_507;

    BenchSettings {
        servers = List.copyOf(servers);
        require(!servers.isEmpty(), "no server address");
        Objects.requireNonNull(codec, "codec");
        Objects.requireNonNull(wire, "wire");
        Objects.requireNonNull(protocol, "protocol");
        Objects.requireNonNull(warmup, "warmup");
        Objects.requireNonNull(timeout, "timeout");
        Objects.requireNonNull(tls, "tls");
        Objects.requireNonNull(host, "host");
        require(!udp || tls.isEmpty(), "--tls needs --transport tcp");
        require(connections >= 1, "--connections must be at least 1, was " + connections);
        require(pipeline >= 1, "--pipeline must be at least 1, was " + pipeline);
        require(size >= 0, "--size must be 0 or more, was " + size);
        int maxUdpSize = MAX_DATAGRAM - protocol.maxOverhead();
        require(!udp || size <= maxUdpSize, "--size must be at most " + maxUdpSize + " over UDP, was " + size);
        require(udp || wire.delimitsMessages() || size >= 1, "--size must be at least 1 with --codec " + codec);
        require(udp || wire.delimitsMessages() || pipeline == 1, "--pipeline must be 1 with --codec " + codec
                + ": without framing, replies to pipelined requests run together");
        require((duration == null) != (count == 0), "give either --duration or --count");
        require(duration == null || !duration.isNegative() && !duration.isZero(), "--duration must be positive");
        require(count >= 0, "--count must be positive, was " + count);
        require(rate >= 0, "--rate must be 0 (unlimited) or more, was " + rate);
        require(!warmup.isNegative(), "--warmup must be 0 or more");
        require(threads >= 1, "--threads must be at least 1, was " + threads);
        require(!timeout.isNegative() && !timeout.isZero(), "--timeout must be positive");
        if (!udp) {
            new ReplyFramer(wire, protocol, size); // a reply that cannot be framed is a bad command line
        }
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }

    /** The first address: what the report names. */
    InetSocketAddress server() {
        return servers.get(0);
    }

    ReplyFramer framer() {
        return udp ? ReplyFramer.datagrams(protocol, size) : new ReplyFramer(wire, protocol, size);
    }

    BenchSettings withServers(List<InetSocketAddress> resolved) {
        return new BenchSettings(resolved, udp, codec, wire, protocol, connections, pipeline, size, duration, count,
                rate, warmup, threads, timeout, reconnect, tls, host);
    }

    /** Worker threads actually used: never more than connections. */
    int workers() {
        return Math.min(threads, connections);
    }

    boolean countMode() {
        return count > 0;
    }
}
