package dev.tsserver.server.ops;

import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.Locale;

import dev.tsserver.core.Addresses;
import dev.tsserver.core.TsServer;
import dev.tsserver.metrics.AdminServer;
import dev.tsserver.metrics.ServerMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/**
 * The operations options of {@code tsserver} (a picocli mixin): the admin endpoint, the
 * configuration file, {@code --print-config}, and the log format and level.
 */
public final class OperationsOptions {

    private static final Logger LOG = LoggerFactory.getLogger(OperationsOptions.class);

    @Option(names = "--admin", paramLabel = "HOST:PORT", converter = AdminAddressConverter.class,
            description = "Serve /metrics (Prometheus), /health/live and /health/ready here; "
                    + "port 0 takes a free port (default: off).")
    InetSocketAddress admin;

    @Option(names = "--config", paramLabel = "FILE",
            description = "Read options from this properties file (keys: long option names without dashes, "
                    + "e.g. max-frame=1024; listen.1=..., listen.2=...). Command line, then TSSERVER_* "
                    + "environment variables, then the file, then defaults.")
    Path config;

    @Option(names = "--print-config",
            description = "Print the effective configuration as a properties file and exit.")
    boolean printConfig;

    @Option(names = "--log-format", paramLabel = "text|json", defaultValue = "text",
            converter = LogFormatConverter.class,
            description = "Log lines on stderr as text or as one JSON object per line (default: ${DEFAULT-VALUE}).")
    LogFormat logFormat;

    @Option(names = "--log-level", paramLabel = "LEVEL", defaultValue = "INFO", converter = LogLevelConverter.class,
            description = "TRACE, DEBUG, INFO, WARN, ERROR or OFF; also TSSERVER_LOG_LEVEL (default: ${DEFAULT-VALUE}).")
    String logLevel;

    /** Log line formats. */
    public enum LogFormat { TEXT, JSON }

    /**
     * Starts the admin endpoint if {@code --admin} was given and prints {@code admin on
     * http://HOST:PORT} once it is bound. Readiness is "not ready" from the moment the server's
     * stop begins.
     *
     * @return the running endpoint, or null when {@code --admin} was not given
     * @throws java.io.IOException when its address cannot be bound
     */
    public AdminServer startAdmin(TsServer server, PrintWriter out) throws java.io.IOException {
        if (admin == null) {
            return null;
        }
        AdminServer endpoint;
        try {
            endpoint = AdminServer.start(admin, ServerMetrics.newRegistry(server.stats()),
                    () -> !server.stats().isDraining());
        } catch (java.io.IOException e) {
            throw new java.io.IOException("cannot listen on admin http://" + Addresses.format(admin) + ": "
                    + String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT), e);
        }
        out.println("admin on http://" + Addresses.format(endpoint.address()));
        out.flush();
        LOG.info("admin endpoint on http://{} (/metrics, /health/live, /health/ready)",
                Addresses.format(endpoint.address()));
        return endpoint;
    }

    /** {@code HOST:PORT}, IPv6 as {@code [::1]:PORT}; port 0..65535. */
    static final class AdminAddressConverter implements CommandLine.ITypeConverter<InetSocketAddress> {
        @Override
        public InetSocketAddress convert(String value) {
            int colon = value.lastIndexOf(':');
            if (colon <= 0 || colon == value.length() - 1) {
                throw new CommandLine.TypeConversionException("expected HOST:PORT, got '" + value + "'");
            }
            String host = value.substring(0, colon);
            if (host.startsWith("[") && host.endsWith("]")) {
                host = host.substring(1, host.length() - 1);
            } else if (host.indexOf(':') >= 0) {
                throw new CommandLine.TypeConversionException("write an IPv6 address in brackets, e.g. [::1]:9100; got '"
                        + value + "'");
            }
            int port;
            try {
                port = Integer.parseInt(value.substring(colon + 1));
            } catch (NumberFormatException e) {
                throw new CommandLine.TypeConversionException("port is not a number in '" + value + "'");
            }
            if (port < 0 || port > 65_535) {
                throw new CommandLine.TypeConversionException("port " + port + " is outside 0..65535");
            }
            InetSocketAddress address = new InetSocketAddress(host, port);
            if (address.isUnresolved()) {
                throw new CommandLine.TypeConversionException("cannot resolve host '" + host + "'");
            }
            return address;
        }
    }

    static final class LogFormatConverter implements CommandLine.ITypeConverter<LogFormat> {
        @Override
        public LogFormat convert(String value) {
            try {
                return LogFormat.valueOf(value.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException("expected text or json, got '" + value + "'");
            }
        }
    }

    /**
     * Only real level names: logback reads an unknown name as DEBUG, which is how
     * {@code TSSERVER_LOG_LEVEL=bogus} used to turn on debug logging without a word.
     */
    static final class LogLevelConverter implements CommandLine.ITypeConverter<String> {
        static final java.util.List<String> LEVELS = java.util.List.of("TRACE", "DEBUG", "INFO", "WARN", "ERROR", "OFF");

        @Override
        public String convert(String value) {
            String level = value.trim().toUpperCase(Locale.ROOT);
            if (!LEVELS.contains(level)) {
                throw new CommandLine.TypeConversionException("expected one of " + String.join(", ", LEVELS)
                        + ", got '" + value + "'");
            }
            return level;
        }
    }
}
