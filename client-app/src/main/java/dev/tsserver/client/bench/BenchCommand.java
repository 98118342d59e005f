package dev.tsserver.client.bench;

import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;

import dev.tsserver.client.ClientCommand;
import dev.tsserver.client.ClientOptions;
import dev.tsserver.client.tls.ClientTls;
import dev.tsserver.codec.CodecSettings;
import dev.tsserver.codec.wire.RawWireFraming;
import dev.tsserver.codec.wire.WireFraming;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code tsclient bench}: a load generator that checks every reply. The shared options
 * ({@code --host --port --transport --codec --length-prefix --timeout}) come from the root
 * command.
 */
@Command(name = "bench", sortOptions = false,
        description = {"Load generator: throughput and latency percentiles. Every reply is checked "
                + "(--protocol ts: \"[TIMESTAMP] \" and exactly the payload sent; echo: the payload); errors are "
                + "counted and reported. With --reconnect, connections that end are made again and their "
                + "unanswered requests sent again; reconnects, resent requests and the longest gap without "
                + "replies are reported.",
                "Progress goes to stderr once a second, the summary to stdout."},
        footer = {"", "Exit codes: 0 every message answered and every reply valid (after reconnecting, with "
                + "--reconnect), 1 cannot connect or any error (invalid, missing or unexpected reply, connection "
                + "closed), 2 bad command line."})
public final class BenchCommand implements Callable<Integer> {

    @ParentCommand
    ClientCommand parent;

    @Spec
    CommandSpec spec;

    @Option(names = {"-c", "--connections"}, paramLabel = "N", defaultValue = "1",
            description = "Connections (UDP: sockets) (default: ${DEFAULT-VALUE}).")
    int connections;

    @Option(names = {"-w", "--pipeline"}, paramLabel = "N", defaultValue = "1",
            description = "Requests outstanding per connection (default: ${DEFAULT-VALUE}).")
    int pipeline;

    @Option(names = {"-s", "--size"}, paramLabel = "BYTES", defaultValue = "64",
            description = "Payload bytes per message (default: ${DEFAULT-VALUE}).")
    int size;

    @Option(names = {"-d", "--duration"}, paramLabel = "SECONDS",
            description = "Measure for this long (default: 5 unless --count is given).")
    Double durationSeconds;

    @Option(names = {"-n", "--count"}, paramLabel = "N",
            description = "Measure this many messages instead of a duration.")
    Long count;

    @Option(names = {"-R", "--rate"}, paramLabel = "MSGS_PER_S", defaultValue = "0",
            description = "Total messages per second, for latency at a fixed load; latency then counts from when "
                    + "each message was due (coordinated-omission correction). 0: as fast as replies come "
                    + "(default: ${DEFAULT-VALUE}).")
    long rate;

    @Option(names = {"-W", "--warmup"}, paramLabel = "SECONDS", defaultValue = "1",
            description = "Load before measuring starts (default: ${DEFAULT-VALUE}).")
    double warmupSeconds;

    @Option(names = {"-t", "--threads"}, paramLabel = "N", defaultValue = "1",
            description = "Load-generating threads, each with its own selector (default: ${DEFAULT-VALUE}).")
    int threads;

    @Option(names = "--json", description = "Print the summary as one JSON object.")
    boolean json;

    @Override
    public Integer call() throws InterruptedException {
        ClientOptions options = parent.options();
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (options.port() < 0 || options.port() > 65_535) {
            throw bad("--port must be 0..65535, was " + options.port());
        }
        // Check every option before touching the network: a bad command line is exit 2.
        Optional<ClientTls> tls;
        try {
            tls = parent.tlsSettings(spec.commandLine());
        } catch (ClientCommand.TlsSetupException e) {
            err.println("tsclient: " + e.getMessage());
            err.flush();
            return 1;
        }
        BenchSettings settings = settings(options, List.of(InetSocketAddress.createUnresolved(options.host(),
                options.port())), tls);
        try {
            settings = settings.withServers(resolve(options));
        } catch (UnknownHostException e) {
            err.println("tsclient: cannot connect to " + options.host() + ":" + options.port() + ": unknown host");
            err.flush();
            return 1;
        }
        BenchResult result = new BenchRunner(settings, err).run();
        if (result.noConnection() && result.tally().handshakeFailure != null) {
            err.println("tsclient: " + result.tally().handshakeFailure);
            err.flush();
            return 1;
        }
        if (result.noConnection()) {
            String reason = result.tally().connectFailure;
            err.println("tsclient: cannot connect to " + options.host() + ":" + options.port() + ": "
                    + (reason != null ? reason : "no connection"));
            err.flush();
            return 1;
        }
        if (json) {
            BenchReport.json(result, out);
        } else {
            BenchReport.text(result, out);
        }
        return result.errors() == 0 ? 0 : 1;
    }

    private BenchSettings settings(ClientOptions options, List<InetSocketAddress> servers, Optional<ClientTls> tls) {
        String transport = options.transport.toLowerCase(Locale.ROOT);
        if (!transport.equals("tcp") && !transport.equals("udp")) {
            throw bad("--transport must be tcp or udp, was '" + options.transport + "'");
        }
        if (durationSeconds != null && count != null) {
            throw bad("give either --duration or --count, not both");
        }
        boolean udp = transport.equals("udp");
        WireFraming wire = parent.codecs().get(options.codec)
                .wireFraming(new CodecSettings(options.maxFrame, options.lengthPrefix))
                .orElse(null);
        if (wire == null && !udp) {
            throw bad("bench frames bytes itself and codec '" + options.codec + "' does not share its wire rules "
                    + "(FramingCodecProvider.wireFraming)");
        }
        try {
            return new BenchSettings(servers, udp, options.codec,
                    wire != null ? wire : RawWireFraming.instance(), options.protocol,
                    connections, pipeline, size,
                    count != null ? null : seconds("--duration", durationSeconds != null ? durationSeconds : 5),
                    count != null ? positive(count) : 0, rate, seconds("--warmup", warmupSeconds), threads,
                    seconds("--timeout", options.timeoutSeconds), options.reconnect, tls, options.host());
        } catch (IllegalArgumentException e) {
            throw bad(e.getMessage());
        }
    }

    private long positive(long value) {
        if (value < 1) {
            throw bad("--count must be at least 1, was " + value);
        }
        return value;
    }

    private Duration seconds(String option, double seconds) {
        if (Double.isNaN(seconds) || seconds < 0 || seconds > 1e6) {
            throw bad(option + " must be 0 to 1000000 seconds, was " + seconds);
        }
        return Duration.ofNanos(Math.round(seconds * 1e9));
    }

    private ParameterException bad(String message) {
        return new ParameterException(spec.commandLine(), message);
    }

    /**
     * Every address of the server's name, in the resolver's order: each connection tries them in
     * turn until one accepts ({@code localhost} may be {@code ::1} before {@code 127.0.0.1}).
     */
    private static List<InetSocketAddress> resolve(ClientOptions options) throws UnknownHostException {
        List<InetSocketAddress> addresses = new ArrayList<>();
        for (InetAddress address : InetAddress.getAllByName(options.host())) {
            addresses.add(new InetSocketAddress(address, options.port()));
        }
        return addresses;
    }
}
