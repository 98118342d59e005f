package dev.tsserver.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.concurrent.TimeUnit;

import dev.tsserver.client.connection.ClientTransport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;

/** Parsing only: exit 2 with one line naming the option, shared options in either position. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ClientCommandLineTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "--port 70000 send x|tsclient: Invalid value for option '--port': 70000 is outside 0..65535 (see --help)",
        "send --port 70000 x|tsclient send: Invalid value for option '--port': 70000 is outside 0..65535 (see --help)",
        "-p -1 send x|tsclient: Invalid value for option '--port': -1 is outside 0..65535 (see --help)",
        "-p http send x|tsclient: Invalid value for option '--port': 'http' is not a port number (0..65535) (see --help)",
        "--transport sctp|tsclient: Invalid value for option '--transport': expected tcp or udp, got 'sctp' (see --help)",
        "send --transport both x|tsclient send: Invalid value for option '--transport': both is only for boundaries; send talks over tcp or udp (see --help)",
        "send --transport sctp x|tsclient send: Invalid value for option '--transport': expected tcp or udp, got 'sctp' (see --help)",
        "--codec nope send x|tsclient: Invalid value for option '--codec': unknown codec 'nope' (known: line, length, raw) (see --help)",
        "--length-prefix 3 send x|tsclient: Invalid value for option '--length-prefix': expected 1, 2 or 4, got '3' (see --help)",
        "send --length-prefix 8 x|tsclient send: Invalid value for option '--length-prefix': expected 1, 2 or 4, got '8' (see --help)",
        "--max-frame 0|tsclient: Invalid value for option '--max-frame': expected a number of bytes from 1 to 2147483647, got '0' (see --help)",
        "--timeout -1 send x|tsclient: Invalid value for option '--timeout': expected seconds greater than 0 and at most 86400, got '-1' (see --help)",
        "--bogus|tsclient: Unknown option: '--bogus' (see --help)",
        "send --bogus x|tsclient send: Unknown option: '--bogus' (see --help)",
        "send|tsclient send: Missing required parameter: 'MESSAGE' (see --help)",
        "--protocol daytime send x|tsclient: Invalid value for option '--protocol': expected ts or echo, got 'daytime' (see --help)",
        "help nope|tsclient: Unknown subcommand 'nope'. (see --help)",
    })
    void badCommandLinesExitTwoWithOneLine(String args, String message) {
        ClientRun run = ClientRun.run(args.split(" "));
        assertEquals(2, run.exitCode(), run::toString);
        assertEquals(message + System.lineSeparator(), run.err());
        assertEquals("", run.outText());
    }

    @ParameterizedTest(name = "help {0}")
    @CsvSource({"'',Usage: tsclient", "send,Usage: tsclient send", "bench,Usage: tsclient bench"})
    void helpIsACommand(String command, String usage) {
        StringWriter out = new StringWriter();
        CommandLine commandLine = ClientCommand.newCommandLine(
                new ClientStreams(new ByteArrayInputStream(new byte[0]), new ByteArrayOutputStream(), false));
        commandLine.setOut(new PrintWriter(out, true));
        int exit = command.isEmpty() ? commandLine.execute("help") : commandLine.execute("help", command);
        assertEquals(0, exit);
        assertTrue(out.toString().startsWith(usage), out.toString());
    }

    @Test
    void sharedOptionsAreReadFromEitherPosition() {
        ClientCommand before = parse("--host", "::1", "-p", "7", "--transport", "udp", "--codec", "length",
                "--length-prefix", "2", "--max-frame", "99", "--timeout", "1.5", "send", "x");
        ClientCommand after = parse("send", "--host", "::1", "-p", "7", "--transport", "udp", "--codec", "length",
                "--length-prefix", "2", "--max-frame", "99", "--timeout", "1.5", "x");
        for (ClientCommand command : new ClientCommand[] {before, after}) {
            ClientOptions options = command.options();
            assertEquals("::1", options.host());
            assertEquals(7, options.port());
            assertTrue(options.serverGiven());
            assertEquals(ClientTransport.UDP, options.clientTransport());
            assertEquals("length", options.codec);
            assertEquals(2, options.lengthPrefix);
            assertEquals(99, options.maxFrame);
            assertEquals(1.5, options.timeoutSeconds);
        }
    }

    @Test
    void defaultsNameNoServer() {
        ClientOptions options = parse("send", "x").options();
        assertEquals("localhost", options.host());
        assertEquals(21567, options.port());
        assertFalse(options.serverGiven());
        assertEquals("tcp", options.transport);
        assertEquals("line", options.codec);
        assertEquals(4, options.lengthPrefix);
        assertEquals(65536, options.maxFrame);
        assertEquals(5.0, options.timeoutSeconds);
        assertTrue(parse("--port", "1", "send", "x").options().serverGiven());
        assertTrue(parse("send", "--host", "h", "x").options().serverGiven());
    }

    @Test
    void helpListsTheCommandsAndExitCodes() {
        StringWriter help = new StringWriter();
        CommandLine commandLine = ClientCommand.newCommandLine(
                new ClientStreams(new ByteArrayInputStream(new byte[0]), new ByteArrayOutputStream(), false));
        commandLine.setOut(new PrintWriter(help, true));
        assertEquals(0, commandLine.execute("--help"));
        for (String expected : new String[] {"send", "boundaries", "bench", "--transport=tcp|udp", "--timeout=SECONDS",
            "Exit codes: 0 success, 1 cannot connect or no reply in time, 2 bad command line."}) {
            assertTrue(help.toString().contains(expected), () -> "missing " + expected + " in\n" + help);
        }
    }

    private static ClientCommand parse(String... args) {
        CommandLine commandLine = ClientCommand.newCommandLine(
                new ClientStreams(new ByteArrayInputStream(new byte[0]), new ByteArrayOutputStream(), false));
        commandLine.parseArgs(args);
        return commandLine.getCommand();
    }
}
