package dev.tsserver.client;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
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

/** Chat {@code --verbose}: the classic Twisted client's {@code ...sending MESSAGE...} lines. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class VerboseChatTest {

    private static final Clock FIXED = Clock.fixed(Instant.parse("2026-11-24T14:03:39Z"), ZoneOffset.UTC);
    private static final String PREFIX = "[Tue Nov 24 14:03:39 2026] ";

    private static TsServerConfig.Builder server() {
        return TsServer.builder().host("127.0.0.1").port(0).clock(FIXED).zone(ZoneOffset.UTC)
                .timeFormat(TimestampFormat.CTIME);
    }

    @Test
    void pipedVerboseAnnouncesEachMessageRightBeforeItsReply() throws IOException {
        try (TsServer server = server().start()) {
            ClientRun run = ClientRun.piped("hello\nsecond message\n".getBytes(UTF_8), "--host", "127.0.0.1",
                    "--port", String.valueOf(server.tcpAddress().getPort()), "--verbose");
            assertEquals(0, run.exitCode(), run::toString);
            assertEquals("...sending hello...\n" + PREFIX + "hello\n"
                    + "...sending second message...\n" + PREFIX + "second message\n", run.outText());
        }
    }

    @Test
    void interactiveVerboseReproducesTheClassicTranscript() throws IOException {
        try (TsServer server = server().start()) {
            ClientRun run = ClientRun.run("hi\n\n".getBytes(UTF_8), true, "--host", "127.0.0.1",
                    "--port", String.valueOf(server.tcpAddress().getPort()), "--verbose");
            assertEquals(0, run.exitCode(), run::toString);
            assertEquals("> ...sending hi...\n" + PREFIX + "hi\n> ", run.outText());
        }
    }

    @Test
    void verboseOverUdpAnnouncesToo() throws IOException {
        try (TsServer server = server().transport(Transport.UDP).start()) {
            ClientRun run = ClientRun.piped("ping\n".getBytes(UTF_8), "--host", "127.0.0.1", "--transport", "udp",
                    "--port", String.valueOf(server.udpAddress().getPort()), "--verbose");
            assertEquals(0, run.exitCode(), run::toString);
            assertEquals("...sending ping...\n" + PREFIX + "ping\n", run.outText());
        }
    }

    @Test
    void withoutVerboseNothingIsAnnounced() throws IOException {
        try (TsServer server = server().start()) {
            ClientRun run = ClientRun.piped("hello\n".getBytes(UTF_8), "--host", "127.0.0.1",
                    "--port", String.valueOf(server.tcpAddress().getPort()));
            assertEquals(PREFIX + "hello\n", run.outText(), run::toString);
        }
    }

    @Test
    void verboseBelongsToChatNotToSubcommands() {
        ClientRun run = ClientRun.run("send", "--verbose", "x");
        assertEquals(2, run.exitCode(), run::toString);
        assertTrue(run.err().contains("--verbose"), run.err());
    }
}
