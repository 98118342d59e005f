package dev.tsserver.client.boundaries;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.tsserver.client.ClientCommand;
import dev.tsserver.core.Transport;
import dev.tsserver.core.TsServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import picocli.CommandLine;

/** The experiment end to end, through the command line, against real servers on loopback. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class BoundariesCommandTest {

    private static final List<String> FIELDS = List.of("case", "transport", "codec", "run", "sizes", "messagesSent",
            "writes", "serverReads", "repliesReceived", "recovered", "merged", "split", "wrongMessages", "lost",
            "reordered", "skipped", "error", "summary");
    private static final Pattern FIELD = Pattern.compile("\"(\\w+)\": (null|-?\\d+|\"(?:[^\"\\\\]|\\\\.)*\")");

    private record Run(int exitCode, String out, String err) {
    }

    private static Run tsclient(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine commandLine = ClientCommand.newCommandLine();
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        int exitCode = commandLine.execute(args);
        return new Run(exitCode, out.toString(), err.toString());
    }

    /** The JSON output's cases, one map of field to raw JSON value per case. */
    private static List<Map<String, String>> cases(String json) {
        List<Map<String, String>> cases = new ArrayList<>();
        for (String line : json.split("\n")) {
            if (!line.trim().startsWith("{\"case\"")) {
                continue;
            }
            Map<String, String> fields = new LinkedHashMap<>();
            Matcher m = FIELD.matcher(line);
            while (m.find()) {
                fields.put(m.group(1), m.group(2));
            }
            cases.add(fields);
        }
        return cases;
    }

    private static Map<String, String> find(List<Map<String, String>> cases, String label, String run) {
        return cases.stream()
                .filter(c -> c.get("case").equals("\"" + label + "\"") && c.get("run").equals("\"" + run + "\""))
                .findFirst().orElseThrow(() -> new AssertionError("no case " + label + "/" + run));
    }

    private static long number(Map<String, String> c, String field) {
        String value = c.get(field);
        assertNotNull(value, field + " missing");
        return Long.parseLong(value);
    }

    @Test
    void embeddedExperimentShowsLostBoundariesForRawAndRestoredOnesElsewhere() {
        int count = 1000;
        int large = 2;
        Run run = tsclient("boundaries", "--json", "--count", String.valueOf(count), "--large-count",
                String.valueOf(large));

        assertEquals(0, run.exitCode(), run.err());
        List<Map<String, String>> cases = cases(run.out());
        assertEquals(8, cases.size(), run.out());
        for (Map<String, String> c : cases) {
            assertEquals(FIELDS, List.copyOf(c.keySet()), "fields of " + c);
            assertEquals("null", c.get("error"), "error in " + c);
        }

        Map<String, String> rawSmall = find(cases, "tcp raw", "small");
        assertEquals(count, number(rawSmall, "messagesSent"));
        assertEquals(count, number(rawSmall, "writes"));
        assertTrue(number(rawSmall, "serverReads") < count, "small writes back to back must coalesce: " + rawSmall);
        assertEquals(number(rawSmall, "serverReads"), number(rawSmall, "repliesReceived"), "raw: one reply per read");
        assertTrue(number(rawSmall, "wrongMessages") > 0, "one read = one message must go wrong: " + rawSmall);
        assertEquals(count, number(rawSmall, "recovered") + number(rawSmall, "merged") + number(rawSmall, "split"));

        Map<String, String> rawLarge = find(cases, "tcp raw", "large");
        assertEquals(large, number(rawLarge, "messagesSent"));
        assertTrue(number(rawLarge, "serverReads") > large, "a 256 KiB write must take several reads: " + rawLarge);
        assertEquals(large, number(rawLarge, "split"));
        assertEquals(number(rawLarge, "serverReads"), number(rawLarge, "wrongMessages"));

        for (String codec : new String[] {"line", "length"}) {
            for (String size : new String[] {"small", "large"}) {
                Map<String, String> framed = find(cases, "tcp " + codec, size);
                long sent = size.equals("small") ? count : large;
                assertEquals(sent, number(framed, "messagesSent"), codec + " " + size);
                assertEquals(sent, number(framed, "repliesReceived"), codec + " " + size);
                assertEquals(sent, number(framed, "recovered"), codec + " " + size);
                assertEquals(0, number(framed, "merged") + number(framed, "split") + number(framed, "lost")
                        + number(framed, "wrongMessages"), codec + " " + size);
                assertTrue(number(framed, "serverReads") > 0);
            }
        }
        assertTrue(number(find(cases, "tcp line", "large"), "serverReads") > large);

        for (String size : new String[] {"small", "large"}) {
            Map<String, String> udp = find(cases, "udp", size);
            long sent = size.equals("small") ? count : large;
            assertEquals(sent, number(udp, "serverReads"), "UDP: one read per datagram");
            assertEquals(sent, number(udp, "repliesReceived"));
            assertEquals(sent, number(udp, "recovered"));
            assertEquals(0, number(udp, "lost"));
        }
    }

    @Test
    void tablePrintsOneRowAndOneSentencePerRun() {
        Run run = tsclient("boundaries", "--count", "200", "--size", "16,50,300", "--large-count", "1");

        assertEquals(0, run.exitCode(), run.err());
        for (String label : new String[] {"tcp raw", "tcp line", "tcp length", "udp"}) {
            for (String size : new String[] {"small", "large"}) {
                assertTrue(run.out().contains(label + " (" + size + "): "), label + " " + size + " in\n" + run.out());
            }
        }
        assertTrue(run.out().contains("200 of 200 recovered: the line codec restored the boundaries"), run.out());
        assertTrue(run.out().contains("200 datagrams, 200 replies: UDP kept the boundaries"), run.out());
        assertTrue(run.out().contains("16-300 B"), run.out());
        for (String line : run.out().split("\n")) {
            assertTrue(line.length() <= 100, "wider than 100 columns: " + line);
        }
    }

    @Test
    void namedServerRunsOnlyTheCasesItsCodecAllows() throws Exception {
        try (TsServer server = TsServer.builder().host("127.0.0.1").port(0).codec("length").lengthPrefix(2)
                .maxFrame(100_000).start()) {
            Run run = tsclient("--host", "127.0.0.1", "--port", String.valueOf(server.tcpAddress().getPort()),
                    "--codec", "length", "--length-prefix", "2", "--max-frame", "100000", "boundaries", "--json",
                    "--count", "100", "--large-count", "1");

            assertEquals(0, run.exitCode(), run.err());
            List<Map<String, String>> cases = cases(run.out());
            Map<String, String> small = find(cases, "tcp length", "small");
            assertEquals(100, number(small, "recovered"));
            assertEquals("null", small.get("serverReads"), "reads of a server we did not start are unknown");
            Map<String, String> large = find(cases, "tcp length", "large");
            assertEquals(1, number(large, "recovered"));
            // 65,535 less the longest timestamp prefix of any format (42 bytes)
            assertTrue(large.get("sizes").contains("65493"), "capped to the 2-byte length field: " + large);
            for (String other : new String[] {"tcp raw", "tcp line", "udp"}) {
                Map<String, String> skipped = cases.stream().filter(c -> c.get("case").equals("\"" + other + "\""))
                        .findFirst().orElseThrow();
                assertTrue(!skipped.get("skipped").equals("null"), other + " should be skipped: " + skipped);
            }
        }
    }

    @Test
    void namedServerWithBothTransportsRunsTcpAndUdp() throws Exception {
        try (TsServer server = TsServer.builder().host("127.0.0.1").port(0).codec("raw").transport(Transport.BOTH)
                .start()) {
            Run run = tsclient("--host", "127.0.0.1", "--port", String.valueOf(server.tcpAddress().getPort()),
                    "--codec", "raw", "--transport", "both", "boundaries", "--json", "--count", "200",
                    "--large-count", "1");

            assertEquals(0, run.exitCode(), run.err());
            List<Map<String, String>> cases = cases(run.out());
            Map<String, String> raw = find(cases, "tcp raw", "small");
            assertEquals("null", raw.get("serverReads"));
            assertEquals(200, number(raw, "recovered") + number(raw, "merged") + number(raw, "split"));
            assertEquals(200, number(find(cases, "udp", "small"), "recovered"));
            assertEquals(1, number(find(cases, "udp", "large"), "recovered"));
            assertEquals(0, number(find(cases, "tcp raw", "large"), "lost"));
        }
    }

    /**
     * Issue 8: one process with four listeners (line, length, UDP, echo); the experiment runs
     * against each framing listener of that one server, and each recovers every message.
     */
    @Test
    void severalListenersInOneServerEachServeTheirOwnCase() throws Exception {
        try (TsServer server = TsServer.builder().host("127.0.0.1").maxFrame(100_000)
                .listen("tcp://127.0.0.1:0?codec=line")
                .listen("tcp://127.0.0.1:0?codec=length&length-prefix=4")
                .listen("udp://127.0.0.1:0")
                .listen("tcp://127.0.0.1:0?protocol=echo&codec=raw")
                .start()) {
            assertEquals(4, server.listeners().size());
            int linePort = server.listeners().get(0).address().getPort();
            int lengthPort = server.listeners().get(1).address().getPort();
            int udpPort = server.listeners().get(2).address().getPort();

            Run line = tsclient("--host", "127.0.0.1", "--port", String.valueOf(linePort), "--codec", "line",
                    "--max-frame", "100000", "boundaries", "--json", "--count", "100", "--large-count", "1");
            assertEquals(0, line.exitCode(), line.err());
            assertEquals(100, number(find(cases(line.out()), "tcp line", "small"), "recovered"));

            Run length = tsclient("--host", "127.0.0.1", "--port", String.valueOf(lengthPort), "--codec", "length",
                    "--max-frame", "100000", "boundaries", "--json", "--count", "100", "--large-count", "1");
            assertEquals(0, length.exitCode(), length.err());
            List<Map<String, String>> lengthCases = cases(length.out());
            assertEquals(100, number(find(lengthCases, "tcp length", "small"), "recovered"));
            assertEquals(1, number(find(lengthCases, "tcp length", "large"), "recovered"));

            Run udp = tsclient("--host", "127.0.0.1", "--port", String.valueOf(udpPort), "--transport", "udp",
                    "boundaries", "--json", "--count", "100", "--large-count", "1");
            assertEquals(0, udp.exitCode(), udp.err());
            assertEquals(100, number(find(cases(udp.out()), "udp", "small"), "recovered"));
        }
    }

    @Test
    void noServerAtTheNamedPortExitsOneWithOneLine() throws Exception {
        int port;
        try (ServerSocket probe = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        Run run = tsclient("--host", "127.0.0.1", "--port", String.valueOf(port), "boundaries", "--count", "10");

        assertEquals(1, run.exitCode(), run.out());
        String[] errLines = run.err().strip().split("\n");
        assertEquals(1, errLines.length, run.err());
        assertTrue(errLines[0].startsWith("tsclient boundaries: cannot connect to 127.0.0.1:" + port + ": "),
                errLines[0]);
    }

    @Test
    void badCountIsABadCommandLine() {
        Run run = tsclient("boundaries", "--count", "0");
        assertEquals(2, run.exitCode());
        assertTrue(run.err().contains("--count"), run.err());
    }
}
