package dev.tsserver.server;

/** Entry point of {@code tsserver.jar}: only parsing and the exit code live here. */
public final class TsServerMain {

    private TsServerMain() {
    }

    public static void main(String[] args) {
        int exitCode = ServerCommand.newCommandLine(new ShutdownHookLifecycle()).execute(args);
        System.exit(exitCode);
    }
}
