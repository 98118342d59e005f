package dev.tsserver.server.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;

import dev.tsserver.server.PrintConfigRun;
import dev.tsserver.server.ServerCommand;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Options from the command line, {@code TSSERVER_*} variables, a {@code --config} file and the
 * defaults, in that order, through the real {@code tsserver} command line (nothing is started:
 * {@code --print-config} and bad values end before the server would).
 */
@Timeout(30)
class ConfigurationSourcesTest {

    @TempDir
    Path dir;

    private final PrintConfigRun run = new PrintConfigRun();
    private final StringWriter out = run.out;
    private final StringWriter err = run.err;

    private Path file(String... lines) throws IOException {
        Path file = dir.resolve("tsserver.properties");
        Files.write(file, List.of(lines));
        return file;
    }

    @Test
    void commandLineBeatsEnvironmentBeatsFileBeatsDefaults() throws IOException {
        Path config = file("port=1111", "max-frame=2222", "codec=length", "idle-timeout=33");
        int exit = run.tsserver(Map.of("TSSERVER_MAX_FRAME", "3333", "TSSERVER_PORT", "4444"),
                "--config", config.toString(), "--port", "5555", "--print-config");
        assertEquals(0, exit, err.toString());
        Properties effective = run.printed();
        assertEquals("5555", effective.getProperty("port"), "command line over environment and file");
        assertEquals("3333", effective.getProperty("max-frame"), "environment over file");
        assertEquals("length", effective.getProperty("codec"), "file over default");
        assertEquals("33", effective.getProperty("idle-timeout"));
        assertEquals("127.0.0.1", effective.getProperty("host"), "default");
        assertEquals("line", printedWithout("codec"), "sanity: the default codec is line");
        String text = out.toString();
        assertTrue(text.contains("# --port (command line)"), text);
        assertTrue(text.contains("# --max-frame (environment variable TSSERVER_MAX_FRAME)"), text);
        assertTrue(text.contains("# --codec (file " + config + ", key codec)"), text);
        assertTrue(text.contains("# --host (default)"), text);
    }

    private String printedWithout(String key) throws IOException {
        StringWriter fresh = new StringWriter();
        CommandLine commandLine = ServerCommand.newCommandLine(server -> { });
        Operations.install(commandLine, Map.of());
        commandLine.setOut(new PrintWriter(fresh, true));
        assertEquals(0, commandLine.execute("--print-config"));
        Properties properties = new Properties();
        properties.load(new StringReader(fresh.toString()));
        return properties.getProperty(key);
    }

    @Test
    void printedConfigurationReadsBackAsAConfigFile() throws IOException {
        assertEquals(0, run.tsserver(Map.of("TSSERVER_ZONE", "Asia/Shanghai"), "--codec", "raw", "--print-config"));
        Path config = dir.resolve("printed.properties");
        Files.writeString(config, out.toString());
        out.getBuffer().setLength(0);
        assertEquals(0, run.tsserver(Map.of(), "--config", config.toString(), "--print-config"), err.toString());
        assertEquals("raw", run.printed().getProperty("codec"));
        assertEquals("Asia/Shanghai", run.printed().getProperty("zone"));
    }

    /** The options of the protocols and hardening work come from the same sources, and round-trip. */
    @Test
    void listenersAndHardeningOptionsComeFromFileAndEnvironmentAndReadBack() throws IOException {
        Path config = file("listen.2=udp://127.0.0.1:0?protocol=echo", "listen.1=tcp://127.0.0.1:0?codec=raw",
                "protocol=echo", "max-queued-reply-bytes=1048576");
        assertEquals(0, run.tsserver(Map.of("TSSERVER_FRAME_TIMEOUT", "7"), "--config", config.toString(),
                "--print-config"), err.toString());
        Properties effective = run.printed();
        assertEquals("tcp://127.0.0.1:0?codec=raw", effective.getProperty("listen.1"));
        assertEquals("udp://127.0.0.1:0?protocol=echo", effective.getProperty("listen.2"));
        assertEquals("echo", effective.getProperty("protocol"));
        assertEquals("1048576", effective.getProperty("max-queued-reply-bytes"));
        assertEquals("7", effective.getProperty("frame-timeout"));
        assertTrue(out.toString().contains("# --frame-timeout (environment variable TSSERVER_FRAME_TIMEOUT)"), out.toString());

        Path printed = dir.resolve("printed.properties");
        Files.writeString(printed, out.toString());
        out.getBuffer().setLength(0);
        assertEquals(0, run.tsserver(Map.of(), "--config", printed.toString(), "--print-config"), err.toString());
        assertEquals(effective, run.printed(), "what --print-config writes reads back to the same configuration");
    }

    @Test
    void actionsAreCommandLineOnly() throws IOException {
        assertEquals(0, run.tsserver(Map.of("TSSERVER_LIST", "true"), "--print-config"), err.toString());
        assertTrue(run.printed().getProperty("list") == null && !out.toString().contains("# --list ("),
                "--list is not part of a configuration: " + out);
        Path config = file("list=true");
        assertEquals(2, run.tsserver(Map.of(), "--config", config.toString()));
        assertTrue(err.toString().contains("Unknown option 'list'"), err.toString());
    }

    @Test
    void badEnvironmentValueExitsTwoNamingOptionAndVariable() {
        assertEquals(2, run.tsserver(Map.of("TSSERVER_MAX_FRAME", "lots")));
        assertEquals("tsserver: Invalid value for option '--max-frame': 'lots' is not an int "
                + "(from environment variable TSSERVER_MAX_FRAME) (see --help)", err.toString().strip());
    }

