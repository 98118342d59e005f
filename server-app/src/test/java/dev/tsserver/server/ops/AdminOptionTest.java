package dev.tsserver.server.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.tsserver.core.TsServer;
import dev.tsserver.server.ServerCommand;
import dev.tsserver.server.ServerLifecycle;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import picocli.CommandLine;

/** {@code tsserver --admin HOST:PORT} in-process: the printed line, live health, bind failure. */
@Timeout(30)
class AdminOptionTest {

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();
    private final List<TsServer> started = new ArrayList<>();

    private int tsserver(ServerLifecycle lifecycle, String... args) {
        CommandLine commandLine = ServerCommand.newCommandLine(server -> {
            started.add(server);
            lifecycle.runUntilStopped(server);
        });
        Operations.install(commandLine, Map.of());
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        return commandLine.execute(args);
    }

    @Test
    void printsTheAdminLineAndServesHealthWhileRunning() {
        List<Integer> statuses = new ArrayList<>();
        int exit = tsserver(server -> {
            Matcher admin = Pattern.compile("(?m)^admin on http://127\\.0\\.0\\.1:(\\d+)$").matcher(out.toString());
            assertTrue(admin.find(), out.toString());
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
            try {
                for (String path : List.of("/health/live", "/health/ready", "/metrics")) {
                    statuses.add(http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + admin.group(1) + path))
                            .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.discarding()).statusCode());
                }
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        }, "--port", "0", "--admin", "127.0.0.1:0");
        assertEquals(0, exit, err.toString());
        assertEquals(List.of(200, 200, 200), statuses);
        String[] lines = out.toString().split("\\R");
        assertTrue(lines[0].startsWith("listening on tcp://"), out.toString());
        assertTrue(lines[1].startsWith("admin on http://127.0.0.1:"), out.toString());
    }

    @Test
    void adminAddressInUseExitsOneAndReleasesTheListener() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int exit = tsserver(server -> {
                throw new AssertionError("must not run");
            }, "--port", "0", "--admin", "127.0.0.1:" + taken.getLocalPort());
            assertEquals(1, exit);
            assertEquals("tsserver: cannot listen on admin http://127.0.0.1:" + taken.getLocalPort()
                    + ": address already in use", err.toString().strip());
            Matcher listening = Pattern.compile("listening on tcp://127\\.0\\.0\\.1:(\\d+)").matcher(out.toString());
            assertTrue(listening.find(), out.toString());
            try (ServerSocket again = new ServerSocket(Integer.parseInt(listening.group(1)), 1,
                    InetAddress.getLoopbackAddress())) {
                assertTrue(again.isBound(), "the server's own port was released");
            }
        }
    }
}
