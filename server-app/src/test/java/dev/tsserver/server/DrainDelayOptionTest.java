package dev.tsserver.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import dev.tsserver.server.ops.Operations;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code --drain-delay SECONDS}: reaches the server's configuration from every source the SPEC
 * names (command line, {@code TSSERVER_DRAIN_DELAY}, {@code --config}), shows in
 * {@code --print-config}, and a bad value exits 2 naming the option.
 */
@Timeout(30)
class DrainDelayOptionTest {

    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int tsserver(Map<String, String> environment, String... args) {
        CommandLine commandLine = ServerCommand.newCommandLine(server -> {
            throw new AssertionError("the server must not start");
        });
        Operations.install(commandLine, environment);
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        return commandLine.execute(args);
    }

    private String printedDrainDelay() throws IOException {
        Properties properties = new Properties();
        properties.load(new StringReader(out.toString()));
        return properties.getProperty("drain-delay");
    }

    @Test
    void theOptionReachesTheServerAndDefaultsToZero() {
        InProcessServerCommand given = new InProcessServerCommand();
        assertEquals(0, given.run("--port", "0", "--drain-delay", "7"), given.err.toString());
        assertEquals(Duration.ofSeconds(7), given.started.get(0).config().drainDelay());
        InProcessServerCommand absent = new InProcessServerCommand();
        assertEquals(0, absent.run("--port", "0"), absent.err.toString());
        assertEquals(Duration.ZERO, absent.started.get(0).config().drainDelay());
    }

    @Test
    void environmentAndFileFeedItAndPrintConfigShowsIt() throws IOException {
        assertEquals(0, tsserver(Map.of("TSSERVER_DRAIN_DELAY", "9"), "--print-config"), err.toString());
        assertEquals("9", printedDrainDelay());
        assertTrue(out.toString().contains("environment variable TSSERVER_DRAIN_DELAY"), out.toString());

        out.getBuffer().setLength(0);
        Path config = dir.resolve("tsserver.properties");
        Files.write(config, List.of("drain-delay=4"));
        assertEquals(0, tsserver(Map.of(), "--config", config.toString(), "--print-config"), err.toString());
        assertEquals("4", printedDrainDelay());
    }

    @Test
    void badValuesExitTwoNamingTheOption() {
        for (String bad : List.of("-1", "soon", "3601")) {
            err.getBuffer().setLength(0);
            assertEquals(2, tsserver(Map.of(), "--drain-delay", bad), bad);
            String message = err.toString().strip();
            assertTrue(message.contains("'--drain-delay'"), message);
            assertEquals(1, message.lines().count(), "one line: " + message);
        }
        err.getBuffer().setLength(0);
        assertEquals(2, tsserver(Map.of("TSSERVER_DRAIN_DELAY", "-5")));
        assertTrue(err.toString().contains("'--drain-delay'") && err.toString().contains("TSSERVER_DRAIN_DELAY"),
                err.toString());
    }
}
