package dev.tsserver.server;

import java.io.PrintWriter;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Locale;
import java.util.concurrent.Callable;

import dev.tsserver.codec.spi.CodecRegistry;
import dev.tsserver.core.ServerStartException;
import dev.tsserver.core.Transport;
import dev.tsserver.core.TsServer;
import dev.tsserver.core.TsServerConfig;
import dev.tsserver.core.time.TimestampFormat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code tsserver [OPTIONS]}: the SPEC's server command line. */
@Command(name = "tsserver", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        sortOptions = false, usageHelpAutoWidth = true,
        description = "Timestamp server: answers every message with [TIMESTAMP] message.",
        footer = {"", "Exit codes: 0 stopped cleanly, 1 cannot run (bind failed), 2 bad command line."})
public final class ServerCommand implements Callable<Integer> {

    private static final Logger LOG = LoggerFactory.getLogger(ServerCommand.class);

    @Spec
    CommandSpec spec;

    @Option(names = "--host", paramLabel = "ADDR", defaultValue = TsServerConfig.DEFAULT_HOST,
            description = "Address to bind; 0.0.0.0 or :: for all interfaces (default: ${DEFAULT-VALUE}).")
    String host;

    @Option(names = {"-p", "--port"}, paramLabel = "N", defaultValue = "" + TsServerConfig.DEFAULT_PORT,
            description = "Port 0..65535; 0 takes a free port (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--transport", paramLabel = "tcp|udp|both", defaultValue = "tcp",
            converter = TransportConverter.class,
            description = "Sockets to bind; both = TCP and UDP on one port (default: ${DEFAULT-VALUE}).")
    Transport transport;

    @Option(names = "--codec", paramLabel = "NAME", defaultValue = "line",
            description = "TCP framing: line, length, raw or a plug-in (default: ${DEFAULT-VALUE}).")
    String codec;

    @Option(names = "--max-frame", paramLabel = "BYTES", defaultValue = "65536",
            description = "Largest payload accepted (default: ${DEFAULT-VALUE}).")
    int maxFrame;

    @Option(names = "--length-prefix", paramLabel = "1|2|4", defaultValue = "4",
            description = "Size of the length field of the length codec (default: ${DEFAULT-VALUE}).")
    int lengthPrefix;

    @Option(names = "--time-format", paramLabel = "ctime|iso|epoch", defaultValue = "ctime",
            converter = TimeFormatConverter.class,
            description = "Timestamp style (default: ${DEFAULT-VALUE}).")
    TimestampFormat timeFormat;

    @Option(names = "--zone", paramLabel = "ZONE",
            description = "Time zone of the timestamp, e.g. UTC or Asia/Shanghai (default: system).")
    String zone;

    @Option(names = "--workers", paramLabel = "N", defaultValue = "" + TsServerConfig.DEFAULT_WORKERS,
            description = "Executor filter threads; 0 = no executor, handlers run on I/O threads "
                    + "(default: ${DEFAULT-VALUE}, measured fastest for the non-blocking timestamp handler).")
    int workers;

    @Option(names = "--io-threads", paramLabel = "N",
            description = "NIO processor threads (default: number of CPUs).")
    Integer ioThreads;

    @Option(names = "--idle-timeout", paramLabel = "SECONDS", defaultValue = "300",
            description = "Close a TCP connection idle that long; 0 = never (default: ${DEFAULT-VALUE}).")
    long idleTimeoutSeconds;

    @Option(names = "--max-connections", paramLabel = "N", defaultValue = "" + TsServerConfig.DEFAULT_MAX_CONNECTIONS,
            description = "Further TCP connections are closed at once and logged (default: ${DEFAULT-VALUE}).")
    int maxConnections;

    @CommandLine.Mixin
    EdgeOptions edge = new EdgeOptions();

    private final ServerLifecycle lifecycle;
    private final CodecRegistry codecs;

    ServerCommand(ServerLifecycle lifecycle, CodecRegistry codecs) {
        this.lifecycle = lifecycle;
        this.codecs = codecs;
    }

    /** The configured picocli command line, with the SPEC's exit codes and one-line errors. */
    public static CommandLine newCommandLine(ServerLifecycle lifecycle) {
        return newCommandLine(lifecycle, CodecRegistry.discover());
    }

