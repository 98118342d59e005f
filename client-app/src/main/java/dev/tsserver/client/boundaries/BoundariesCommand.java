package dev.tsserver.client.boundaries;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
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
 * {@code tsclient boundaries}: sends the same messages over TCP with the {@code raw},
 * {@code line} and {@code length} codecs and over UDP, and shows what each did to the message
 * boundaries. See docs/boundaries.md.
 *
 * <p>The shared options ({@code --host}, {@code --codec}, ...) are declared once on the root
 * with picocli's INHERIT scope; whether given before or after {@code boundaries}, they land in
 * the root's {@link ClientOptions}, read here through {@link ParentCommand}.
 */
@Command(name = "boundaries", sortOptions = false, usageHelpAutoWidth = true,
        description = {"The boundary experiment: the same messages over TCP raw, line and length, and UDP.",
                "With no --host/--port it embeds a server per case on a free loopback port; otherwise it runs"
                        + " the cases the named server can (tell it the server's --codec and --transport)."},
        footer = {"", "Exit codes: 0 the experiment ran (whatever it found), 1 it could not run,"
                + " 2 bad command line.", "What the figures mean: docs/boundaries.md"})
public final class BoundariesCommand implements Callable<Integer> {

    private static final Logger LOG = LoggerFactory.getLogger(BoundariesCommand.class);
    static final int MAX_COUNT = 100_000;
    static final int MAX_SMALL_SIZE = 65_536;
    static final int MAX_LARGE_COUNT = 64;
    static final int MAX_LARGE_SIZE = 4 * 1024 * 1024;
    /** Bytes one run may send: the messages are built in memory before the first write. */
    static final long MAX_RUN_BYTES = 64L * 1024 * 1024;

    @Spec
    CommandSpec spec;

    @ParentCommand
    ClientCommand root;

    @Option(names = {"-n", "--count"}, paramLabel = "N", defaultValue = "1000",
            description = "Small messages per case, written back to back (default: ${DEFAULT-VALUE}).")
    int count;

    @Option(names = "--size", paramLabel = "BYTES", split = ",", defaultValue = "40",
            description = "Size of the small messages; several (16,64,700) are used in turn"
                    + " (default: ${DEFAULT-VALUE}).")
    int[] sizes;

    @Option(names = "--large-count", paramLabel = "N", defaultValue = "8",
            description = "Large messages per case, each larger than one read of the server; 0: none"
                    + " (default: ${DEFAULT-VALUE}).")
    int largeCount;

    @Option(names = "--large-size", paramLabel = "BYTES", defaultValue = "262144",
            description = "Size of the large messages (default: ${DEFAULT-VALUE}; UDP uses at most "
                    + BoundaryExperiment.LARGEST_DATAGRAM + ").")
    int largeSize;

    @Option(names = "--json", description = "Print the figures as JSON instead of a table.")
    boolean json;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
    boolean help;

    @Override
    public Integer call() {
        ClientOptions options = root.options();
        BoundaryExperiment.Settings settings = settings(options);
        PrintWriter out = spec.commandLine().getOut();
        List<CaseResult> results;
        try {
            results = new BoundaryExperiment(settings).run();
        } catch (BoundaryExperiment.CannotRun e) {
            LOG.debug("boundaries could not run", e);
            return ExperimentCommands.cannotRun(spec, e.getMessage());
        }
        if (json) {
            BoundaryReport.printJson(out, settings, settings.external() == null, results);
        } else {
            BoundaryReport.printTable(out, heading(settings), results);
        }
        if (results.stream().noneMatch(CaseResult::ran)) {
            String why = results.stream().map(CaseResult::error).filter(e -> e != null).findFirst()
                    .orElse("every case was skipped");
            return ExperimentCommands.cannotRun(spec, why);
        }
        return 0;
    }

