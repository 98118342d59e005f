package dev.tsserver.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;

import dev.tsserver.core.Listener;
import dev.tsserver.core.TsServer;
import dev.tsserver.core.time.TimestampFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code --listen}, {@code --protocol} and {@code --list} (SPEC Part 2), in-process. */
@Timeout(30)
class ListenOptionTest {

    private final InProcessServerCommand command = new InProcessServerCommand();
    private final StringWriter out = command.out;
    private final StringWriter err = command.err;
    private final List<TsServer> started = command.started;

    private int run(InProcessServerCommand.WhileRunning whileRunning, String... args) {
        return command.run(whileRunning, args);
    }

    private int run(String... args) {
        return command.run(args);
    }

    @Test
    void eachListenerPrintsItsOwnReadyLine() {
        assertEquals(0, run("--codec", "length", "--listen", "tcp://127.0.0.1:0",
                "--listen", "udp://127.0.0.1:0?protocol=echo", "--listen", "tcp://[::1]:0?protocol=daytime&codec=raw"),
                err.toString());
        List<Listener> listeners = started.get(0).listeners();
        String nl = System.lineSeparator();
        assertEquals("listening on tcp://127.0.0.1:" + listeners.get(0).address().getPort() + " protocol=ts codec=length" + nl
                + "listening on udp://127.0.0.1:" + listeners.get(1).address().getPort() + " protocol=echo" + nl
                + "listening on tcp://[::1]:" + listeners.get(2).address().getPort() + " protocol=daytime codec=raw" + nl,
                out.toString());
    }

    @Test
    void partOneOptionsAreTheDefaultsOfTheKeysAListenerDoesNotName() {
        assertEquals(0, run("--host", "0.0.0.0", "--port", "1", "--transport", "udp", "--max-frame", "77",
                "--time-format", "epoch", "--zone", "UTC", "--idle-timeout", "9", "--max-connections", "3",
                "--protocol", "echo", "--listen", "tcp://127.0.0.1:0?max-frame=88"), err.toString());
        TsServer server = started.get(0);
        assertEquals(1, server.listeners().size(), "--host, --port and --transport are not used for binding");
        var settings = server.listeners().get(0).settings();
        assertEquals("127.0.0.1", settings.host());
        assertEquals(88, settings.codecSettings().maxFrame());
        assertEquals(TimestampFormat.EPOCH, settings.timeFormat());
        assertEquals("UTC", settings.zone().getId());
        assertEquals(9, settings.idleTimeout().toSeconds());
        assertEquals(3, settings.maxConnections());
        assertEquals("echo", settings.protocol());
    }

    @Test
    void protocolOptionAloneServesTheProtocolAndAddsItToTheReadyLine() {
        int exit = run(server -> {
            try (Socket socket = new Socket(server.tcpAddress().getAddress(), server.tcpAddress().getPort())) {
                socket.setSoTimeout(5000);
                socket.getOutputStream().write("same\n".getBytes(StandardCharsets.US_ASCII));
                byte[] reply = socket.getInputStream().readNBytes(5);
                assertEquals("same\n", new String(reply, StandardCharsets.US_ASCII));
            }
        }, "--port", "0", "--protocol", "echo");
        assertEquals(0, exit, err.toString());
        assertEquals("listening on tcp://127.0.0.1:" + started.get(0).tcpAddress().getPort() + " protocol=echo codec=line"
                + System.lineSeparator(), out.toString());
    }

    @Test
    void plugInProtocolOnTheClassPathIsFoundByName() {
        int exit = run(server -> {
            try (Socket socket = new Socket(server.tcpAddress().getAddress(), server.tcpAddress().getPort())) {
                socket.setSoTimeout(5000);
                socket.getOutputStream().write("shout\n".getBytes(StandardCharsets.US_ASCII));
                assertEquals("SHOUT\n", new String(socket.getInputStream().readNBytes(6), StandardCharsets.US_ASCII));
            }
        }, "--port", "0", "--protocol", "upper");
        assertEquals(0, exit, err.toString());
    }

    @Test
    void listPrintsCodecsAndProtocolsOnePerLine() {
        assertEquals(0, run("--list"));
        List<String> lines = out.toString().lines().toList();
        assertTrue(lines.containsAll(List.of("line", "length", "raw", "ts", "echo", "discard", "daytime", "time", "upper")),
                lines.toString());
        assertTrue(started.isEmpty(), "nothing started");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "--listen tcp://127.0.0.1:0?bogus=1                 | unknown key 'bogus'",
            "--listen sctp://127.0.0.1:0                        | unknown scheme 'sctp'",
            "--listen tls://127.0.0.1:0                         | a tls:// listener needs tls-cert and tls-key",
            "--listen tcp://127.0.0.1                           | has no :PORT",
            "--listen tcp://127.0.0.1:65536                     | 65536 is outside 0..65535",
            "--listen tcp://127.0.0.1:0?protocol=gopher         | unknown protocol 'gopher'",
            "--listen tcp://127.0.0.1:0?codec=nope              | unknown codec 'nope'",
            "--listen tcp://127.0.0.1:0?max-frame=0             | key 'max-frame'",
            "--listen tcp://127.0.0.1:0?length-prefix=3         | key 'length-prefix'",
            "--listen tcp://127.0.0.1:0?time-format=rfc         | key 'time-format'",
            "--listen tcp://127.0.0.1:0?zone=Mars/Olympus       | key 'zone'",
            "--listen tcp://127.0.0.1:0?idle-timeout=-1         | key 'idle-timeout'",
            "--listen tcp://127.0.0.1:0?max-connections=x       | key 'max-connections'",
            "--listen tcp://127.0.0.1:0?proxy-protocol=v9       | key 'proxy-protocol'",
            "--listen tcp://127.0.0.1:0?udp-rate-per-source=5   | key 'udp-rate-per-source' does not apply to a tcp://",
            "--listen tcp://127.0.0.1:0?allow=300.1.2.3         | key 'allow'",
            "--listen tcp://127.0.0.1:0?tls-cert=c.pem          | key 'tls-cert' does not apply to a tcp:// listener",
            "--protocol gopher                                  | unknown protocol 'gopher'",
    })
    void badListenerExitsTwoWithOneLineNamingIt(String args, String named) {
        int exit = run(args.trim().split(" +"));
        assertEquals(2, exit, err.toString());
        assertTrue(started.isEmpty(), "nothing was started");
        String message = err.toString();
        assertEquals(1, message.lines().count(), message);
        assertTrue(message.contains(named), message);
        assertTrue(message.startsWith("tsserver: "), message);
    }

    @Test
    void oneListenerThatCannotBindExitsOneAndPrintsNoReadyLine() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            int exit = run("--listen", "tcp://127.0.0.1:0", "--listen", "tcp://127.0.0.1:" + taken.getLocalPort());
            assertEquals(1, exit);
            assertEquals("tsserver: cannot listen on tcp://127.0.0.1:" + taken.getLocalPort()
                    + ": address already in use" + System.lineSeparator(), err.toString());
            assertEquals("", out.toString(), "no ready line");
            assertTrue(started.isEmpty());
        }
    }
}
