package dev.tsserver.client;

import java.util.concurrent.Callable;

import dev.tsserver.client.bench.BenchCommand;
import dev.tsserver.client.boundaries.BoundariesCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code tsclient [OPTIONS] [COMMAND]}; with no command it chats. */
@Command(name = "tsclient", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Client of the TS server: chat (default), send, boundaries, bench.",
        subcommands = {BoundariesCommand.class, BenchCommand.class},
        footer = {"", "Exit codes: 0 success, 1 cannot connect or no reply in time, 2 bad command line."})
public final class ClientCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ClientOptions options;

    public static CommandLine newCommandLine() {
        return new CommandLine(new ClientCommand());
    }

    public ClientOptions options() {
        return options;
    }

    @Override
    public Integer call() {
        spec.commandLine().getErr().println("tsclient: chat is not built yet");
        return 1;
    }
}
