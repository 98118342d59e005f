package dev.tsserver.client;

import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * The options every client command shares (SPEC: "Shared options"). Declared once on the root
 * command with {@code scope = INHERIT}, so {@code tsclient --port 5 send x} and
 * {@code tsclient send --port 5 x} both work; subcommands read them from the root.
 *
 * <p>{@code hostGiven}/{@code portGiven} tell whether the user named a server: {@code boundaries}
 * embeds its own server when neither was given.
 */
public final class ClientOptions {

    public static final String DEFAULT_HOST = "localhost";
    public static final int DEFAULT_PORT = 21567;

    private String host = DEFAULT_HOST;
    private int port = DEFAULT_PORT;
    private boolean hostGiven;
    private boolean portGiven;

    @Option(names = "--transport", paramLabel = "tcp|udp", defaultValue = "tcp", scope = ScopeType.INHERIT,
            description = "tcp or udp (default: ${DEFAULT-VALUE}).")
    public String transport;

    @Option(names = "--codec", paramLabel = "NAME", defaultValue = "line", scope = ScopeType.INHERIT,
            description = "TCP framing: line, length, raw or a plug-in (default: ${DEFAULT-VALUE}).")
    public String codec;

    @Option(names = "--length-prefix", paramLabel = "1|2|4", defaultValue = "4", scope = ScopeType.INHERIT,
            description = "Size of the length field of the length codec (default: ${DEFAULT-VALUE}).")
    public int lengthPrefix;

    @Option(names = "--max-frame", paramLabel = "BYTES", defaultValue = "65536", scope = ScopeType.INHERIT,
            description = "Largest message payload (default: ${DEFAULT-VALUE}).")
    public int maxFrame;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "5", scope = ScopeType.INHERIT,
            description = "Connect and reply timeout (default: ${DEFAULT-VALUE}).")
    public double timeoutSeconds;

    @Option(names = "--host", paramLabel = "HOST", scope = ScopeType.INHERIT,
            description = "Server address (default: " + DEFAULT_HOST + ").")
    public void host(String value) {
        host = value;
        hostGiven = true;
    }

    @Option(names = {"-p", "--port"}, paramLabel = "N", scope = ScopeType.INHERIT,
            description = "Server port (default: " + DEFAULT_PORT + ").")
    public void port(int value) {
        port = value;
        portGiven = true;
    }

    public String host() {
        return host;
    }

    public int port() {
        return port;
    }

    /** Whether the user named a server with --host or --port. */
    public boolean serverGiven() {
        return hostGiven || portGiven;
    }
}