    static CommandLine newCommandLine(ServerLifecycle lifecycle, CodecRegistry codecs) {
        CommandLine commandLine = new CommandLine(new ServerCommand(lifecycle, codecs));
        commandLine.setCaseInsensitiveEnumValuesAllowed(true);
        commandLine.setParameterExceptionHandler(CliErrors::onBadCommandLine);
        commandLine.setExecutionExceptionHandler(CliErrors::onFailure);
        return commandLine;
    }

    @Override
    public Integer call() throws Exception {
        TsServerConfig config = toConfig();
        TsServer server;
        try {
            server = TsServer.start(config);
        } catch (ServerStartException e) {
            LOG.debug("start failed", e);
            spec.commandLine().getErr().println("tsserver: " + e.getMessage());
            spec.commandLine().getErr().flush();
            return 1;
        }
        PrintWriter out = spec.commandLine().getOut();
        for (String endpoint : server.endpoints()) {
            out.println("listening on " + endpoint);
        }
        out.flush();
        ReloadSignal.onHangup(server);
        LOG.info("codec {} (max frame {} bytes), time format {}, zone {}, workers {}", config.codec(),
                config.codecSettings().maxFrame(), config.timeFormat().name().toLowerCase(Locale.ROOT),
                config.zone(), config.workers());
        try {
            lifecycle.runUntilStopped(server);
        } finally {
            server.close();
        }
        return 0;
    }

    private TsServerConfig toConfig() {
        if (port < 0 || port > 65_535) {
            throw bad("--port", port + " is outside 0..65535");
        }
        if (maxFrame < 1) {
            throw bad("--max-frame", "must be at least 1 byte, was " + maxFrame);
        }
        if (lengthPrefix != 1 && lengthPrefix != 2 && lengthPrefix != 4) {
            throw bad("--length-prefix", "must be 1, 2 or 4, was " + lengthPrefix);
        }
        if (codecs.find(codec).isEmpty()) {
            throw bad("--codec", "unknown codec '" + codec + "' (known: " + String.join(", ", codecs.names()) + ")");
        }
        if (workers < 0) {
            throw bad("--workers", "must be 0 or more, was " + workers);
        }
        if (ioThreads != null && ioThreads < 1) {
            throw bad("--io-threads", "must be at least 1, was " + ioThreads);
        }
        if (idleTimeoutSeconds < 0 || idleTimeoutSeconds > Integer.MAX_VALUE) {
            throw bad("--idle-timeout", "must be 0.." + Integer.MAX_VALUE + " seconds, was " + idleTimeoutSeconds);
        }
        if (maxConnections < 1) {
            throw bad("--max-connections", "must be at least 1, was " + maxConnections);
        }
        ZoneId zoneId;
        try {
            zoneId = zone == null ? ZoneId.systemDefault() : ZoneId.of(zone);
        } catch (DateTimeException e) {
            throw bad("--zone", "unknown time zone '" + zone + "'");
        }
        TsServerConfig.Builder builder = TsServerConfig.builder()
                .host(host)
                .port(port)
                .transport(transport)
                .codec(codec)
                .maxFrame(maxFrame)
                .lengthPrefix(lengthPrefix)
                .timeFormat(timeFormat)
                .zone(zoneId)
                .workers(workers)
                .idleTimeout(Duration.ofSeconds(idleTimeoutSeconds))
                .maxConnections(maxConnections)
                .codecRegistry(codecs);
        if (ioThreads != null) {
            builder.ioThreads(ioThreads);
        }
        edge.applyTo(builder, spec.commandLine());
        return builder.build();
    }

    private ParameterException bad(String option, String why) {
        return new ParameterException(spec.commandLine(), "Invalid value for option '" + option + "': " + why);
    }

    static final class TransportConverter implements CommandLine.ITypeConverter<Transport> {
        @Override
        public Transport convert(String value) {
            try {
                return Transport.valueOf(value.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException("expected tcp, udp or both, got '" + value + "'");
            }
        }
    }

    static final class TimeFormatConverter implements CommandLine.ITypeConverter<TimestampFormat> {
        @Override
        public TimestampFormat convert(String value) {
            try {
                return TimestampFormat.valueOf(value.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException("expected ctime, iso or epoch, got '" + value + "'");
            }
        }
    }
}
