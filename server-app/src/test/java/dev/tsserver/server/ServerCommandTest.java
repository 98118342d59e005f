package dev.tsserver.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;

import dev.tsserver.core.Transport;
import dev.tsserver.core.TsServer;
import dev.tsserver.core.time.TimestampFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@Timeout(30)
class ServerCommandTest {

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
    void printsTheReadyLineWithTheRealPortAndServes() {
        int exit = run(server -> {
            try (Socket socket = new Socket(server.tcpAddress().getAddress(), server.tcpAddress().getPort())) {
                OutputStream o = socket.getOutputStream();
                o.write("hello\n".getBytes(StandardCharsets.US_ASCII));
                String reply = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII)).readLine();
                assertTrue(reply.matches("\\[\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z] hello"), reply);
            }
        }, "--port", "0", "--time-format", "iso", "--zone", "UTC");
        assertEquals(0, exit, err.toString());
        int port = started.get(0).tcpAddress().getPort();
        assertEquals("listening on tcp://127.0.0.1:" + port + System.lineSeparator(), out.toString());
        assertTrue(started.get(0).isClosed(), "stopped when the lifecycle returned");
    }

    @Test
    void bothTransportsPrintOneLineEach() {
        assertEquals(0, run("--port", "0", "--transport", "both"));
        int port = started.get(0).tcpAddress().getPort();
        assertEquals("listening on tcp://127.0.0.1:" + port + System.lineSeparator()
                + "listening on udp://127.0.0.1:" + port + System.lineSeparator(), out.toString());
    }

    @Test
    void optionsReachTheServerConfiguration() {
        assertEquals(0, run("--port", "0", "--codec", "length", "--length-prefix", "2", "--max-frame", "500",
                "--transport", "UDP", "--time-format", "epoch", "--zone", "Asia/Shanghai", "--workers", "3",
                "--idle-timeout", "0", "--max-connections", "7"));
        var config = started.get(0).config();
        assertEquals("length", config.codec());
        assertEquals(2, config.codecSettings().lengthPrefix());
        assertEquals(500, config.codecSettings().maxFrame());
        assertEquals(Transport.UDP, config.transport());
        assertEquals(TimestampFormat.EPOCH, config.timeFormat());
        assertEquals("Asia/Shanghai", config.zone().getId());
        assertEquals(3, config.workers());
        assertTrue(config.idleTimeout().isZero());
        assertEquals(7, config.maxConnections());
    }

    @Test
    void memoryAndSlowlorisBoundsReachTheServerConfiguration() {
        assertEquals(0, run("--port", "0", "--max-queued-reply-bytes", "1048576", "--frame-timeout", "7"));
        var config = started.get(0).config();
        assertEquals(1_048_576L, config.maxQueuedReplyBytes());
        assertEquals(java.time.Duration.ofSeconds(7), config.frameTimeout());
    }

    @Test
    void sendBufferCapReachesTheServerConfiguration() {
        assertEquals(0, run("--port", "0"));
        assertEquals(32 * 1024, started.get(0).config().listeners().get(0).tcpSendBufferSize());
        InProcessServerCommand autotuned = new InProcessServerCommand();
        assertEquals(0, autotuned.run("--port", "0", "--send-buffer", "0"));
        assertEquals(0, autotuned.started.get(0).config().listeners().get(0).tcpSendBufferSize(), "0: kernel autotuning");
    }

    @Test
    void udpAddressInUseIsOneLine() throws Exception {
        try (java.net.DatagramSocket taken = new java.net.DatagramSocket(0, InetAddress.getByName("127.0.0.1"))) {
            int exit = run("--transport", "udp", "--port", String.valueOf(taken.getLocalPort()));
            assertEquals(1, exit);
            assertEquals("tsserver: cannot listen on udp://127.0.0.1:" + taken.getLocalPort() + ": address already in use",
                    err.toString().strip());
        }
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "--port 70000            | --port",
            "--port -1               | --port",
            "--port abc              | --port",
            "--codec nope            | unknown codec 'nope'",
            "--length-prefix 3       | --length-prefix",
            "--transport sctp        | --transport",
            "--time-format rfc       | --time-format",
            "--zone Mars/Olympus     | --zone",
            "--max-frame 0           | --max-frame",
            "--workers -2            | --workers",
            "--max-connections 0     | --max-connections",
            "--idle-timeout -5       | --idle-timeout",
            "--frame-timeout -1      | --frame-timeout",
            "--send-buffer -1        | --send-buffer",
            "--max-queued-reply-bytes 0 | --max-queued-reply-bytes",
            "--bogus                 | --bogus",
    })
    void badCommandLineExitsTwoWithOneLineNamingTheOption(String args, String named) {
        int exit = run(args.trim().split(" +"));
        assertEquals(2, exit);
        assertTrue(started.isEmpty(), "nothing was started");
        String message = err.toString();
        assertEquals(1, message.lines().count(), message);
        assertTrue(message.contains(named), message);
        assertTrue(message.startsWith("tsserver: "), message);
    }

    @Test
    void addressInUseExitsOneWithOneLineAndNoStackTrace() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            int exit = run("--port", String.valueOf(taken.getLocalPort()));
            assertEquals(1, exit);
            assertEquals("tsserver: cannot listen on tcp://127.0.0.1:" + taken.getLocalPort()
                    + ": address already in use" + System.lineSeparator(), err.toString());
            assertEquals("", out.toString(), "no ready line");
        }
    }

    @Test
    void privilegedPortWithoutPermissionExitsOne() {
        assumeFalse("root".equals(System.getProperty("user.name")), "root may bind ports below 1024");
        int exit = run("--port", "1");
        assertEquals(1, exit);
        assertTrue(err.toString().contains("permission denied"), err.toString());
    }

    @Test
    void helpAndVersionExitZero() {
        assertEquals(0, run("--help"));
        String help = out.toString();
        for (String option : new String[] {"--host", "--port", "--transport", "--codec", "--max-frame",
                "--length-prefix", "--time-format", "--zone", "--workers", "--idle-timeout", "--max-connections"}) {
            assertTrue(help.contains(option), option + " in --help");
        }
        out.getBuffer().setLength(0);
        assertEquals(0, run("-V"));
        assertTrue(out.toString().startsWith("tsserver "), out.toString());
        assertFalse(out.toString().contains("unknown"), "version comes from the build");
    }
}
