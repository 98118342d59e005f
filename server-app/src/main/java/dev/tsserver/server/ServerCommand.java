package dev.tsserver.server;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

import dev.tsserver.codec.spi.CodecRegistry;
import dev.tsserver.codec.spi.UnknownCodecException;
import dev.tsserver.core.InvalidSettingException;
import dev.tsserver.core.Listener;
import dev.tsserver.core.ListenerSettings;
import dev.tsserver.core.Scheme;
import dev.tsserver.core.ServerStartException;
import dev.tsserver.core.Transport;
import dev.tsserver.core.TsServer;
import dev.tsserver.core.TsServerConfig;
import dev.tsserver.core.edge.EdgeSettings;
import dev.tsserver.core.protocol.ProtocolRegistry;
import dev.tsserver.core.time.TimestampFormat;
import dev.tsserver.metrics.AdminServer;
import dev.tsserver.server.ops.Operations;
import dev.tsserver.server.ops.OperationsOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code tsserver [OPTIONS]}: the SPEC's server command line. */
@Command(name = "tsserver", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        sortOptions = false, usageHelpAutoWidth = true,
        description = "Timestamp server: answers every message with [TIMESTAMP] message.",
        footer = {"", "ENDPOINT: tcp|udp://HOST:PORT[?KEY=VALUE[&KEY=VALUE]...]",
                "  KEY: protocol, codec, max-frame, length-prefix, time-format, zone,",
                "  idle-timeout, max-connections; a key not named takes the option's value.",
                "  e.g. --listen 'tcp://127.0.0.1:7?protocol=echo'",
                "       --listen 'udp://[::1]:13?protocol=daytime'",
                "", "Exit codes: 0 stopped cleanly, 1 cannot run (bind failed), 2 bad command line."})
public final class ServerCommand implements Callable<Integer> {

    private static final Logger LOG = LoggerFactory.getLogger(ServerCommand.class);
    /** An hour: longer than any balancer needs to notice, and a typo like 60000 fails loudly. */
    private static final long MAX_DRAIN_DELAY_SECONDS = 3600;

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

    @Option(names = "--max-queued-reply-bytes", paramLabel = "BYTES",
            description = "Budget for replies queued on all connections together, bookkeeping included; "
                    + "once spent, only connections with nothing queued are read (default: 256 MiB, "
                    + "or a quarter of the heap if less).")
    Long maxQueuedReplyBytes;

    @Option(names = "--frame-timeout", paramLabel = "SECONDS", defaultValue = "30",
            description = "Close a connection whose partial frame is not completed within this time "
                    + "(slowloris); 0 = no limit (default: ${DEFAULT-VALUE}).")
    long frameTimeoutSeconds;

    @Option(names = "--drain-delay", paramLabel = "SECONDS", defaultValue = "0",
            description = "On SIGINT/SIGTERM, report not ready (/health/ready 503) but keep accepting and serving "
                    + "this long, so a load balancer takes the server out first; then stop losslessly "
                    + "(default: ${DEFAULT-VALUE}).")
    long drainDelaySeconds;

    @Option(names = "--send-buffer", paramLabel = "BYTES", defaultValue = "" + TsServerConfig.DEFAULT_TCP_SEND_BUFFER,
            description = "SO_SNDBUF of each TCP connection: bounds the replies a peer that does not read "
                    + "absorbs in the kernel; 0 = kernel autotuning (default: ${DEFAULT-VALUE}).")
    int sendBufferBytes;

    @Option(names = "--protocol", paramLabel = "NAME",
            description = "Protocol: ts, echo, discard, daytime, time or a plug-in (default: ts).")
    String protocol;

    @Option(names = "--listen", paramLabel = "ENDPOINT",
            description = "Listen on this endpoint (repeatable; see below). With --listen, --host, --port and "
                    + "--transport are not used for binding.")
    List<String> listen = new ArrayList<>();

    @Option(names = "--list", description = "Print the codecs and protocols available, one per line, and exit.")
    boolean list;

    /** --admin, --config, --print-config, --log-format, --log-level. */
    @Mixin
    OperationsOptions operations = new OperationsOptions();
    @CommandLine.Mixin
    EdgeOptions edge = new EdgeOptions();

    private final ServerLifecycle lifecycle;
    private final CodecRegistry codecs;
    private final ProtocolRegistry protocols;

    ServerCommand(ServerLifecycle lifecycle, CodecRegistry codecs, ProtocolRegistry protocols) {
        this.lifecycle = lifecycle;
        this.codecs = codecs;
        this.protocols = protocols;
    }

    /** The configured picocli command line, with the SPEC's exit codes and one-line errors. */
    public static CommandLine newCommandLine(ServerLifecycle lifecycle) {
        return newCommandLine(lifecycle, CodecRegistry.discover(), ProtocolRegistry.discover());
    }

    static CommandLine newCommandLine(ServerLifecycle lifecycle, CodecRegistry codecs, ProtocolRegistry protocols) {
        CommandLine commandLine = new CommandLine(new ServerCommand(lifecycle, codecs, protocols));
        commandLine.setCaseInsensitiveEnumValuesAllowed(true);
        commandLine.setParameterExceptionHandler(CliErrors::onBadCommandLine);
        commandLine.setExecutionExceptionHandler(CliErrors::onFailure);
        Operations.install(commandLine, System.getenv());
        return commandLine;
    }

