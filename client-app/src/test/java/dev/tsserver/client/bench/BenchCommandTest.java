package dev.tsserver.client.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.tsserver.client.ClientCommand;
import dev.tsserver.client.CuttingProxy;
import dev.tsserver.core.Transport;
import dev.tsserver.core.TsServer;
import org.apache.mina.core.service.IoHandlerAdapter;
import org.apache.mina.core.session.IoSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code tsclient bench} against an embedded server on a free loopback port. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class BenchCommandTest {

    private static final int COUNT = 2000;

    private record Run(int exitCode, String out, String err) {
        long number(String field) {
            Matcher m = Pattern.compile("\"" + field + "\":(-?[0-9.]+)").matcher(out);
            assertTrue(m.find(), () -> "no numeric field " + field + " in " + out);
            return (long) Double.parseDouble(m.group(1));
        }
    }

    private static Run bench(InetSocketAddress server, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        List<String> all = new ArrayList<>(List.of("--host", server.getAddress().getHostAddress(),
                "--port", Integer.toString(server.getPort()), "--timeout", "5", "bench"));
        all.addAll(List.of(args));
        int code = ClientCommand.newCommandLine().setOut(new PrintWriter(out)).setErr(new PrintWriter(err))
                .execute(all.toArray(String[]::new));
        return new Run(code, out.toString(), err.toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"line", "length"})
    void pipelinedRunOverAFramingCodecAnswersEveryMessage(String codec) throws Exception {
        try (TsServer server = TsServer.builder().host("127.0.0.1").port(0).codec(codec).start()) {
            Run run = bench(server.tcpAddress(), "--codec", codec, "--connections", "4", "--pipeline", "8",
                    "--count", Integer.toString(COUNT), "--warmup", "0", "--json");
            assertEquals(0, run.exitCode(), run.out() + run.err());
            assertEquals(COUNT, run.number("messages"));
            assertEquals(0, run.number("errors"));
            assertEquals(COUNT, run.number("samples"));
        }
    }

    @Test
    void rawRunAnswersEveryMessage() throws Exception {
        try (TsServer server = TsServer.builder().host("127.0.0.1").port(0).codec("raw").start()) {
            Run run = bench(server.tcpAddress(), "--codec", "raw", "--connections", "3", "--count",
                    Integer.toString(COUNT), "--warmup", "0", "--json");
            assertEquals(0, run.exitCode(), run.out() + run.err());
            assertEquals(COUNT, run.number("messages"));
            assertEquals(0, run.number("errors"));
        }
    }

    @Test
    void udpRunAnswersEveryMessage() throws Exception {
        try (TsServer server = TsServer.builder().host("127.0.0.1").port(0).transport(Transport.UDP).start()) {
            Run run = bench(server.udpAddress(), "--transport", "udp", "--connections", "2", "--pipeline", "2",
                    "--size", "300", "--count", Integer.toString(COUNT), "--warmup", "0", "--json");
            assertEquals(0, run.exitCode(), run.out() + run.err());
            assertEquals(COUNT, run.number("messages"));
            assertEquals(0, run.number("errors"));
        }
    }

    @Test
    void fixedRateRunReportsCorrectedAndServiceLatency() throws Exception {
        try (TsServer server = TsServer.builder().host("127.0.0.1").port(0).start()) {
            Run run = bench(server.tcpAddress(), "--connections", "2", "--rate", "2000", "--count", "400",
                    "--warmup", "0", "--json");
            assertEquals(0, run.exitCode(), run.out() + run.err());
            assertEquals(400, run.number("messages"));
            assertTrue(run.out().contains("\"coordinated_omission_corrected\":true"), run.out());
            assertTrue(run.out().contains("\"service_time_us\":{"), run.out());
            // 400 messages at 2000/s take about 0.2 s: the rate held rather than a burst.
            assertTrue(run.number("msgs_per_s") <= 2200, run.out());
        }
    }

    @Test
    void wrongPayloadInEveryReplyIsCountedAsAnError() throws Exception {
        IoHandlerAdapter wrongPayload = new IoHandlerAdapter() {
            @Override
            public void messageReceived(IoSession session, Object message) {
                byte[] payload = (byte[]) message;
                byte[] reply = ("[Thu Jan  1 00:00:00 1970] " + new String(payload, StandardCharsets.US_ASCII))
                        .getBytes(StandardCharsets.US_ASCII);
                reply[reply.length - 1] ^= 1; // the last payload byte is wrong
                session.write(reply);
            }
        };
        try (TsServer server = TsServer.builder().host("127.0.0.1").port(0).handler(wrongPayload).start()) {
            Run run = bench(server.tcpAddress(), "--pipeline", "4", "--count", "200", "--warmup", "0", "--json");
            assertEquals(1, run.exitCode(), run.out() + run.err());
            assertEquals(0, run.number("messages"));
            assertEquals(200, run.number("invalid_reply"));
            assertEquals(200, run.number("errors"));
            assertTrue(run.out().contains("wrong reply to request"), run.out());
        }
    }

    @Test
    void replyWithoutTimestampShapeIsCountedAsAnError() throws Exception {
        IoHandlerAdapter echo = new IoHandlerAdapter() {
            @Override
            public void messageReceived(IoSession session, Object message) {
                session.write(message); // the payload alone, no "[TS] "
            }
        };
        try (TsServer server = TsServer.builder().host("127.0.0.1").port(0).handler(echo).start()) {
            Run run = bench(server.tcpAddress(), "--count", "50", "--warmup", "0", "--json");
            assertEquals(1, run.exitCode());
            assertEquals(50, run.number("invalid_reply"));
        }
    }

    @Test
    void jsonSummaryHasEveryField() throws Exception {
        try (TsServer server = TsServer.builder().host("127.0.0.1").port(0).start()) {
            Run run = bench(server.tcpAddress(), "--count", "100", "--warmup", "0", "--json");
            assertEquals(0, run.exitCode(), run.err());
            String json = run.out().strip();
            assertTrue(json.startsWith("{") && json.endsWith("}") && json.lines().count() == 1, json);
            for (String field : List.of("transport", "codec", "server", "connections", "pipeline", "size", "threads",
                    "rate", "count", "duration_s", "warmup_s", "messages", "elapsed_s", "msgs_per_s", "mb_per_s",
                    "errors", "error_counts", "connect", "invalid_reply", "closed_by_server", "unexpected_reply",
                    "unanswered", "send", "worker", "first_error", "rate_skipped", "coordinated_omission_corrected",
                    "latency_us", "p50", "p90", "p99", "p99_9", "max", "mean", "samples", "protocol", "reconnects",
                    "resent", "longest_gap_ms")) {
                assertTrue(json.contains("\"" + field + "\":"), () -> "missing " + field + " in " + json);
            }
        }
    }

    @Test
    void textSummaryShowsThroughputErrorsAndPercentiles() throws Exception {
        try (TsServer server = TsServer.builder().host("127.0.0.1").port(0).start()) {
            Run run = bench(server.tcpAddress(), "--duration", "0.5", "--warmup", "0.2");
            assertEquals(0, run.exitCode(), run.err());
            assertTrue(run.out().contains("msgs/s"), run.out());
            assertTrue(run.out().contains("errors     0 "), run.out());
            assertTrue(run.out().matches("(?s).*p50 [0-9.]+  p90 [0-9.]+  p99 [0-9.]+  p99\\.9 [0-9.]+  max.*"),
                    run.out());
        }
    }

    @Test
    void serverThatIsNotThereIsExitOneWithOneLine() throws Exception {
        int port;
        try (ServerSocket free = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = free.getLocalPort();
        }
        Run run = bench(new InetSocketAddress("127.0.0.1", port), "--count", "10", "--warmup", "0");
        assertEquals(1, run.exitCode());
        assertTrue(run.err().startsWith("tsclient: cannot connect to 127.0.0.1:" + port + ": connection refused"),
                run.err());
        assertEquals(1, run.err().strip().lines().count(), run.err());
    }

    @ParameterizedTest
    @ValueSource(strings = {"line", "raw"})
    void anEchoServerIsBenchedWithTheEchoProtocol(String codec) throws Exception {
        IoHandlerAdapter echo = new IoHandlerAdapter() {
            @Override
            public void messageReceived(IoSession session, Object message) {
                session.write(message);
            }
        };
        try (TsServer server = TsServer.builder().host("127.0.0.1").port(0).codec(codec).handler(echo).start()) {
            Run run = bench(server.tcpAddress(), "--codec", codec, "--protocol", "echo", "--count", "300",
                    "--warmup", "0", "--json");
            assertEquals(0, run.exitCode(), run.out() + run.err());
            assertEquals(300, run.number("messages"));
            assertTrue(run.out().contains("\"protocol\":\"echo\""), run.out());
        }
    }

    /**
     * A proxy cuts each of the first connections part-way through the replies; with
     * {@code --reconnect} every message is still answered once, validly, and the run reports it.
     */
    @Test
    void reconnectResendsWhatACutConnectionLeftUnanswered() throws Exception {
        try (TsServer server = TsServer.builder().host("127.0.0.1").port(0).start();
             CuttingProxy proxy = new CuttingProxy(server.tcpAddress(), 5_003, 4)) {
            Run run = bench(new InetSocketAddress("127.0.0.1", proxy.port()), "--reconnect", "--connections", "4",
                    "--pipeline", "8", "--count", String.valueOf(COUNT), "--warmup", "0", "--json");
            assertEquals(0, run.exitCode(), run.out() + run.err());
            assertEquals(COUNT, run.number("messages"));
            assertEquals(0, run.number("errors"));
            assertEquals(4, run.number("reconnects"));
            assertTrue(run.number("resent") >= 4, run.out());
            assertEquals(4, proxy.cut());
            assertEquals(8, proxy.accepted());
            assertTrue(run.out().contains("\"longest_gap_ms\":"), run.out());
        }
    }

    @Test
    void reconnectIsReportedInTheTextSummary() throws Exception {
        try (TsServer server = TsServer.builder().host("127.0.0.1").port(0).start();
             CuttingProxy proxy = new CuttingProxy(server.tcpAddress(), 2_001, 1)) {
            Run run = bench(new InetSocketAddress("127.0.0.1", proxy.port()), "--reconnect", "--pipeline", "4",
                    "--count", "500", "--warmup", "0");
            assertEquals(0, run.exitCode(), run.out() + run.err());
            assertTrue(run.out().matches("(?s).*reconnects 1, resent [1-4], longest gap without replies [0-9.]+ ms.*"),
                    run.out());
        }
    }

    @Test
    void withoutReconnectACutConnectionIsAnError() throws Exception {
        try (TsServer server = TsServer.builder().host("127.0.0.1").port(0).start();
             CuttingProxy proxy = new CuttingProxy(server.tcpAddress(), 2_001, 1)) {
            Run run = bench(new InetSocketAddress("127.0.0.1", proxy.port()), "--pipeline", "4", "--count", "500",
                    "--warmup", "0", "--json");
            assertEquals(1, run.exitCode(), run.out() + run.err());
            assertEquals(1, run.number("closed_by_server"));
            assertEquals(0, run.number("reconnects"));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"--duration 1 --count 5", "--codec raw --pipeline 2 --count 5", "--connections 0",
            "--size -1", "--transport sctp --count 5", "--rate -3", "--protocol nope",
            "--codec length --length-prefix 1 --size 214 --count 5"})
    void badCommandLineIsExitTwo(String args) {
        Run run = bench(new InetSocketAddress("127.0.0.1", 9), args.split(" "));
        assertEquals(2, run.exitCode(), run.err());
    }
}
