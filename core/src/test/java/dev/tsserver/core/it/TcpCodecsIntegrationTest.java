package dev.tsserver.core.it;

import static dev.tsserver.core.it.LoopbackClient.concat;
import static dev.tsserver.core.it.LoopbackClient.lengthFrame;
import static dev.tsserver.core.it.Servers.PREFIX;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

import dev.tsserver.core.TsServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@Timeout(30)
class TcpCodecsIntegrationTest {

    private static final byte[] PREFIX_BYTES = PREFIX.getBytes(StandardCharsets.US_ASCII);
    private static final byte[] GBK_NI_HAO = {(byte) 0xC4, (byte) 0xE3, (byte) 0xBA, (byte) 0xC3};

    @Test
    void lineRepliesPrefixedPayloadsInOrderAndByteForByte() throws Exception {
        try (TsServer server = Servers.loopback().codec("line").start();
             LoopbackClient client = new LoopbackClient(server.tcpAddress())) {
            client.send(concat("hello\r\n\nlatin-\u00e9\n".getBytes(StandardCharsets.ISO_8859_1),
                    concat(GBK_NI_HAO, new byte[] {'\n'})));
            assertEquals(PREFIX + "hello", client.readLineText());
            assertEquals(PREFIX, client.readLineText(), "an empty line is a message with an empty payload");
            assertEquals(PREFIX + "latin-\u00e9", client.readLineText());
            assertArrayEquals(concat(PREFIX_BYTES, GBK_NI_HAO), client.readLine());
        }
    }

    @Test
    void lineSplitAcrossWritesIsOneMessage() throws Exception {
        try (TsServer server = Servers.loopback().codec("line").start();
             LoopbackClient client = new LoopbackClient(server.tcpAddress())) {
            client.send("hel");
            client.send("lo wor");
            client.send("ld\n");
            assertEquals(PREFIX + "hello world", client.readLineText());
        }
    }

    @Test
    void overLongLineGetsOneErrorAndTheConnectionStaysUsable() throws Exception {
        try (TsServer server = Servers.loopback().codec("line").maxFrame(100).start();
             LoopbackClient client = new LoopbackClient(server.tcpAddress())) {
            client.send("a".repeat(100) + "\n");
            client.send("b".repeat(5000) + "\n" + "after\n");
            assertEquals(PREFIX + "a".repeat(100), client.readLineText(), "exactly max is answered");
            assertEquals("ERROR line too long (max 100 bytes)", client.readLineText());
            assertEquals(PREFIX + "after", client.readLineText());
            assertEquals(1, server.stats().snapshot().framesRejected());
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 4})
    void lengthFramesRoundTripEveryByteValue(int prefix) throws Exception {
        byte[] allBytes = new byte[200];
        for (int i = 0; i < allBytes.length; i++) {
            allBytes[i] = (byte) (i * 7);
        }
        try (TsServer server = Servers.loopback().codec("length").lengthPrefix(prefix).start();
             LoopbackClient client = new LoopbackClient(server.tcpAddress())) {
            byte[] frames = concat(lengthFrame(prefix, allBytes), lengthFrame(prefix, new byte[0]));
            // The first frame's prefix arrives alone, then the rest: framing must not depend on reads.
            client.send(java.util.Arrays.copyOfRange(frames, 0, 1));
            client.send(java.util.Arrays.copyOfRange(frames, 1, frames.length));
            assertArrayEquals(concat(PREFIX_BYTES, allBytes), client.readLengthFrame(prefix));
            assertArrayEquals(PREFIX_BYTES, client.readLengthFrame(prefix));
        }
    }