    @Override
    public Integer call() throws Exception {
        if (list) {
            printList(spec.commandLine().getOut());
            return 0;
        }
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
        // Part 1's plain ready line unless a Part 2 option was used (SPEC: "with none of the
        // options below, the server behaves exactly as Part 1 says").
        boolean part2 = !listen.isEmpty() || protocol != null || server.hasTls();
        for (Listener listener : server.listeners()) {
            out.println(part2 ? listener.readyLine() : "listening on " + listener.endpoint());
        }
        out.flush();
        for (Listener listener : server.listeners()) {
            ListenerSettings settings = listener.settings();
            LOG.info("{}: protocol {}{} (max frame {} bytes), time format {}, zone {}", listener.endpoint(),
                    listener.protocol(), listener.scheme().isStream() ? ", codec " + settings.codec() : "",
                    settings.codecSettings().maxFrame(), settings.timeFormat().name().toLowerCase(Locale.ROOT),
                    settings.zone());
            EdgeSettings edge = settings.edge();
            if (!edge.access().isOpen() || edge.proxyProtocol().enabled() || edge.maxConnectionsPerSource() > 0
                    || (listener.scheme() == Scheme.UDP && edge.udpRatePerSource() > 0)) {
                // Who a listener lets in differs per listener: say it once, where the operator looks first.
                LOG.info("{}: {}, PROXY protocol {}, max connections per source {}{}", listener.endpoint(),
                        edge.access(), edge.proxyProtocol().mode().name().toLowerCase(Locale.ROOT),
                        edge.maxConnectionsPerSource(),
                        listener.scheme() == Scheme.UDP ? ", UDP rate per source " + edge.udpRatePerSource() : "");
            }
        }
        LOG.info("workers {}, I/O threads {}", config.workers(), config.ioThreads());
        AdminServer admin;
        try {
            admin = operations.startAdmin(server, out);
        } catch (java.io.IOException e) {
            server.close();
            spec.commandLine().getErr().println("tsserver: " + e.getMessage());
            spec.commandLine().getErr().flush();
            return 1;
        }
        ReloadSignal.onHangup(server);
        try {
            lifecycle.runUntilStopped(server);
        } finally {
            server.close();
            if (admin != null) {
                admin.close();
            }
        }
        return 0;
    }

    /** Codec names, then protocol names, one per line (SPEC: {@code --list}). */
    private void printList(PrintWriter out) {
        for (String name : codecs.names()) {
            out.println(name);
        }
        for (String name : protocols.names()) {
            out.println(name);
        }
        out.flush();
    }

    /**
     * The configuration from the options. The values are checked by the configuration types
     * themselves; their {@link InvalidSettingException} names the setting, which becomes the
     * option (or the {@code --listen} key) in the exit-2 message.
     */
    private TsServerConfig toConfig() {
        TsServerConfig.Builder builder = TsServerConfig.builder()
                .host(host)
                .port(port)
                .transport(transport)
                .codec(codec)
                .maxFrame(maxFrame)
                .lengthPrefix(lengthPrefix)
                .timeFormat(timeFormat)
                .workers(workers)
                .maxConnections(maxConnections)
                .codecRegistry(codecs)
                .protocolRegistry(protocols);
        if (protocol != null) {
            builder.protocol(protocol);
        }
        if (ioThreads != null) {
            builder.ioThreads(ioThreads);
        }
        if (maxQueuedReplyBytes != null) {
            builder.maxQueuedReplyBytes(maxQueuedReplyBytes);
        }
        // The edge options are the shorthand listener's values and so every --listen endpoint's defaults.
        edge.applyTo(builder, spec.commandLine());
        TsServerConfig shorthand;
        try {
            if (frameTimeoutSeconds < 0 || frameTimeoutSeconds > Integer.MAX_VALUE) {
                throw new InvalidSettingException("frame-timeout",
                        "must be 0.." + Integer.MAX_VALUE + " seconds, was " + frameTimeoutSeconds);
            }
            builder.frameTimeout(Duration.ofSeconds(frameTimeoutSeconds));
            if (drainDelaySeconds > MAX_DRAIN_DELAY_SECONDS) {
                throw new InvalidSettingException("drain-delay",
                        "must be 0.." + MAX_DRAIN_DELAY_SECONDS + " seconds, was " + drainDelaySeconds);
            }
            builder.drainDelay(Duration.ofSeconds(drainDelaySeconds));
            builder.tcpSendBufferSize(sendBufferBytes);
            builder.idleTimeout(Duration.ofSeconds(idleTimeoutSeconds));
            if (zone != null) {
                builder.zone(ListenerSettings.Builder.zoneOf(zone));
            }
            shorthand = builder.build();
        } catch (InvalidSettingException e) {
            throw bad("--" + e.setting(), e.getMessage());
        } catch (UnknownCodecException e) {
            throw bad("--codec", e.getMessage());
        }
        if (listen.isEmpty()) {
            return shorthand;
        }
        for (String endpoint : listen) {
            ListenerSettings listener;
            try {
                listener = ListenerSettings.parse(endpoint, shorthand.defaults());
                shorthand.server().check(listener);
            } catch (InvalidSettingException e) {
                throw bad("--listen", endpoint + ": " + e.getMessage());
            } catch (UnknownCodecException e) {
                throw bad("--listen", endpoint + ": " + e.getMessage());
            }
            builder.listen(listener);
        }
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
                return ListenerSettings.Builder.timeFormatOf(value);
            } catch (InvalidSettingException e) {
                throw new CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }
}
