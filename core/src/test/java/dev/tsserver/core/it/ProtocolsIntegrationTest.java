package dev.tsserver.core.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

import dev.tsserver.core.Transport;
import dev.tsserver.core.TsServer;
import dev.tsserver.core.time.TimestampFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Each built-in protocol against its RFC, over real loopback sockets, TCP and UDP. */
@Timeout(60)
class ProtocolsIntegrationTest {

    /** RFC 868: seconds from 1900-01-01T00:00:00Z to the Unix epoch. */
    private static final long RFC868_EPOCH_OFFSET = 2_208_988_800L;

    // ---- echo (RFC 862) ----

    @Test
    void echoOverTcpSendsEachLineBackUnchangedFramedByTheCodec() throws Exception {
        try (TsServer server = Servers.loopback().protocol("echo").start();
             LoopbackClient client = new LoopbackClient(server.tcpAddress())) {
            client.send("hello\r\n\nbin\u00e9\n");
            assertEquals("hello", client.readLineText(), "CR LF framing still applies");
            assertEquals("", client.readLineText());
            assertEquals("bin\u00e9", client.readLineText(), "bytes unchanged");
            assertEquals(3, server.stats().snapshot().messagesAnswered());
        }
    }

    @Test
    void echoOverTcpWithTheLengthCodecFramesEachReply() throws Exception {
        try (TsServer server = Servers.loopback().protocol("echo").codec("length").lengthPrefix(2).start();
             LoopbackClient client = new LoopbackClient(server.tcpAddress())) {
            byte[] payload = {0, 1, 2, (byte) 0xff, '\n'};
            client.send(LoopbackClient.lengthFrame(2, payload));
            assertArrayEquals(payload, client.readLengthFrame(2));
        }
    }

    @Test
    void echoOverTcpWithTheRawCodecIsAnNcStyleEcho() throws Exception {
        try (TsServer server = Servers.loopback().protocol("echo").codec("raw").start()) {
            byte[] sent = "no framing at all\u0000\u00ff".getBytes(StandardCharsets.ISO_8859_1);
            assertArrayEquals(sent, sendThenReadToEnd(server.tcpAddress(), sent),
                    "write, half-close, read to EOF: everything comes back, then the server closes");
        }
    }

    @Test
    void echoOverUdpSendsTheDatagramBack() throws Exception {
        try (TsServer server = Servers.loopback().protocol("echo").transport(Transport.UDP).start();
             DatagramSocket socket = udpClient()) {
            byte[] payload = new byte[1000];
            Arrays.fill(payload, (byte) 0x5a);
            payload[0] = 0;
            assertArrayEquals(payload, exchange(socket, server.udpAddress(), payload));
            assertEquals(1, server.stats().snapshot().datagramsAnswered());
        }
    }

    // ---- discard (RFC 863) ----

    @Test
    void discardOverTcpReadsEverythingAndNeverReplies() throws Exception {
        try (TsServer server = Servers.loopback().protocol("discard").codec("length").start()) {
            byte[] garbage = new byte[100_000];
            Arrays.fill(garbage, (byte) 0xff); // a length codec would refuse this: discard ignores --codec
            assertArrayEquals(new byte[0], sendThenReadToEnd(server.tcpAddress(), garbage),
                    "nothing comes back; the connection ends when the client's input does");
            assertTrue(server.stats().snapshot().messagesReceived() >= 1);
            assertEquals(0, server.stats().snapshot().messagesAnswered());
        }
    }

    @Test
    void discardOverUdpDropsEveryDatagram() throws Exception {
        try (TsServer server = Servers.loopback().protocol("discard").transport(Transport.UDP).start();
             DatagramSocket socket = udpClient()) {
            byte[] payload = "drop me".getBytes(StandardCharsets.US_ASCII);
            for (int i = 0; i < 3; i++) {
                socket.send(new DatagramPacket(payload, payload.length, server.udpAddress()));
            }
            Servers.await("three datagrams received", 5000, () -> server.stats().snapshot().messagesReceived() == 3);
            assertEquals(0, server.stats().snapshot().datagramsAnswered(), "no datagram was sent back");
        }
    }

    // ---- daytime (RFC 867) ----

    @Test
    void daytimeOverTcpSendsOneLineThenCloses() throws Exception {
        try (TsServer server = Servers.loopback().protocol("daytime").start()) {
            assertEquals("0\r\n", text(readToEnd(server.tcpAddress())), "the fixed clock in epoch format, CRLF, EOF");
        }
    }

