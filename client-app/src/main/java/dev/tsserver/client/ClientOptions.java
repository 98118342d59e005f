package dev.tsserver.client;

import java.time.Duration;
import java.util.Locale;

import dev.tsserver.client.connection.ClientTransport;
import dev.tsserver.client.connection.ConnectionSettings;
import dev.tsserver.client.connection.ReplyProtocol;
import dev.tsserver.codec.CodecSettings;
import dev.tsserver.codec.spi.CodecRegistry;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.TypeConversionException;

/**
 * The options every client command shares (SPEC: "Shared options"). Declared once on the root
 * command with {@code scope = INHERIT}: picocli copies them into every subcommand bound to this
 * same instance, so {@code tsclient --port 5 send x} and {@code tsclient send --port 5 x} both
 * set them, and subcommands read them through the root command.
 *
 * <p>Values are checked as they are parsed (exit 2 with the option's name). {@code --host} and
 * {@code --port} stay null unless given, so {@link #serverGiven()} knows whether the user named
 * a server: {@code boundaries} embeds its own server when neither was given.
 */
public final class ClientOptions {

    public static final String DEFAULT_HOST = "localhost";
    public static final int DEFAULT_PORT = 21567;

    @Option(names = "--host", paramLabel = "HOST", scope = ScopeType.INHERIT,
            description = "Server name or address (default: " + DEFAULT_HOST + ").")
    String hostOption;

    @Option(names = {"-p", "--port"}, paramLabel = "N", scope = ScopeType.INHERIT, converter = PortConverter.class,
            description = "Server port, 0..65535 (default: " + DEFAULT_PORT + ").")
    Integer portOption;

    /** Only {@code boundaries} takes it: a running server started with {@code --transport both}. */
    public static final String BOTH_TRANSPORTS = "both";

    @Option(names = "--transport", paramLabel = "tcp|udp", defaultValue = "tcp", scope = ScopeType.INHERIT,
            converter = TransportConverter.class,
            description = "tcp or udp; boundaries also takes both (default: ${DEFAULT-VALUE}).")
    public String transport;

    @Option(names = "--codec", paramLabel = "NAME", defaultValue = "line", scope = ScopeType.INHERIT,
            converter = CodecConverter.class,
            description = "TCP framing: line, length, raw or a plug-in; must match the server's (default: ${DEFAULT-VALUE}).")
    public String codec;

    @Option(names = "--length-prefix", paramLabel = "1|2|4", defaultValue = "4", scope = ScopeType.INHERIT,
            converter = LengthPrefixConverter.class,
            description = "Size of the length field of the length codec (default: ${DEFAULT-VALUE}).")
    public int lengthPrefix;

    @Option(names = "--max-frame", paramLabel = "BYTES", defaultValue = "65536", scope = ScopeType.INHERIT,
            converter = MaxFrameConverter.class,
            description = "Largest message payload (default: ${DEFAULT-VALUE}).")
    public int maxFrame;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "5", scope = ScopeType.INHERIT,
            converter = TimeoutConverter.class,
            description = "Connect and reply timeout (default: ${DEFAULT-VALUE}).")
    public double timeoutSeconds;

    @Option(names = "--protocol", paramLabel = "ts|echo", defaultValue = "ts", scope = ScopeType.INHERIT,
            converter = ProtocolConverter.class,
            description = "What a reply must look like: ts '[TIMESTAMP] message', echo the message unchanged "
                    + "(default: ${DEFAULT-VALUE}).")
    public ReplyProtocol protocol;

    @Option(names = "--reconnect", scope = ScopeType.INHERIT,
            description = "When a connection ends with messages unanswered, connect again (with backoff, for up "
                    + "to --timeout) and send those again, in order: at-least-once. For send, piped chat and bench.")
    public boolean reconnect;

    public String host() {
        return hostOption != null ? hostOption : DEFAULT_HOST;
    }

    public int port() {
        return portOption != null ? portOption : DEFAULT_PORT;
    }

    /** Whether the user named a server with --host or --port. */
    public boolean serverGiven() {
        return hostOption != null || portOption != null;
    }

    public ClientTransport clientTransport() {
        return ClientTransport.parse(transport);
    }

    public Duration timeout() {
        return Duration.ofNanos(Math.max(1, Math.round(timeoutSeconds * 1e9)));
    }

    /** The settings for a {@link dev.tsserver.client.connection.TsConnection} to the named server. */
    public ConnectionSettings connectionSettings(CodecRegistry codecs) {
        return new ConnectionSettings(host(), port(), clientTransport(), codec,
                new CodecSettings(maxFrame, lengthPrefix), timeout(), codecs, protocol, reconnect);
    }

    static final class PortConverter implements ITypeConverter<Integer> {
        @Override
        public Integer convert(String value) {
            int port;
            try {
                port = Integer.parseInt(value);
            } catch (NumberFormatException e) {
                throw new TypeConversionException("'" + value + "' is not a port number (0..65535)");
            }
            if (port < 0 || port > 65_535) {
                throw new TypeConversionException(port + " is outside 0..65535");
            }
            return port;
        }
    }

    static final class TransportConverter implements ITypeConverter<String> {
        @Override
        public String convert(String value) {
            if (BOTH_TRANSPORTS.equalsIgnoreCase(value)) {
                return BOTH_TRANSPORTS;
            }
            try {
                return ClientTransport.parse(value).cliName();
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }

    static final class CodecConverter implements ITypeConverter<String> {
        @Override
        public String convert(String value) {
            String name = value.toLowerCase(Locale.ROOT);
            CodecRegistry codecs = CodecRegistry.discover();
            if (codecs.find(name).isEmpty()) {
                throw new TypeConversionException("unknown codec '" + value + "' (known: "
                        + String.join(", ", codecs.names()) + ")");
            }
            return name;
        }
    }

    static final class ProtocolConverter implements ITypeConverter<ReplyProtocol> {
        @Override
        public ReplyProtocol convert(String value) {
            try {
                return ReplyProtocol.parse(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }

    static final class LengthPrefixConverter implements ITypeConverter<Integer> {
        @Override
        public Integer convert(String value) {
            return switch (value) {
                case "1", "2", "4" -> Integer.valueOf(value);
                default -> throw new TypeConversionException("expected 1, 2 or 4, got '" + value + "'");
            };
        }
    }

    static final class MaxFrameConverter implements ITypeConverter<Integer> {
        @Override
        public Integer convert(String value) {
            try {
                int bytes = Integer.parseInt(value);
                if (bytes >= 1) {
                    return bytes;
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            throw new TypeConversionException("expected a number of bytes from 1 to " + Integer.MAX_VALUE
                    + ", got '" + value + "'");
        }
    }

    static final class TimeoutConverter implements ITypeConverter<Double> {
        /** A day: longer is a typo, and it keeps the nanosecond count far from overflow. */
        private static final double MAX_SECONDS = 86_400;

        @Override
        public Double convert(String value) {
            try {
                double seconds = Double.parseDouble(value);
                if (seconds > 0 && seconds <= MAX_SECONDS) {
                    return seconds;
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            throw new TypeConversionException("expected seconds greater than 0 and at most 86400, got '"
                    + value + "'");
        }
    }
}