    @Test
    void outOfRangeFileValueExitsTwoNamingOptionFileAndKey() throws IOException {
        Path config = file("length-prefix=3");
        assertEquals(2, run.tsserver(Map.of(), "--config", config.toString()));
        String message = err.toString().strip();
        assertTrue(message.contains("'--length-prefix'"), message);
        assertTrue(message.contains("(from file " + config + ", key length-prefix)"), message);
        assertEquals(1, message.lines().count(), "one line");
    }

    @Test
    void badValueOnTheCommandLineIsNotBlamedOnTheEnvironment() {
        assertEquals(2, run.tsserver(Map.of("TSSERVER_PORT", "80"), "--port", "70000"));
        assertTrue(err.toString().contains("70000 is outside 0..65535"), err.toString());
        assertTrue(!err.toString().contains("TSSERVER_PORT"), err.toString());
    }

    @Test
    void unknownKeyInTheFileExitsTwo() throws IOException {
        Path config = file("max_frame=1");
        assertEquals(2, run.tsserver(Map.of(), "--config", config.toString()));
        assertEquals("tsserver: Unknown option 'max_frame' in configuration file " + config + " (see --help)",
                err.toString().strip());
    }

    @Test
    void missingFileExitsTwoNamingConfig() {
        assertEquals(2, run.tsserver(Map.of(), "--config", dir.resolve("absent.properties").toString()));
        assertTrue(err.toString().contains("'--config': no such file"), err.toString());
    }

    @Test
    void configFileCanComeFromTheEnvironment() throws IOException {
        Path config = file("codec=length");
        assertEquals(0, run.tsserver(Map.of("TSSERVER_CONFIG", config.toString()), "--print-config"), err.toString());
        assertEquals("length", run.printed().getProperty("codec"));
    }

    @Test
    void bogusLogLevelExitsTwoInsteadOfMeaningDebug() {
        assertEquals(2, run.tsserver(Map.of("TSSERVER_LOG_LEVEL", "bogus")));
        assertTrue(err.toString().contains("'--log-level'") && err.toString().contains("TSSERVER_LOG_LEVEL"),
                err.toString());
    }

    @Test
    void badAdminAddressExitsTwo() {
        assertEquals(2, run.tsserver(Map.of("TSSERVER_ADMIN", "127.0.0.1:99999")));
        assertTrue(err.toString().contains("'--admin': port 99999 is outside 0..65535 (from environment variable "
                + "TSSERVER_ADMIN)"), err.toString());
    }

    /** A command with a repeatable option, as {@code --listen} is: proves the provider is generic. */
    @Command(name = "probe")
    static final class RepeatableProbe implements Callable<Integer> {
        @Mixin
        OperationsOptions operations = new OperationsOptions();

        @Option(names = "--listen")
        List<String> listen = new ArrayList<>();

        @Option(names = "--some-future-option", defaultValue = "7")
        int future;

        @Override
        public Integer call() {
            return 0;
        }
    }

    private RepeatableProbe probe(Map<String, String> environment, String... args) {
        RepeatableProbe probe = new RepeatableProbe();
        CommandLine commandLine = new CommandLine(probe);
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        Operations.install(commandLine, environment);
        assertEquals(0, commandLine.execute(args), err.toString());
        return probe;
    }

    @Test
    void repeatableOptionFromTheEnvironmentIsSplitOnSpaces() {
        RepeatableProbe probe = probe(Map.of("TSSERVER_LISTEN", " tcp://127.0.0.1:0  udp://[::1]:0 ",
                "TSSERVER_SOME_FUTURE_OPTION", "9"));
        assertEquals(List.of("tcp://127.0.0.1:0", "udp://[::1]:0"), probe.listen);
        assertEquals(9, probe.future);
    }

    @Test
    void repeatableOptionFromTheFileIsNumberedInOrder() throws IOException {
        Path config = file("listen.2=udp://127.0.0.1:0", "listen.10=tls://127.0.0.1:0", "listen.1=tcp://127.0.0.1:0");
        RepeatableProbe probe = probe(Map.of(), "--config", config.toString());
        assertEquals(List.of("tcp://127.0.0.1:0", "udp://127.0.0.1:0", "tls://127.0.0.1:0"), probe.listen);
    }

    @Test
    void repeatableOptionOnTheCommandLineReplacesTheOthers() throws IOException {
        Path config = file("listen.1=tcp://127.0.0.1:1");
        RepeatableProbe probe = probe(Map.of("TSSERVER_LISTEN", "tcp://127.0.0.1:2"), "--config", config.toString(),
                "--listen", "tcp://127.0.0.1:3");
        assertEquals(List.of("tcp://127.0.0.1:3"), probe.listen);
    }

    @Test
    void repeatableOptionIsPrintedNumbered() throws IOException {
        probe(Map.of("TSSERVER_LISTEN", "tcp://127.0.0.1:0 udp://127.0.0.1:0"), "--print-config");
        Properties effective = run.printed();
        assertEquals("tcp://127.0.0.1:0", effective.getProperty("listen.1"));
        assertEquals("udp://127.0.0.1:0", effective.getProperty("listen.2"));
        assertTrue(out.toString().contains("# --listen (environment variable TSSERVER_LISTEN)"), out.toString());
    }
}