    @Test
    void daytimeOverTcpUsesTheTimeFormatAndZoneAndIgnoresTheCodecAndInput() throws Exception {
        Clock clock = Clock.fixed(Instant.parse("2026-01-02T03:04:05.678Z"), ZoneOffset.UTC);
        try (TsServer server = TsServer.builder().host("127.0.0.1").port(0).protocol("daytime").codec("length")
                .timeFormat(TimestampFormat.ISO).zone(ZoneOffset.ofHours(8)).clock(clock).start()) {
            byte[] got = sendThenReadToEnd(server.tcpAddress(), "ignored input\n".getBytes(StandardCharsets.US_ASCII));
            assertEquals("2026-01-02T11:04:05.678+08:00\r\n", text(got));
        }
    }

    @Test
    void daytimeWithTheRealClockIsCtimeNow() throws Exception {
        try (TsServer server = TsServer.builder().host("127.0.0.1").port(0).protocol("daytime")
                .zone(ZoneOffset.UTC).start()) {
            String line = text(readToEnd(server.tcpAddress()));
            assertTrue(line.matches("\\w{3} \\w{3} [ \\d]\\d \\d\\d:\\d\\d:\\d\\d \\d{4}\r\n"), line);
        }
    }

    @Test
    void daytimeOverUdpAnswersAnyDatagram() throws Exception {
        try (TsServer server = Servers.loopback().protocol("daytime").transport(Transport.UDP).start();
             DatagramSocket socket = udpClient()) {
            assertEquals("0\r\n", text(exchange(socket, server.udpAddress(), new byte[] {1})));
            assertEquals("0\r\n", text(exchange(socket, server.udpAddress(), "anything".getBytes(StandardCharsets.US_ASCII))));
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 2})
    void daytimeServesManyConnectionsWithAndWithoutWorkers(int workers) throws Exception {
        try (TsServer server = Servers.loopback().protocol("daytime").workers(workers).start()) {
            for (int i = 0; i < 50; i++) {
                assertEquals("0\r\n", text(readToEnd(server.tcpAddress())), "connection " + i);
            }
            Servers.await("every connection released", 5000, () -> server.openConnections() == 0);
        }
    }

    @Test
    void daytimeConnectionsOpenWhenTheServerStopsStillGetTheirLine() throws Exception {
        TsServer server = Servers.loopback().protocol("daytime").stopTimeout(Duration.ofSeconds(4)).start();
        List<Socket> sockets = new ArrayList<>();
        try {
            for (int i = 0; i < 20; i++) {
                Socket socket = new Socket();
                socket.connect(server.tcpAddress(), 5000);
                socket.setSoTimeout(5000);
                sockets.add(socket);
            }
            // Accepted, not only queued in the kernel's backlog (which a stop resets, as any
            // closed listening socket does).
            Servers.await("20 connections accepted", 5000,
                    () -> server.stats().snapshot().connectionsAccepted() == 20);
            server.close();
            for (Socket socket : sockets) {
                assertEquals("0\r\n", text(socket.getInputStream().readAllBytes()));
            }
        } finally {
            server.close();
            for (Socket socket : sockets) {
                socket.close();
            }
        }
    }

    // ---- time (RFC 868) ----

    @Test
    void timeOverTcpSendsFourBytesOfSecondsSince1900ThenCloses() throws Exception {
        try (TsServer server = Servers.loopback().protocol("time").start()) {
            assertArrayEquals(new byte[] {(byte) 0x83, (byte) 0xaa, 0x7e, (byte) 0x80}, readToEnd(server.tcpAddress()),
                    "1970-01-01 is 2,208,988,800 s after 1900-01-01: 0x83AA7E80");
        }
    }

    @Test
    void timeOverTcpAgreesWithTheClock() throws Exception {
        try (TsServer server = TsServer.builder().host("127.0.0.1").port(0).protocol("time").codec("line").start()) {
            long before = rfc868Now();
            byte[] got = readToEnd(server.tcpAddress());
            long after = rfc868Now();
            assertEquals(4, got.length);
            long value = unsigned32(got);
            assertTrue(inWindow(value, before, after), value + " not within [" + before + ", " + after + "]");
        }
    }

    @Test
    void timeOverUdpAgreesWithTheClock() throws Exception {
        try (TsServer server = TsServer.builder().host("127.0.0.1").port(0).protocol("time")
                .transport(Transport.UDP).start();
             DatagramSocket socket = udpClient()) {
            long before = rfc868Now();
            byte[] got = exchange(socket, server.udpAddress(), new byte[0]);
            long after = rfc868Now();
            assertEquals(4, got.length);
            long value = unsigned32(got);
            assertTrue(inWindow(value, before, after), value + " not within [" + before + ", " + after + "]");
        }
    }

