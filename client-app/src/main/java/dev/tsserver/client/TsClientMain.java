package dev.tsserver.client;

/** Entry point of {@code tsclient.jar}: only parsing and the exit code live here. */
public final class TsClientMain {

    private TsClientMain() {
    }

    public static void main(String[] args) {
        System.exit(ClientCommand.newCommandLine().execute(args));
    }
}
