package dev.tsserver.client.bench;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Objects;

/**
 * One benchmark run, validated. Exactly one of {@code duration} and {@code count} bounds the
 * measured part; {@code rate} 0 means closed loop (each connection keeps {@code pipeline}
 * requests outstanding), otherwise {@code rate} messages per second in total, round robin over
 * the connections, with latency measured from when each message was due.
 *
 * @param count measured messages in total, or 0 when {@code duration} bounds the run
 */
record BenchSettings(
        InetSocketAddress server,
        boolean udp,
        String codec,
        int lengthPrefix,
        int connections,
        int pipeline,
        int size,
        Duration duration,
        long count,
        long rate,
        Duration warmup,
        int threads,
        Duration timeout) {

    /** Largest UDP payload over IPv4, less room for the reply's timestamp prefix. */
    static final int MAX_UDP_SIZE = 65_507 - Framing.MAX_REPLY_OVERHEAD;

    BenchSettings {
        Objects.requireNonNull(server, "server");
        Objects.requireNonNull(codec, "codec");
        Objects.requireNonNull(warmup, "warmup");
        Objects.requireNonNull(timeout, "timeout");
        require(connections >= 1, "--connections must be at least 1, was " + connections);
        require(pipeline >= 1, "--pipeline must be at least 1, was " + pipeline);
        require(size >= 0, "--size must be 0 or more, was " + size);
        require(!udp || size <= MAX_UDP_SIZE, "--size must be at most " + MAX_UDP_SIZE + " over UDP, was " + size);
        require(udp || !codec.equals("raw") || size >= 1, "--size must be at least 1 with --codec raw");
        require(udp || !codec.equals("raw") || pipeline == 1,
                "--pipeline must be 1 with --codec raw: without framing, replies to pipelined requests run together");
        require((duration == null) != (count == 0), "give either --duration or --count");
        require(duration == null || !duration.isNegative() && !duration.isZero(), "--duration must be positive");
        require(count >= 0, "--count must be positive, was " + count);
        require(rate >= 0, "--rate must be 0 (unlimited) or more, was " + rate);
        require(!warmup.isNegative(), "--warmup must be 0 or more");
        require(threads >= 1, "--threads must be at least 1, was " + threads);
        require(!timeout.isNegative() && !timeout.isZero(), "--timeout must be positive");
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }

    Framing framing() {
        return udp ? new Framing.Raw(size) : Framing.forCodec(codec, size, lengthPrefix);
    }

    BenchSettings withServer(InetSocketAddress resolved) {
        return new BenchSettings(resolved, udp, codec, lengthPrefix, connections, pipeline, size, duration, count, rate,
                warmup, threads, timeout);
    }

    /** Worker threads actually used: never more than connections. */
    int workers() {
        return Math.min(threads, connections);
    }

    boolean countMode() {
        return count > 0;
    }
}