    @Test
    void lengthOverMaxClosesOnlyThatConnection() throws Exception {
        try (TsServer server = Servers.loopback().codec("length").maxFrame(1000).start();
             LoopbackClient bad = new LoopbackClient(server.tcpAddress());
             LoopbackClient good = new LoopbackClient(server.tcpAddress())) {
            bad.send(new byte[] {0, 0, 0x03, (byte) 0xE9, 'x'}); // declares 1001 bytes
            assertTrue(bad.closedByServer(), "a length over max frame closes the connection");
            good.send(lengthFrame(4, "still here".getBytes(StandardCharsets.US_ASCII)));
            assertEquals(PREFIX + "still here", new String(good.readLengthFrame(4), StandardCharsets.US_ASCII));
        }
    }

    @Test
    void messagesBeforeABadLengthInTheSameReadAreStillAnswered() throws Exception {
        try (TsServer server = Servers.loopback().codec("length").maxFrame(1000).start();
             LoopbackClient client = new LoopbackClient(server.tcpAddress())) {
            byte[] good = concat(lengthFrame(4, "first".getBytes(StandardCharsets.US_ASCII)),
                    lengthFrame(4, "second".getBytes(StandardCharsets.US_ASCII)));
            client.send(concat(good, new byte[] {0x7F, 0, 0, 0, 'x', 'y'})); // then a 2 GB length
            assertEquals(PREFIX + "first", new String(client.readLengthFrame(4), StandardCharsets.US_ASCII));
            assertEquals(PREFIX + "second", new String(client.readLengthFrame(4), StandardCharsets.US_ASCII));
            assertTrue(client.closedByServer());
        }
    }

    @Test
    void replyTooLongForAOneBytePrefixClosesThatConnection() throws Exception {
        try (TsServer server = Servers.loopback().codec("length").lengthPrefix(1).start();
             LoopbackClient client = new LoopbackClient(server.tcpAddress())) {
            client.send(lengthFrame(1, new byte[250])); // 250 + "[0] " = 254: fits
            assertEquals(254, client.readLengthFrame(1).length);
            client.send(lengthFrame(1, new byte[255])); // 255 + 4 = 259: cannot be framed
            assertTrue(client.closedByServer());
        }
    }

    @Test
    void rawAnswersEachChunkWithNoDelimiter() throws Exception {
        try (TsServer server = Servers.loopback().codec("raw").start();
             LoopbackClient client = new LoopbackClient(server.tcpAddress())) {
            byte[] chunk = {'h', 'i', 0, (byte) 0xFF, '\n', 'x'};
            client.send(chunk);
            assertArrayEquals(concat(PREFIX_BYTES, chunk), client.readExactly(PREFIX_BYTES.length + chunk.length));
        }
    }

    @Test
    void halfClosedClientGetsEveryReplyThenEof() throws Exception {
        try (TsServer server = Servers.loopback().codec("line").start();
             LoopbackClient client = new LoopbackClient(server.tcpAddress())) {
            ByteArrayOutputStream lines = new ByteArrayOutputStream();
            for (int i = 0; i < 500; i++) {
                lines.write(("line " + i + "\n").getBytes(StandardCharsets.US_ASCII));
            }
            client.send(lines.toByteArray());
            client.shutdownOutput();
            for (int i = 0; i < 500; i++) {
                assertEquals(PREFIX + "line " + i, client.readLineText());
            }
            assertTrue(client.closedByServer(), "the server closes after the last reply");
        }
    }

    @Test
    void halfCloseWithAnExecutorStillAnswersEverythingInOrder() throws Exception {
        try (TsServer server = Servers.loopback().codec("line").workers(3).start();
             LoopbackClient client = new LoopbackClient(server.tcpAddress())) {
            ByteArrayOutputStream lines = new ByteArrayOutputStream();
            for (int i = 0; i < 2000; i++) {
                lines.write(("m" + i + "\n").getBytes(StandardCharsets.US_ASCII));
            }
            client.send(lines.toByteArray());
            client.shutdownOutput();
            for (int i = 0; i < 2000; i++) {
                assertEquals(PREFIX + "m" + i, client.readLineText());
            }
            assertTrue(client.closedByServer());
        }
    }
}