    @Test
    void timeWrapsModulo2To32() throws Exception {
        // 2036-02-07T06:28:16Z is exactly 2^32 seconds after 1900: the RFC's 32 bits wrap to 0.
        Clock clock = Clock.fixed(Instant.parse("2036-02-07T06:28:17Z"), ZoneOffset.UTC);
        try (TsServer server = TsServer.builder().host("127.0.0.1").port(0).protocol("time").clock(clock).start()) {
            assertArrayEquals(new byte[] {0, 0, 0, 1}, readToEnd(server.tcpAddress()));
        }
    }

    // ---- the ts protocol is the default, over UDP as byte[] too ----

    @Test
    void tsIsTheDefaultProtocolOnBothTransports() throws Exception {
        try (TsServer server = Servers.loopback().transport(Transport.BOTH).start();
             LoopbackClient client = new LoopbackClient(server.tcpAddress());
             DatagramSocket socket = udpClient()) {
            assertEquals("ts", server.config().protocol());
            client.send("a\n");
            assertEquals(Servers.PREFIX + "a", client.readLineText());
            assertEquals(Servers.PREFIX + "b", text(exchange(socket, server.udpAddress(), "b".getBytes(StandardCharsets.US_ASCII))));
            assertEquals(2, server.stats().snapshot().messagesReceived());
        }
    }

    // ---- real nc, when installed ----

    @Test
    void realNcReadsDaytimeAndTime() throws Exception {
        String nc = CommandLineTools.require("nc");
        try (TsServer daytime = Servers.loopback().protocol("daytime").start();
             TsServer time = Servers.loopback().protocol("time").start()) {
            assertEquals("0\r\n", text(runNc(nc, daytime.tcpAddress())));
            assertArrayEquals(new byte[] {(byte) 0x83, (byte) 0xaa, 0x7e, (byte) 0x80}, runNc(nc, time.tcpAddress()));
        }
    }

    private static byte[] runNc(String nc, InetSocketAddress address) throws Exception {
        Process process = new ProcessBuilder(nc, "-d", "-w", "5", "127.0.0.1", String.valueOf(address.getPort()))
                .redirectErrorStream(true).start();
        byte[] out = process.getInputStream().readAllBytes();
        assertTrue(process.waitFor(10, TimeUnit.SECONDS), "nc ended");
        return out;
    }

    // ---- helpers ----

    private static long rfc868Now() {
        return (System.currentTimeMillis() / 1000 + RFC868_EPOCH_OFFSET) & 0xFFFF_FFFFL;
    }

    /** The value read lies between the clock read before and after (allowing for a wrap in between). */
    private static boolean inWindow(long value, long before, long after) {
        return before <= after ? value >= before && value <= after : value >= before || value <= after;
    }

    private static long unsigned32(byte[] b) {
        return ((b[0] & 0xffL) << 24) | ((b[1] & 0xffL) << 16) | ((b[2] & 0xffL) << 8) | (b[3] & 0xffL);
    }

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.ISO_8859_1);
    }

    private static DatagramSocket udpClient() throws IOException {
        DatagramSocket socket = new DatagramSocket(0, InetAddress.getLoopbackAddress());
        socket.setSoTimeout(5000);
        return socket;
    }

    private static byte[] exchange(DatagramSocket socket, InetSocketAddress server, byte[] payload) throws IOException {
        socket.send(new DatagramPacket(payload, payload.length, server));
        DatagramPacket reply = new DatagramPacket(new byte[70_000], 70_000);
        socket.receive(reply);
        return Arrays.copyOf(reply.getData(), reply.getLength());
    }

    /** Connects, sends nothing, reads until the server closes. */
    private static byte[] readToEnd(InetSocketAddress server) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(server, 5000);
            socket.setSoTimeout(5000);
            return socket.getInputStream().readAllBytes();
        }
    }

    /** As {@code printf ... | nc -N}: write everything, half-close, read until the server closes. */
    private static byte[] sendThenReadToEnd(InetSocketAddress server, byte[] bytes) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(server, 5000);
            socket.setSoTimeout(5000);
            socket.getOutputStream().write(bytes);
            socket.shutdownOutput();
            InputStream in = socket.getInputStream();
            return in.readAllBytes();
        }
    }
}
