package dev.tsserver.client.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.tsserver.client.ClientCommand;
import dev.tsserver.client.CuttingProxy;
import dev.tsserver.client.tls.SelfSignedCertificate;
import dev.tsserver.core.TsServer;
import dev.tsserver.core.edge.TlsSettings;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code tsclient bench --tls} against the embedded TLS server on loopback; certificates made at test time. */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class BenchTlsTest {

    private static final int COUNT = 4000;

    @TempDir
    static Path dir;
    static SelfSignedCertificate server;
    static SelfSignedCertificate client;

    @BeforeAll
    static void certificates() throws Exception {
        server = SelfSignedCertificate.create(dir, "server");
        client = SelfSignedCertificate.create(dir, "client");
    }

    private record Run(int exitCode, String out, String err) {
        long number(String field) {
            Matcher m = Pattern.compile("\"" + field + "\":(-?[0-9.]+)").matcher(out);
            assertTrue(m.find(), () -> "no numeric field " + field + " in " + out + err);
            return (long) Double.parseDouble(m.group(1));
        }
    }

    private static Run bench(int port, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        List<String> all = new ArrayList<>(List.of("--host", "127.0.0.1", "--port", Integer.toString(port)));
        all.addAll(List.of(args));
        int code = ClientCommand.newCommandLine().setOut(new PrintWriter(out)).setErr(new PrintWriter(err))
                .execute(all.toArray(String[]::new));
        return new Run(code, out.toString(), err.toString());
    }

    private static TsServer tlsServer(String codec, Path clientCa) throws Exception {
        return TsServer.builder().host("127.0.0.1").port(0).codec(codec)
                .tls(new TlsSettings(server.certificate(), server.key(), clientCa)).start();
    }

    /** Large payloads too: a reply spans TLS records, and a record holds many small replies. */
    @ParameterizedTest
    @ValueSource(strings = {"line:64", "length:64", "line:20000"})
    void pipelinedRunOverTlsAnswersEveryMessage(String codecAndSize) throws Exception {
        String codec = codecAndSize.split(":")[0];
        String size = codecAndSize.split(":")[1];
        try (TsServer tsServer = tlsServer(codec, null)) {
            Run run = bench(tsServer.tcpAddress().getPort(), "--timeout", "20", "--codec", codec, "--tls",
                    "--tls-ca", server.certificate().toString(), "bench", "--connections", "4", "--pipeline", "16",
                    "--size", size, "--count", Integer.toString(COUNT), "--warmup", "0", "--threads", "2", "--json");
            assertEquals(0, run.exitCode(), run.out() + run.err());
            assertEquals(COUNT, run.number("messages"));
            assertEquals(0, run.number("errors"));
            assertTrue(run.out().contains("\"tls\":true"), run.out());
        }
    }

    @Test
    void theTextSummaryCountsTheHandshakes() throws Exception {
        try (TsServer tsServer = tlsServer("line", null)) {
            Run run = bench(tsServer.tcpAddress().getPort(), "--tls", "--tls-ca", server.certificate().toString(),
                    "bench", "--connections", "3", "--count", "300", "--warmup", "0");
            assertEquals(0, run.exitCode(), run.out() + run.err());
            assertTrue(run.out().matches("(?s).*\ntls +3 handshakes in [0-9.]+ s before measuring.*"), run.out());
        }
    }

    /** Reported as soon as the handshake fails, not at --timeout (longer than the test may take). */
    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void anUntrustedServerIsReportedAtOnceInOneLine() throws Exception {
        try (TsServer tsServer = tlsServer("line", null)) {
            int port = tsServer.tcpAddress().getPort();
            Run run = bench(port, "--timeout", "120", "--tls", "bench", "--connections", "3", "--count", "100");
            assertEquals(1, run.exitCode(), run.out() + run.err());
            assertEquals("tsclient: TLS handshake with 127.0.0.1:" + port
                    + " failed: certificate not trusted (use --tls-ca FILE or --tls-insecure)\n", run.err());
            Run insecure = bench(port, "--tls", "--tls-insecure", "bench", "--count", "100", "--warmup", "0",
                    "--json");
            assertEquals(0, insecure.exitCode(), insecure.out() + insecure.err());
            assertEquals(100, insecure.number("messages"));
        }
    }

    @Test
    void aServerThatWantsAClientCertificateGetsOne() throws Exception {
        try (TsServer tsServer = tlsServer("line", client.certificate())) {
            int port = tsServer.tcpAddress().getPort();
            Run run = bench(port, "--tls", "--tls-ca", server.certificate().toString(), "--tls-cert",
                    client.certificate().toString(), "--tls-key", client.key().toString(), "bench", "--connections",
                    "2", "--pipeline", "4", "--count", "500", "--warmup", "0", "--json");
            assertEquals(0, run.exitCode(), run.out() + run.err());
            assertEquals(500, run.number("messages"));
            Run without = bench(port, "--timeout", "10", "--tls", "--tls-ca", server.certificate().toString(), "bench",
                    "--count", "50", "--warmup", "0", "--json");
            assertEquals(1, without.exitCode(), without.out() + without.err());
        }
    }

    /**
     * A proxy cuts each of the first four TLS connections part-way through the encrypted replies;
     * with --reconnect each is connected and handshaken again and every message still answered.
     */
    @Test
    void reconnectMakesANewTlsSessionAndResends() throws Exception {
        try (TsServer tsServer = tlsServer("line", null);
             CuttingProxy proxy = new CuttingProxy(tsServer.tcpAddress(), 9_001, 4)) {
            Run run = bench(proxy.port(), "--timeout", "20", "--reconnect", "--tls", "--tls-ca",
                    server.certificate().toString(), "bench", "--connections", "4", "--pipeline", "8", "--count",
                    Integer.toString(COUNT), "--warmup", "0", "--json");
            assertEquals(0, run.exitCode(), run.out() + run.err());
            assertEquals(COUNT, run.number("messages"));
            assertEquals(0, run.number("errors"));
            assertEquals(4, run.number("reconnects"));
            assertEquals(4, proxy.cut());
            assertEquals(8, proxy.accepted());
        }
    }
}
