package dev.tsserver.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The shaded jar with SPEC Part 2 options, as a separate process: one ready line per
 * listener, exit codes, {@code --list}, and a plug-in protocol from the class path.
 */
@Timeout(90)
class ListenersJarIT {

    private static final Pattern READY =
            Pattern.compile("listening on (tcp|udp)://127\\.0\\.0\\.1:(\\d+) protocol=(\\S+)( codec=(\\S+))?");

    @Test
    void fourListenersEachPrintTheirReadyLineAndServe() throws Exception {
        Process server = start(List.of("-jar", jar().toString(),
                "--listen", "tcp://127.0.0.1:0",
                "--listen", "tcp://127.0.0.1:0?codec=length",
                "--listen", "udp://127.0.0.1:0?protocol=time",
                "--listen", "tcp://127.0.0.1:0?protocol=echo&codec=raw"));
        try {
            BufferedReader stdout = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.US_ASCII));
            List<Matcher> ready = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                String line = stdout.readLine();
                Matcher m = READY.matcher(String.valueOf(line));
                assertTrue(m.matches(), "ready line " + i + ": " + line);
                ready.add(m);
            }
            assertEquals("tcp ts line", describe(ready.get(0)));
            assertEquals("tcp ts length", describe(ready.get(1)));
            assertEquals("udp time null", describe(ready.get(2)));
            assertEquals("tcp echo raw", describe(ready.get(3)));

            try (Socket socket = new Socket("127.0.0.1", port(ready.get(3)))) {
                socket.setSoTimeout(5000);
                socket.getOutputStream().write("echoed".getBytes(StandardCharsets.US_ASCII));
                assertEquals("echoed", new String(socket.getInputStream().readNBytes(6), StandardCharsets.US_ASCII));
            }
            try (DatagramSocket udp = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
                udp.setSoTimeout(5000);
                udp.send(new DatagramPacket(new byte[1], 1, new InetSocketAddress("127.0.0.1", port(ready.get(2)))));
                DatagramPacket reply = new DatagramPacket(new byte[16], 16);
                udp.receive(reply);
                assertEquals(4, reply.getLength(), "RFC 868: four bytes");
            }
            server.destroy();
            assertTrue(server.waitFor(5, TimeUnit.SECONDS), "exits within 5 s of SIGTERM");
            assertEquals(0, server.exitValue());
        } finally {
            server.destroyForcibly();
        }
    }

    @Test
    void plugInProtocolOnTheClassPathWorksFromTheCommandLine() throws Exception {
        Path plugin = Path.of("target", "test-classes").toAbsolutePath();
        assertTrue(Files.isRegularFile(plugin.resolve("META-INF/services/dev.tsserver.core.protocol.ProtocolProvider")));
        Process server = start(List.of("-cp", jar() + File.pathSeparator + plugin, "dev.tsserver.server.TsServerMain",
                "--port", "0", "--protocol", "upper"));
        try {
            BufferedReader stdout = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.US_ASCII));
            Matcher m = READY.matcher(String.valueOf(stdout.readLine()));
            assertTrue(m.matches(), m.toString());
            assertEquals("tcp upper line", describe(m));
            try (Socket socket = new Socket("127.0.0.1", port(m))) {
                socket.setSoTimeout(5000);
                socket.getOutputStream().write("quiet\n".getBytes(StandardCharsets.US_ASCII));
                assertArrayEquals("QUIET\n".getBytes(StandardCharsets.US_ASCII), socket.getInputStream().readNBytes(6));
            }
        } finally {
            server.destroy();
            server.waitFor(5, TimeUnit.SECONDS);
            server.destroyForcibly();
        }
    }

    @Test
    void listShowsBuiltInsAndPlugInsAndExitsZero() throws Exception {
        Path plugin = Path.of("target", "test-classes").toAbsolutePath();
        Result result = runToEnd(List.of("-cp", jar() + File.pathSeparator + plugin, "dev.tsserver.server.TsServerMain",
                "--list"));
        assertEquals(0, result.exit(), result.output());
        List<String> lines = result.output().lines().toList();
        assertTrue(lines.containsAll(List.of("line", "length", "raw", "ts", "echo", "discard", "daytime", "time", "upper")),
                lines.toString());
    }

    @Test
    void badListenKeyExitsTwoNamingIt() throws Exception {
        Result result = runToEnd(List.of("-jar", jar().toString(), "--listen", "tcp://127.0.0.1:0?colour=blue"));
        assertEquals(2, result.exit(), result.output());
        assertEquals(1, result.output().strip().lines().count(), result.output());
        assertTrue(result.output().contains("unknown key 'colour'"), result.output());
    }

    private static String describe(Matcher m) {
        return m.group(1) + " " + m.group(3) + " " + m.group(5);
    }

    private static int port(Matcher m) {
        return Integer.parseInt(m.group(2));
    }

    private record Result(int exit, String output) {
    }

    private static Result runToEnd(List<String> args) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(javaBinary());
        command.addAll(args);
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(30, TimeUnit.SECONDS));
        return new Result(process.exitValue(), output);
    }

    private static Process start(List<String> args) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(javaBinary());
        command.addAll(args);
        return new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    }

    private static Path jar() {
        Path jar = Path.of("target", "tsserver.jar").toAbsolutePath();
        assertTrue(Files.isRegularFile(jar), "shaded jar built in the package phase");
        return jar;
    }

    private static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