    private BoundaryExperiment.Settings settings(ClientOptions options) {
        if (count < 1 || count > MAX_COUNT) {
            throw bad("--count", "must be 1.." + MAX_COUNT + ", was " + count);
        }
        for (int size : sizes) {
            if (size < Workload.MIN_SIZE || size > MAX_SMALL_SIZE) {
                throw bad("--size", "each size must be " + Workload.MIN_SIZE + ".." + MAX_SMALL_SIZE
                        + " bytes, was " + size);
            }
        }
        if (largeCount < 0 || largeCount > MAX_LARGE_COUNT) {
            throw bad("--large-count", "must be 0.." + MAX_LARGE_COUNT + ", was " + largeCount);
        }
        if (largeSize < Workload.MIN_SIZE || largeSize > MAX_LARGE_SIZE) {
            throw bad("--large-size", "must be " + Workload.MIN_SIZE + ".." + MAX_LARGE_SIZE + " bytes, was "
                    + largeSize);
        }
        long smallBytes = (long) count * java.util.Arrays.stream(sizes).max().orElse(0);
        if (smallBytes > MAX_RUN_BYTES) {
            throw bad("--count", count + " messages of up to " + smallBytes / count + " bytes exceed "
                    + Workload.humanBytes(MAX_RUN_BYTES) + " per run");
        }
        if ((long) largeCount * largeSize > MAX_RUN_BYTES) {
            throw bad("--large-count", largeCount + " messages of " + largeSize + " bytes exceed "
                    + Workload.humanBytes(MAX_RUN_BYTES) + " per run");
        }
        if (!(options.timeoutSeconds > 0) || options.timeoutSeconds > 3600) {
            throw bad("--timeout", "must be more than 0 and at most 3600 seconds, was " + options.timeoutSeconds);
        }
        Duration timeout = Duration.ofMillis(Math.round(options.timeoutSeconds * 1000));
        BoundaryExperiment.External external = null;
        if (options.serverGiven()) {
            external = external(options);
        }
        return new BoundaryExperiment.Settings(count, sizes.clone(), largeCount, largeSize, timeout, external);
    }

    private BoundaryExperiment.External external(ClientOptions options) {
        if (options.port() < 1 || options.port() > 65_535) {
            throw bad("--port", "must be 1..65535 to reach a server, was " + options.port());
        }
        String transport = options.transport.toLowerCase(Locale.ROOT);
        if (!List.of("tcp", "udp", "both").contains(transport)) {
            throw bad("--transport", "expected tcp, udp or both, got '" + options.transport + "'");
        }
        String codec = options.codec.toLowerCase(Locale.ROOT);
        if (transport.contains("tcp") && !List.of(BoundaryExperiment.CODECS).contains(codec)) {
            throw bad("--codec", "boundaries knows raw, line and length, got '" + options.codec + "'");
        }
        if (options.lengthPrefix != 1 && options.lengthPrefix != 2 && options.lengthPrefix != 4) {
            throw bad("--length-prefix", "must be 1, 2 or 4, was " + options.lengthPrefix);
        }
        if (options.maxFrame < Workload.MIN_SIZE) {
            throw bad("--max-frame", "must be at least " + Workload.MIN_SIZE + ", was " + options.maxFrame);
        }
        return new BoundaryExperiment.External(options.host(), options.port(), codec, options.lengthPrefix,
                options.maxFrame, transport);
    }

    private static String heading(BoundaryExperiment.Settings s) {
        String where = s.external() == null
                ? "a fresh embedded server per case on 127.0.0.1, free port, read counting on"
                : "the server at " + s.external().host() + ":" + s.external().port() + " (codec "
                        + s.external().codec() + ", transport " + s.external().transport() + ")";
        String large = s.largeCount() == 0 ? "" : " and " + s.largeCount() + " large ones ("
                + Workload.humanBytes(s.largeSize()) + ", UDP at most "
                + Workload.humanBytes(BoundaryExperiment.LARGEST_DATAGRAM) + ")";
        return "Boundary experiment: " + s.count() + " small messages" + large
                + " per case, one write each, against " + where + ".";
    }

    private ParameterException bad(String option, String why) {
        return ExperimentCommands.badValue(spec, option, why);
    }
}
