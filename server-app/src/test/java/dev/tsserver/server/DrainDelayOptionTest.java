package dev.tsserver.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --drain-delay SECONDS}: reaches the server's configuration from every source the SPEC
 * names (command line, {@code TSSERVER_DRAIN_DELAY}, {@code --config}), shows in
 * {@code --print-config}, and a bad value exits 2 naming the option.
 */
@Timeout(30)
class DrainDelayOptionTest {

    @TempDir
    Path dir;

    private final PrintConfigRun run = new PrintConfigRun();

    private String printedDrainDelay() throws IOException {
        return run.printed().getProperty("drain-delay");
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
        assertEquals(0, run.tsserver(Map.of("TSSERVER_DRAIN_DELAY", "9"), "--print-config"), run.err.toString());
        assertEquals("9", printedDrainDelay());
        assertTrue(run.out.toString().contains("environment variable TSSERVER_DRAIN_DELAY"), run.out.toString());

        run.out.getBuffer().setLength(0);
        Path config = dir.resolve("tsserver.properties");
        Files.write(config, List.of("drain-delay=4"));
        assertEquals(0, run.tsserver(Map.of(), "--config", config.toString(), "--print-config"), run.err.toString());
        assertEquals("4", printedDrainDelay());
    }

    @Test
    void badValuesExitTwoNamingTheOption() {
        for (String bad : List.of("-1", "soon", "3601")) {
            run.err.getBuffer().setLength(0);
            assertEquals(2, run.tsserver(Map.of(), "--drain-delay", bad), bad);
            String message = run.err.toString().strip();
            assertTrue(message.contains("'--drain-delay'"), message);
            assertEquals(1, message.lines().count(), "one line: " + message);
        }
        run.err.getBuffer().setLength(0);
        assertEquals(2, run.tsserver(Map.of("TSSERVER_DRAIN_DELAY", "-5")));
        assertTrue(run.err.toString().contains("'--drain-delay'") && run.err.toString().contains("TSSERVER_DRAIN_DELAY"),
                run.err.toString());
    }
}
