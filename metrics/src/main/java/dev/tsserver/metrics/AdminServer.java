package dev.tsserver.metrics;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import io.prometheus.metrics.exporter.httpserver.MetricsHandler;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

/**
 * The admin endpoint: HTTP/1.1 on its own address, apart from the protocol listeners.
 * <ul>
 *   <li>{@code GET /metrics}: the registry in the Prometheus text format (OpenMetrics when
 *       the scraper asks for it);</li>
 *   <li>{@code GET /health/live}: 200 while the process runs;</li>
 *   <li>{@code GET /health/ready}: 200 while {@code ready} says so, 503 otherwise.</li>
 * </ul>
 * Runs on the JDK's {@code com.sun.net.httpserver} with two daemon threads, so a slow scraper
 * can never hold up the server's I/O threads, and the endpoint keeps answering while a stop is
 * under way.
 */
public final class AdminServer implements AutoCloseable {

    private static final int THREADS = 2;
    /** Seconds a client may take to send its request (headers included); unbounded by default. */
    static final String MAX_REQUEST_SECONDS = "10";

    static {
        // The JDK's HTTP server reads each request on an executor thread and by default waits
        // for the rest of a half-sent request forever: two clients sending a few bytes and then
        // nothing would hold both threads and blind the monitoring. Bound the wait (and the
        // response's), unless the operator set these properties. They are read once, when the
        // JDK's server is first used in this JVM.
        System.getProperties().putIfAbsent("sun.net.httpserver.maxReqTime", MAX_REQUEST_SECONDS);
        System.getProperties().putIfAbsent("sun.net.httpserver.maxRspTime", "30");
    }

    private final HttpServer http;
    private final ExecutorService executor;

    private AdminServer(HttpServer http, ExecutorService executor) {
        this.http = http;
        this.executor = executor;
    }

    /**
     * Binds {@code address} (port 0 takes a free port) and starts answering.
     *
     * @throws IOException when the address cannot be bound
     */
    public static AdminServer start(InetSocketAddress address, PrometheusRegistry registry, BooleanSupplier ready)
            throws IOException {
        HttpServer http = HttpServer.create(address, 16);
        AtomicInteger count = new AtomicInteger();
        ExecutorService executor = Executors.newFixedThreadPool(THREADS, runnable -> {
            Thread thread = new Thread(runnable, "tsserver-admin-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        http.setExecutor(executor);
        MetricsHandler metrics = new MetricsHandler(registry);
        http.createContext("/", exchange -> route(exchange, metrics, ready));
        http.start();
        return new AdminServer(http, executor);
    }

    /** The bound address, with the real port. */
    public InetSocketAddress address() {
        return http.getAddress();
    }

    private static void route(HttpExchange exchange, HttpHandler metrics, BooleanSupplier ready) throws IOException {
        try (exchange) {
            String method = exchange.getRequestMethod();
            if (!"GET".equals(method) && !"HEAD".equals(method)) {
                exchange.getResponseHeaders().set("Allow", "GET, HEAD");
                respond(exchange, 405, "method not allowed\n");
                return;
            }
            switch (exchange.getRequestURI().getPath()) {
                case "/metrics" -> metrics.handle(exchange);
                case "/health/live" -> respond(exchange, 200, "live\n");
                case "/health/ready" -> {
                    if (ready.getAsBoolean()) {
                        respond(exchange, 200, "ready\n");
                    } else {
                        respond(exchange, 503, "stopping\n");
                    }
                }
                default -> respond(exchange, 404, "not found: try /metrics, /health/live, /health/ready\n");
            }
        }
    }

    private static void respond(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.US_ASCII);
        exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        if ("HEAD".equals(exchange.getRequestMethod())) {
            exchange.sendResponseHeaders(status, -1);
            return;
        }
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    /** Stops answering at once and frees the address. Idempotent. */
    @Override
    public void close() {
        http.stop(0);
        executor.shutdownNow();
    }
}
