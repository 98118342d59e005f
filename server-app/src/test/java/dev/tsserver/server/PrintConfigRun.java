package dev.tsserver.server;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;
import java.util.Map;
import java.util.Properties;

import dev.tsserver.server.ops.Operations;
import picocli.CommandLine;

/**
 * The real {@code tsserver} command line with a given environment and its output captured, for
 * tests of where options come from: {@code --print-config} and bad values end before a server
 * would start, and a server that does start fails the test.
 */
public final class PrintConfigRun {

    public final StringWriter out = new StringWriter();
    public final StringWriter err = new StringWriter();

    /** Runs the command line once; its output adds to {@link #out} and {@link #err}. */
    public int tsserver(Map<String, String> environment, String... args) {
        CommandLine commandLine = ServerCommand.newCommandLine(server -> {
            throw new AssertionError("the server must not start");
        });
        Operations.install(commandLine, environment);
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        return commandLine.execute(args);
    }

    /** What {@code --print-config} printed, read back as a properties file. */
    public Properties printed() throws IOException {
        Properties properties = new Properties();
        properties.load(new StringReader(out.toString()));
        return properties;
    }
}
