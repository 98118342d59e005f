package dev.tsserver.client;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.TimeUnit;

import dev.tsserver.core.Transport;
import dev.tsserver.core.TsServer;
import dev.tsserver.core.TsServerConfig;
import dev.tsserver.core.time.TimestampFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code tsclient} run in-process against an embedded server on loopback, port 0, fixed clock. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ClientAgainstServerTest {

    private static final Clock FIXED = Clock.fixed(Instant.parse("2026-11-24T14:03:39Z"), ZoneOffset.UTC);
    private static final String PREFIX = "[Tue Nov 24 14:03:39 2026] ";

    private static TsServerConfig.Builder server(String codec) {
        return TsServer.builder().host("127.0.0.1").port(0).codec(codec).clock(FIXED).zone(ZoneOffset.UTC)
                .timeFormat(TimestampFormat.CTIME);
    }

    private static String port(InetSocketAddress address) {
        return String.valueOf(address.getPort());
    }

    /** The expected output: each payload prefixed and followed by one LF. */
    private static byte[] replies(byte[]... payloads) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] payload : payloads) {
            out.writeBytes(PREFIX.getBytes(UTF_8));
            out.writeBytes(payload);
            out.write('\n');
        }
        return out.toByteArray();
    }

    private static byte[] utf8(String text) {
        return text.getBytes(UTF_8);
    }

    private static void assertRun(byte[] expectedOut, ClientRun run) {
        assertEquals(0, run.exitCode(), run::toString);
        assertEquals("", run.err());
        assertEquals(new String(expectedOut, ISO_8859_1), new String(run.out(), ISO_8859_1));
    }

    @Test
    void sendPrintsOneReplyPerArgumentWithTheLineCodec() throws IOException {
        try (TsServer server = server("line").start()) {
            ClientRun run = ClientRun.run("--port", port(server.tcpAddress()), "--host", "127.0.0.1",
                    "send", "hello", "wörld", "", "two words");
            assertRun(replies(utf8("hello"), utf8("wörld"), new byte[0], utf8("two words")), run);
        }
    }

    @Test
    void sharedOptionsWorkAfterTheSubcommandToo() throws IOException {
        try (TsServer server = server("line").start()) {
            ClientRun run = ClientRun.run("send", "--host", "127.0.0.1", "-p", port(server.tcpAddress()), "x");
            assertRun(replies(utf8("x")), run);
        }
    }

    @ParameterizedTest(name = "length prefix {0}")
    @ValueSource(ints = {1, 2, 4})
    void sendWorksWithEveryLengthPrefix(int prefix) throws IOException {
        try (TsServer server = server("length").lengthPrefix(prefix).start()) {
            ClientRun run = ClientRun.run("--host", "127.0.0.1", "-p", port(server.tcpAddress()),
                    "--codec", "length", "--length-prefix", String.valueOf(prefix), "send", "a", "", "line\nfeed");
            assertRun(replies(utf8("a"), new byte[0], utf8("line\nfeed")), run);
        }
    }

    @Test
    void rawRepliesAreSplitByTheLengthOfEachMessage() throws IOException {
        try (TsServer server = server("raw").start()) {
            ClientRun run = ClientRun.run("--host", "127.0.0.1", "-p", port(server.tcpAddress()),
                    "--codec", "raw", "send", "one", "[x] y", "three\n");
            assertRun(replies(utf8("one"), utf8("[x] y"), utf8("three\n")), run);
        }
    }

    @Test
    void rawChatSendsLinesStopAndWaitAndSkipsEmptyLines() throws IOException {
        try (TsServer server = server("raw").start()) {
            ClientRun run = ClientRun.piped(utf8("a\n\nbb\nccc\n"), "--host", "127.0.0.1",
                    "-p", port(server.tcpAddress()), "--codec", "raw");
            assertRun(replies(utf8("a"), utf8("bb"), utf8("ccc")), run);
        }
    }

    /** The server may read a large raw message in several chunks and answer each: still one reply line. */
    @Test
    void aRawMessageTheServerReadsInPiecesIsStillOneReply() throws IOException {
        String big = "x".repeat(20_000);
        try (TsServer server = server("raw").start()) {
            ClientRun run = ClientRun.run("--host", "127.0.0.1", "-p", port(server.tcpAddress()),
                    "--codec", "raw", "send", big, "after");
            assertEquals(0, run.exitCode(), run::toString);
            String[] lines = run.outText().split("\n", -1);
            assertEquals(3, lines.length, "two replies, each ending in LF");
            assertTrue(lines[0].startsWith(PREFIX), lines[0].substring(0, 40));
            assertEquals(big, lines[0].replace(PREFIX, ""));
            assertEquals(PREFIX + "after", lines[1]);
        }
    }

    @Test
    void udpSendsOneDatagramPerMessage() throws IOException {
        try (TsServer server = server("line").transport(Transport.UDP).start()) {
            ClientRun run = ClientRun.run("--host", "127.0.0.1", "-p", port(server.udpAddress()),
                    "--transport", "udp", "send", "a", "b\nc");
            assertRun(replies(utf8("a"), utf8("b\nc")), run);
        }
    }

    @Test
    void udpRepliesLargerThanMinasDefaultReadBufferArriveWhole() throws IOException {
        byte[] big = new byte[5000];
        java.util.Arrays.fill(big, (byte) 'x');
        try (TsServer server = server("line").transport(Transport.UDP).start()) {
            ClientRun run = ClientRun.run("--host", "127.0.0.1", "-p", port(server.udpAddress()),
                    "--transport", "udp", "send", new String(big, UTF_8));
            assertRun(replies(big), run);
        }
    }

    /** Pipelined large datagrams overflow socket buffers and are lost unless bytes in flight are bounded. */
    @Test
    void manyLargeDatagramsAllGetTheirReplies() throws IOException {
        ByteArrayOutputStream input = new ByteArrayOutputStream();
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        for (int i = 0; i < 200; i++) {
            byte[] payload = String.valueOf(i % 10).repeat(60_000).getBytes(UTF_8);
            input.writeBytes(payload);
            input.write('\n');
            expected.writeBytes(replies(payload));
        }
        try (TsServer server = server("line").transport(Transport.UDP).start()) {
            ClientRun run = ClientRun.piped(input.toByteArray(), "--host", "127.0.0.1",
                    "-p", port(server.udpAddress()), "--transport", "udp");
            assertEquals(0, run.exitCode(), () -> "exit " + run.exitCode() + ": " + run.err());
            assertEquals(expected.size(), run.out().length);
            assertArrayEquals(expected.toByteArray(), run.out());
        }
    }

    @Test
    void worksOverIpv6Loopback() throws IOException {
        assumeTrue(ipv6LoopbackAvailable(), "no ::1 on this machine");
        try (TsServer server = TsServer.builder().host("::1").port(0).clock(FIXED).zone(ZoneOffset.UTC).start()) {
            ClientRun run = ClientRun.run("--host", "::1", "-p", port(server.tcpAddress()), "send", "v6");
            assertRun(replies(utf8("v6")), run);
        }
    }

    private static boolean ipv6LoopbackAvailable() {
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getByName("::1"))) {
            return probe.isBound();
        } catch (IOException e) {
            return false;
        }
    }

    @Test
    void pipedChatSendsEveryLineInOrderBytesUnchanged() throws IOException {
        ByteArrayOutputStream input = new ByteArrayOutputStream();
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        byte[][] specials = {new byte[0], {(byte) 0xff, (byte) 0xfe, 0x00, 0x7f}, "中文".getBytes(UTF_8),
            "gbk".getBytes(UTF_8)};
        for (int i = 0; i < 500; i++) {
            byte[] payload = i % 50 < specials.length ? specials[i % 50] : utf8("line " + i);
            input.writeBytes(payload);
            input.writeBytes(i % 7 == 0 ? utf8("\r\n") : utf8("\n"));
            expected.writeBytes(replies(payload));
        }
        input.writeBytes(utf8("last line without LF"));
        expected.writeBytes(replies(utf8("last line without LF")));
        try (TsServer server = server("line").start()) {
            ClientRun run = ClientRun.piped(input.toByteArray(), "--host", "127.0.0.1", "-p", port(server.tcpAddress()));
            assertRun(expected.toByteArray(), run);
        }
    }

    @Test
    void pipedChatAnswersEmptyInputWithNothing() throws IOException {
        try (TsServer server = server("line").start()) {
            assertRun(new byte[0], ClientRun.piped(new byte[0], "--host", "127.0.0.1", "-p", port(server.tcpAddress())));
        }
    }

    @Test
    void interactiveChatPromptsAndStopsAtAnEmptyLine() throws IOException {
        try (TsServer server = server("line").start()) {
            ClientRun run = ClientRun.run(utf8("a\nb\n\nnot sent\n"), true,
                    "--host", "127.0.0.1", "-p", port(server.tcpAddress()));
            assertEquals(0, run.exitCode(), run::toString);
            assertEquals("> " + PREFIX + "a\n> " + PREFIX + "b\n> ", run.outText());
        }
    }

    @Test
    void interactiveChatEndsItsPromptLineAtEndOfInput() throws IOException {
        try (TsServer server = server("line").start()) {
            ClientRun run = ClientRun.run(utf8("a\n"), true, "--host", "127.0.0.1", "-p", port(server.tcpAddress()));
            assertEquals(0, run.exitCode(), run::toString);
            assertEquals("> " + PREFIX + "a\n> \n", run.outText());
        }
    }

    @Test
    void interactiveChatReportsALineItCannotSendAndGoesOn() throws IOException {
        try (TsServer server = server("length").lengthPrefix(1).start()) {
            ClientRun run = ClientRun.run(utf8("x".repeat(300) + "\nok\n"), true, "--host", "127.0.0.1",
                    "-p", port(server.tcpAddress()), "--codec", "length", "--length-prefix", "1");
            assertEquals(0, run.exitCode(), run::toString);
            assertEquals("> > " + PREFIX + "ok\n> \n", run.outText());
            assertEquals("tsclient: input line 1 not sent: 300 bytes do not fit a 1-byte length field (max 255)\n",
                    run.err());
        }
    }

    @Test
    void interactiveChatSkipsALineLongerThanMaxFrame() throws IOException {
        try (TsServer server = server("line").start()) {
            ClientRun run = ClientRun.run(utf8("0123456789abc\nok\n"), true, "--host", "127.0.0.1",
                    "-p", port(server.tcpAddress()), "--max-frame", "10");
            assertEquals(0, run.exitCode(), run::toString);
            assertEquals("> > " + PREFIX + "ok\n> \n", run.outText());
            assertEquals("tsclient: input line 1 is longer than --max-frame 10 bytes; not sent\n", run.err());
        }
    }

    @Test
    void pipedChatStopsAtALineItCannotSendAfterTheRepliesBeforeIt() throws IOException {
        try (TsServer server = server("length").lengthPrefix(1).start()) {
            ClientRun run = ClientRun.piped(utf8("a\n" + "x".repeat(300) + "\nnot sent\n"), "--host", "127.0.0.1",
                    "-p", port(server.tcpAddress()), "--codec", "length", "--length-prefix", "1");
            assertEquals(1, run.exitCode(), run::toString);
            assertEquals(PREFIX + "a\n", run.outText());
            assertEquals("tsclient: input line 2 not sent: 300 bytes do not fit a 1-byte length field (max 255)\n",
                    run.err());
        }
    }

    @Test
    void repliesLongerThanMaxFrameByTheTimestampAreAccepted() throws IOException {
        try (TsServer server = server("line").maxFrame(10).start()) {
            ClientRun run = ClientRun.run("--host", "127.0.0.1", "-p", port(server.tcpAddress()),
                    "--max-frame", "10", "send", "0123456789");
            assertRun(replies(utf8("0123456789")), run);
        }
    }

    @Test
    void aLineTooLongForTheServerGetsItsErrorLine() throws IOException {
        try (TsServer server = server("line").maxFrame(10).start()) {
            ClientRun run = ClientRun.run("--host", "127.0.0.1", "-p", port(server.tcpAddress()),
                    "--max-frame", "100", "send", "far too long for ten", "ok");
            assertEquals(0, run.exitCode(), run::toString);
            assertEquals("ERROR line too long (max 10 bytes)\n" + PREFIX + "ok\n", run.outText());
        }
    }

    @Test
    void aServerThatClosesTheConnectionIsReported() throws IOException {
        try (TsServer server = server("length").maxFrame(10).start()) {
            String port = port(server.tcpAddress());
            ClientRun run = ClientRun.run("--host", "127.0.0.1", "-p", port, "--codec", "length",
                    "--max-frame", "100", "send", "far too long for ten");
            assertEquals(1, run.exitCode(), run::toString);
            assertEquals("", run.outText());
            assertEquals("tsclient: server 127.0.0.1:" + port + " closed the connection before any reply; check that "
                    + "--codec, --length-prefix and --max-frame match the server's (here: --codec length "
                    + "--length-prefix 4 --max-frame 100)\n", run.err());
        }
    }

    @Test
    void aLineClientAgainstALengthServerIsToldToCheckTheCodec() throws IOException {
        try (TsServer server = server("length").start()) {
            ClientRun run = ClientRun.run("--host", "127.0.0.1", "-p", port(server.tcpAddress()), "send", "hello");
            assertEquals(1, run.exitCode(), run::toString);
            assertEquals(1, run.err().lines().count(), run.err());
            assertTrue(run.err().contains("check that --codec"), run.err());
        }
    }

    @Test
    void aLengthPrefixMismatchIsToldToCheckTheLengthPrefix() throws IOException {
        try (TsServer server = server("length").lengthPrefix(2).start()) {
            ClientRun run = ClientRun.run("--host", "127.0.0.1", "-p", port(server.tcpAddress()), "--codec", "length",
                    "--timeout", "2", "send", "hello");
            assertEquals(1, run.exitCode(), run::toString);
            assertEquals(1, run.err().lines().count(), run.err());
            assertTrue(run.err().contains("--length-prefix 4)"), run.err());
        }
    }

    @Test
    void aServerWithoutAnyReplyShapeIsToldToCheckTheProtocol() throws IOException {
        try (TsServer server = server("line").start()) {
            ClientRun run = ClientRun.run("--host", "127.0.0.1", "-p", port(server.tcpAddress()), "--protocol", "echo",
                    "send", "hello");
            assertEquals(1, run.exitCode(), run::toString);
            assertTrue(run.err().startsWith("tsclient: reply 1 from 127.0.0.1:"), run.err());
            assertTrue(run.err().contains("--protocol echo"), run.err());
        }
    }

    @Test
    void anEchoServerIsCheckedAsEcho() throws IOException {
        try (TsServer server = server("line").handler(new EchoHandler()).start()) {
            ClientRun run = ClientRun.run("--host", "127.0.0.1", "-p", port(server.tcpAddress()), "--protocol", "echo",
                    "send", "hello", "wörld");
            assertEquals(0, run.exitCode(), run::toString);
            assertEquals("hello\nwörld\n", run.outText());
        }
    }

    @Test
    void anEchoServerIsCheckedAsEchoOverRawToo() throws IOException {
        try (TsServer server = server("raw").handler(new EchoHandler()).start()) {
            ClientRun run = ClientRun.run("--host", "127.0.0.1", "-p", port(server.tcpAddress()), "--codec", "raw",
                    "--protocol", "echo", "send", "hello", "[x] y");
            assertEquals(0, run.exitCode(), run::toString);
            assertEquals("hello\n[x] y\n", run.outText());
        }
    }


    @Test
    void aMessageTheServerCannotFrameIsRefusedUpFront() throws IOException {
        try (TsServer server = server("length").lengthPrefix(1).start()) {
            ClientRun run = ClientRun.run("--host", "127.0.0.1", "-p", port(server.tcpAddress()),
                    "--codec", "length", "--length-prefix", "1", "send", "x".repeat(256));
            assertEquals(2, run.exitCode(), run::toString);
            assertEquals("tsclient send: Invalid value for MESSAGE 1: 256 bytes do not fit a 1-byte length field "
                    + "(max 255) (see --help)\n", run.err());
        }
    }
}
