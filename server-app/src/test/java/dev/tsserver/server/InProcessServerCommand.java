package dev.tsserver.server;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;

import dev.tsserver.core.TsServer;
import picocli.CommandLine;

/**
 * The {@code tsserver} command run in-process: what it prints is captured, every server it
 * starts is recorded, and the "run until stopped" step is the test's own code, after which the
 * command stops the server as on SIGTERM.
 */
final class InProcessServerCommand {

    /** What the test does while the server runs; returning stops it. */
    interface WhileRunning {
        void accept(TsServer server) throws Exception;
    }

    final StringWriter out = new StringWriter();
    final StringWriter err = new StringWriter();
    final List<TsServer> started = new ArrayList<>();

    int run(WhileRunning whileRunning, String... args) {
        ServerLifecycle lifecycle = server -> {
            started.add(server);
            try {
                whileRunning.accept(server);
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        };
        CommandLine commandLine = ServerCommand.newCommandLine(lifecycle);
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        return commandLine.execute(args);
    }

    int run(String... args) {
        return run(server -> { }, args);
    }
}
