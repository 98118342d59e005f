package dev.tsserver.client;

import java.io.IOException;
import java.util.Optional;
import java.util.concurrent.Callable;

import dev.tsserver.client.bench.BenchCommand;
import dev.tsserver.client.boundaries.BoundariesCommand;
import dev.tsserver.client.chat.Chat;
import dev.tsserver.client.chat.InputLines;
import dev.tsserver.client.connection.ConnectionSettings;
import dev.tsserver.client.connection.TsConnection;
import dev.tsserver.client.connection.TsConnectionException;
import dev.tsserver.client.exchange.ReplyPrinter;
import dev.tsserver.client.reliability.ReliabilityCommand;
import dev.tsserver.client.send.SendCommand;
import dev.tsserver.client.tls.ClientTls;
import dev.tsserver.client.tls.ClientTlsOptions;
import dev.tsserver.codec.spi.CodecRegistry;
import dev.tsserver.core.edge.TlsConfigException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/**
 * {@code tsclient [OPTIONS] [COMMAND]}; with no command it chats. {@code scope = INHERIT} gives
 * every subcommand {@code --help}, {@code --version} and the exit-code footer.
 */
@Command(name = "tsclient", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        scope = ScopeType.INHERIT, sortOptions = false, usageHelpAutoWidth = true,
        description = {"Client of the TS server. With no command: chat. On a terminal it prompts '> ', sends "
                + "each line and prints the reply; an empty line or end of input quits. With piped input it "
                + "sends every line (empty ones too) and exits once every reply has arrived."},
        subcommands = {SendCommand.class, BoundariesCommand.class, BenchCommand.class, ReliabilityCommand.class,
                HelpCommand.class},
        footer = {"", "Exit codes: 0 success, 1 cannot connect or no reply in time, 2 bad command line."})
public final class ClientCommand implements Callable<Integer> {

    private static final Logger LOG = LoggerFactory.getLogger(ClientCommand.class);

    @Spec
    CommandSpec spec;

    @Mixin
    ClientOptions options;

    @CommandLine.Option(names = "--verbose", scope = ScopeType.LOCAL,
            description = "Chat: print '...sending MESSAGE...' before each message, like the classic Twisted"
                    + " client; piped input then goes one message at a time.")
    boolean verbose;

    @Mixin
    ClientTlsOptions tls = new ClientTlsOptions();

    private final ClientStreams streams;
    private final CodecRegistry codecs;
    private Optional<ClientTls> resolvedTls;

    ClientCommand(ClientStreams streams, CodecRegistry codecs) {
        this.streams = streams;
        this.codecs = codecs;
    }

    /** The command line on standard input and output. */
    public static CommandLine newCommandLine() {
        return newCommandLine(ClientStreams.system());
    }

    /** The command line on the given streams, with the SPEC's exit codes and one-line errors. */
    public static CommandLine newCommandLine(ClientStreams streams) {
        CommandLine commandLine = new CommandLine(new ClientCommand(streams, CodecRegistry.discover()));
        commandLine.setParameterExceptionHandler(CliErrors::onBadCommandLine);
        commandLine.setExecutionExceptionHandler(CliErrors::onFailure);
        return commandLine;
    }

    public ClientOptions options() {
        return options;
    }

    public ClientStreams streams() {
        return streams;
    }

    public CodecRegistry codecs() {
        return codecs;
    }

    @Override
    public Integer call() {
        InputLines input = new InputLines(streams.in(), options.maxFrame);
        ReplyPrinter printer = new ReplyPrinter(streams.out());
        return converse(spec.commandLine(), connection -> {
            Chat chat = new Chat(connection, input, printer, verbose);
            if (streams.interactive()) {
                chat.interactive(spec.commandLine().getErr());
            } else {
                chat.piped();
            }
        });
    }

    /** What a command does with an open connection. */
    @FunctionalInterface
    public interface Conversation {
        void run(TsConnection connection) throws IOException, InterruptedException;
    }

    /**
     * The connection the shared options describe, for a command that talks over one transport.
     *
     * @throws CommandLine.ParameterException for {@code --transport both}, which only
     *         {@code boundaries} understands
     */
    public ConnectionSettings connectionSettings(CommandLine commandLine) {
        if (ClientOptions.BOTH_TRANSPORTS.equals(options.transport)) {
            throw new CommandLine.ParameterException(commandLine, "Invalid value for option '--transport': "
                    + "both is only for boundaries; " + commandLine.getCommandName() + " talks over tcp or udp");
        }
        return options.connectionSettings(codecs).withTls(tlsSettings(commandLine));
    }

    /**
     * The TLS setup of {@code --tls} and its options, made once per run (it reads the PEM files,
     * and {@code --tls-insecure} warns once).
     *
     * @throws CommandLine.ParameterException for an inconsistent combination (exit 2)
     * @throws CommandLine.ExecutionException for a file that cannot be used (exit 1, one line)
     */
    public Optional<ClientTls> tlsSettings(CommandLine commandLine) {
        if (resolvedTls == null) {
            try {
                resolvedTls = tls.resolve(commandLine, commandLine.getErr());
            } catch (TlsConfigException e) {
                throw new TlsSetupException(e.getMessage());
            }
        }
        return resolvedTls;
    }

    /** A TLS file that cannot be used: exit 1 with its one-line message. */
    public static final class TlsSetupException extends RuntimeException {
        TlsSetupException(String message) {
            super(message, null, false, false);
        }
    }

    /**
     * Connects to the server the options name, runs the conversation and closes the connection.
     *
     * @return 0, or 1 after one line on {@code commandLine}'s error writer when the server cannot
     *         be reached, does not reply in time or closes the connection, or input cannot be sent
     */
    public int converse(CommandLine commandLine, Conversation conversation) {
        ConnectionSettings settings;
        try {
            settings = connectionSettings(commandLine);
        } catch (TlsSetupException e) {
            return CliErrors.cannotRun(commandLine, e.getMessage());
        }
        try (TsConnection connection = TsConnection.open(settings)) {
            conversation.run(connection);
            return 0;
        } catch (TsConnectionException e) {
            LOG.debug("conversation with {} failed", settings.peer(), e);
            return CliErrors.cannotRun(commandLine, e.getMessage());
        } catch (IOException e) {
            LOG.debug("input or output failed", e);
            return CliErrors.cannotRun(commandLine, e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return CliErrors.cannotRun(commandLine, "interrupted");
        }
    }
}
