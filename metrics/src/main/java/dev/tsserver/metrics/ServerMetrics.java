package dev.tsserver.metrics;

import java.util.function.Consumer;
import java.util.function.ToDoubleFunction;

import dev.tsserver.core.ServerCounters;
import dev.tsserver.core.ServerCounters.ListenerCounters;
import dev.tsserver.core.ServerStats.DatagramDropReason;
import dev.tsserver.core.ServerStats.ProtocolErrorKind;
import dev.tsserver.core.ServerStats.RefusalReason;
import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.instrumentation.jvm.JvmBufferPoolMetrics;
import io.prometheus.metrics.instrumentation.jvm.JvmClassLoadingMetrics;
import io.prometheus.metrics.instrumentation.jvm.JvmCompilationMetrics;
import io.prometheus.metrics.instrumentation.jvm.JvmGarbageCollectorMetrics;
import io.prometheus.metrics.instrumentation.jvm.JvmMemoryMetrics;
import io.prometheus.metrics.instrumentation.jvm.JvmNativeMemoryMetrics;
import io.prometheus.metrics.instrumentation.jvm.JvmRuntimeInfoMetric;
import io.prometheus.metrics.instrumentation.jvm.JvmThreadsMetrics;
import io.prometheus.metrics.instrumentation.jvm.ProcessMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

/**
 * Binds a server's counters ({@link ServerCounters}, what {@code TsServer.stats()} returns) to a Prometheus registry. Every metric is a callback
 * read when Prometheus scrapes: the server's I/O threads only ever touch their own
 * {@code LongAdder}s, never the metrics library. Labels take values from fixed sets (reasons,
 * kinds, and each listener's endpoint as configured and bound, e.g. {@code tcp://127.0.0.1:21567}),
 * never from clients.
 */
public final class ServerMetrics {

    private ServerMetrics() {
    }

    /** A registry with the server's metrics and the JVM's (memory, GC, threads, process). */
    public static PrometheusRegistry newRegistry(ServerCounters stats) {
        PrometheusRegistry registry = new PrometheusRegistry();
        register(registry, stats);
        registerJvm(registry);
        return registry;
    }

    /**
     * The JVM's metrics: all of {@code JvmMetrics} but the per-pool allocation counters, which
     * subscribe to every garbage collection's JMX notification; with a listener the JVM builds a
     * notification (composite data, a map per pool) after each young collection, hundreds a
     * second under pipelined load. Leaving them out took {@code --admin} from 0.91x to 0.94x of
     * line-50c throughput (docs/perf/issue-7-10-merge); heap use per pool is still exported.
     */
    static void registerJvm(PrometheusRegistry registry) {
        JvmThreadsMetrics.builder().register(registry);
        JvmBufferPoolMetrics.builder().register(registry);
        JvmClassLoadingMetrics.builder().register(registry);
        JvmCompilationMetrics.builder().register(registry);
        JvmGarbageCollectorMetrics.builder().register(registry);
        JvmMemoryMetrics.builder().register(registry);
        JvmNativeMemoryMetrics.builder().register(registry);
        JvmRuntimeInfoMetric.builder().register(registry);
        ProcessMetrics.builder().register(registry);
    }

    /** Registers the {@code tsserver_*} metrics of {@code stats} in {@code registry}. */
    public static void register(PrometheusRegistry registry, ServerCounters stats) {
        gauge(registry, "tsserver_connections_active", "TCP connections open now.",
                s -> s.openConnections(), stats);
        counter(registry, "tsserver_connections_accepted_total",
                "TCP connections accepted from the listening sockets, including those then refused.",
                ServerCounters::connectionsAccepted, stats);
        CounterWithCallback.builder()
                .name("tsserver_connections_refused_total")
                .help("TCP connections closed at once, before any reply, by reason.")
                .labelNames("reason")
                .callback(each(RefusalReason.values(), r -> stats.connectionsRefused(r), RefusalReason::label))
                .register(registry);
        CounterWithCallback.builder()
                .name("tsserver_messages_received_total")
                .help("Messages (decoded frames, datagrams) handed to the protocol handler, by listener.")
                .labelNames("listener")
                .callback(perListener(stats, ListenerCounters::messagesReceived))
                .register(registry);
        CounterWithCallback.builder()
                .name("tsserver_replies_sent_total")
                .help("Replies written to clients (error notices such as a line too long included), by listener.")
                .labelNames("listener")
                .callback(perListener(stats, ListenerCounters::repliesSent))
                .register(registry);
        counter(registry, "tsserver_bytes_received_total", "Bytes read from client sockets (TCP and UDP).",
                ServerCounters::bytesReceived, stats);
        counter(registry, "tsserver_bytes_sent_total", "Bytes written to client sockets (TCP and UDP), counted as queued for the socket.",
                ServerCounters::bytesSent, stats);
        CounterWithCallback.builder()
                .name("tsserver_protocol_errors_total")
                .help("Framing errors, by kind.")
                .labelNames("kind")
                .callback(each(ProtocolErrorKind.values(), k -> stats.protocolErrors(k), ProtocolErrorKind::label))
                .register(registry);
        CounterWithCallback.builder()
                .name("tsserver_udp_dropped_total")
                .help("UDP datagrams dropped unanswered, by reason.")
                .labelNames("reason")
                .callback(each(DatagramDropReason.values(), r -> stats.datagramsDropped(r), DatagramDropReason::label))
                .register(registry);
        counter(registry, "tsserver_tls_handshake_failures_total",
                "TLS handshakes that failed or did not finish in time.", ServerCounters::tlsHandshakeFailures, stats);
        counter(registry, "tsserver_proxy_header_failures_total",
                "PROXY protocol headers missing, malformed, too long or from an untrusted peer.",
                ServerCounters::proxyHeaderFailures, stats);
        gauge(registry, "tsserver_queued_reply_bytes",
                "Bytes charged to the reply memory budget (--max-queued-reply-bytes): replies queued and not yet written, their bookkeeping, input held back.", s -> s.queuedReplyBytes(), stats);
        gauge(registry, "tsserver_connections_read_suspended",
                "Open connections the server is not reading from (reply memory bound reached or a stop under way).",
                s -> s.readSuspendedConnections(), stats);
        gauge(registry, "tsserver_draining", "1 once a stop has begun (not ready), else 0.",
                s -> s.isDraining() ? 1 : 0, stats);
    }

    private static void counter(PrometheusRegistry registry, String name, String help,
                                ToDoubleFunction<ServerCounters> value, ServerCounters stats) {
        CounterWithCallback.builder().name(name).help(help)
                .callback(callback -> callback.call(value.applyAsDouble(stats)))
                .register(registry);
    }

    private static void gauge(PrometheusRegistry registry, String name, String help,
                              ToDoubleFunction<ServerCounters> value, ServerCounters stats) {
        GaugeWithCallback.builder().name(name).help(help)
                .callback(callback -> callback.call(value.applyAsDouble(stats)))
                .register(registry);
    }

    /** One series per enum constant, zero included, so every reason is visible before it happens. */
    private static <E> Consumer<CounterWithCallback.Callback> each(E[] values, ToDoubleFunction<E> count,
                                                                  java.util.function.Function<E, String> label) {
        return callback -> {
            for (E value : values) {
                callback.call(count.applyAsDouble(value), label.apply(value));
            }
        };
    }

    private static Consumer<CounterWithCallback.Callback> perListener(ServerCounters stats,
                                                                      ToDoubleFunction<ListenerCounters> count) {
        return callback -> stats.listeners().forEach((name, listener) ->
                callback.call(count.applyAsDouble(listener), name));
    }
}
