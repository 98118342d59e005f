package dev.tsserver.client.reliability;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.Callable;

import dev.tsserver.client.ClientCommand;
import dev.tsserver.client.ClientOptions;
import dev.tsserver.client.experiment.ExperimentCommands;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code tsclient reliability}: the other half of the boundary lesson. A burst of numbered
 * messages, sent faster than the server drains them, over UDP (into a server whose receive
 * buffer is small: the kernel drops what does not fit) and over TCP (flow control holds the
 * sender back: nothing is lost). Counts what the server read, what came back, duplicates and
 * order, next to the kernel's own drop counter. See docs/boundaries.md.
 */
@Command(name = "reliability", sortOptions = false, usageHelpAutoWidth = true,
        description = {"The reliability experiment: a burst faster than the server drains, over UDP (losses)"
                + " and TCP (none).",
                "With no --host/--port it embeds a server per transport on a free loopback port, the UDP one"
                        + " with a small receive buffer; otherwise it sends to the named server (which must run"
                        + " --transport both --codec line). Both transports always run: --transport is not"
                        + " used."},
        footer = {"", "Exit codes: 0 the experiment ran (whatever it found), 1 it could not run,"
                + " 2 bad command line.", "What the figures mean: docs/boundaries.md"})
public final class ReliabilityCommand implements Callable<Integer> {

    private static final Logger LOG = LoggerFactory.getLogger(ReliabilityCommand.class);
    static final int MAX_COUNT = 100_000;
    /** A datagram that fits one Ethernet frame: the experiment is about buffers, not fragments. */
    static final int MAX_SIZE = 1400;
    static final int MAX_RECEIVE_BUFFER = 64 * 1024 * 1024;
    /** The burst is bounded in time too: each transport gets at most this long. */
    static final double MAX_TIMEOUT_SECONDS = 60;
    static final long MAX_TCP_PAUSE_MILLIS = 10_000;

    @Spec
    CommandSpec spec;

    @ParentCommand
    ClientCommand root;

    @Option(names = {"-n", "--count"}, paramLabel = "N", defaultValue = "5000",
            description = "Messages in the burst, per transport (default: ${DEFAULT-VALUE}).")
    int count;

    @Option(names = "--size", paramLabel = "BYTES", defaultValue = "64",
            description = "Size of each message, " + BurstMessages.MIN_SIZE + ".." + MAX_SIZE
                    + " (default: ${DEFAULT-VALUE}).")
    int size;

    @Option(names = "--udp-receive-buffer", paramLabel = "BYTES", defaultValue = "2048",
            description = "SO_RCVBUF asked for the embedded server's UDP socket; the kernel adjusts it (Linux"
                    + " doubles it, with a floor) and the output shows what it granted (default: ${DEFAULT-VALUE}).")
    int udpReceiveBuffer;

    @Option(names = "--tcp-pause", paramLabel = "MILLIS", defaultValue = "500",
            description = "The embedded TCP server leaves the connection unread this long, so its buffer fills"
                    + " and flow control holds the sender back; 0: no pause (default: ${DEFAULT-VALUE}).")
    long tcpPauseMillis;

    @Option(names = "--json", description = "Print the figures as JSON instead of a table.")
    boolean json;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
    boolean help;

    @Override
    public Integer call() {
        ReliabilityExperiment.Settings settings = settings(root.options());
        PrintWriter out = spec.commandLine().getOut();
        ReliabilityExperiment.Result result;
        try {
            result = new ReliabilityExperiment(settings, KernelCounters.linux()).run();
        } catch (ReliabilityExperiment.CannotRun e) {
            LOG.debug("reliability could not run", e);
            return ExperimentCommands.cannotRun(spec, e.getMessage());
        }
        if (json) {
            ReliabilityReport.printJson(out, result);
        } else {
            ReliabilityReport.printTable(out, result);
        }
        if (result.udp().tally().replies() == 0 && result.tcp().tally().replies() == 0) {
            String why = result.tcp().error() != null ? result.tcp().error() : result.udp().error();
            return ExperimentCommands.cannotRun(spec, why != null ? why : "no reply over either transport");
        }
        return 0;
    }

    private ReliabilityExperiment.Settings settings(ClientOptions options) {
        if (count < 1 || count > MAX_COUNT) {
            throw bad("--count", "must be 1.." + MAX_COUNT + ", was " + count);
        }
        if (size < BurstMessages.MIN_SIZE || size > MAX_SIZE) {
            throw bad("--size", "must be " + BurstMessages.MIN_SIZE + ".." + MAX_SIZE + " bytes, was " + size);
        }
        if (udpReceiveBuffer < 1 || udpReceiveBuffer > MAX_RECEIVE_BUFFER) {
            throw bad("--udp-receive-buffer", "must be 1.." + MAX_RECEIVE_BUFFER + " bytes, was " + udpReceiveBuffer);
        }
        if (tcpPauseMillis < 0 || tcpPauseMillis > MAX_TCP_PAUSE_MILLIS) {
            throw bad("--tcp-pause", "must be 0.." + MAX_TCP_PAUSE_MILLIS + " ms, was " + tcpPauseMillis);
        }
        if (options.timeoutSeconds > MAX_TIMEOUT_SECONDS) {
            throw bad("--timeout", "reliability waits at most " + (int) MAX_TIMEOUT_SECONDS + " seconds per transport,"
                    + " was " + options.timeoutSeconds);
        }
        Duration timeout = Duration.ofMillis(Math.max(1, Math.round(options.timeoutSeconds * 1000)));
        if (!options.serverGiven() && tcpPauseMillis >= timeout.toMillis()) {
            throw bad("--tcp-pause", "must be shorter than --timeout (" + timeout.toMillis() + " ms), or the TCP"
                    + " burst would time out while the server is paused; was " + tcpPauseMillis);
        }
        ReliabilityExperiment.External external = null;
        if (options.serverGiven()) {
            if (options.port() < 1) {
                throw bad("--port", "must be 1..65535 to reach a server, was " + options.port());
            }
            if (!"line".equals(options.codec)) {
                throw bad("--codec", "reliability frames its TCP messages as lines; run the server with --codec"
                        + " line, was " + options.codec);
            }
            external = new ReliabilityExperiment.External(options.host(), options.port());
        }
        return new ReliabilityExperiment.Settings(count, size, udpReceiveBuffer, tcpPauseMillis, timeout, external);
    }

    private ParameterException bad(String option, String why) {
        return ExperimentCommands.badValue(spec, option, why);
    }
}
