package dev.tsserver.client;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import dev.tsserver.core.TsServer;
import dev.tsserver.core.time.TimestampFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code --reconnect}: a proxy in front of a real server cuts the first connections part-way
 * through a reply; the client connects again, sends exactly the unanswered messages again, and
 * prints every reply once, in order.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ReconnectTest {

    private static final Clock FIXED = Clock.fixed(Instant.parse("2026-11-24T14:03:39Z"), ZoneOffset.UTC);
    private static final String PREFIX = "[Tue Nov 24 14:03:39 2026] ";

    private static TsServer server() throws IOException {
        return TsServer.builder().host("127.0.0.1").port(0).clock(FIXED).zone(ZoneOffset.UTC)
                .timeFormat(TimestampFormat.CTIME).start();
    }

    private static List<String> messages(int count) {
        List<String> messages = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            messages.add("message-" + i);
        }
        return messages;
    }

    private static String replies(List<String> messages) {
        StringBuilder out = new StringBuilder();
        for (String message : messages) {
            out.append(PREFIX).append(message).append('\n');
        }
        return out.toString();
    }

    /** Each reply is 27 + 9 or 10 + 1 bytes: 100 bytes is two whole replies and part of a third. */
    private static final long CUT_AFTER = 100;

    @Test
    void sendResendsWhatWasUnansweredAfterTheConnectionIsCut() throws IOException {
        List<String> messages = messages(20);
        try (TsServer server = server(); CuttingProxy proxy = new CuttingProxy(server.tcpAddress(), CUT_AFTER, 2)) {
            List<String> args = new ArrayList<>(List.of("--host", "127.0.0.1", "-p", String.valueOf(proxy.port()),
                    "--reconnect", "send"));
            args.addAll(messages);
            ClientRun run = ClientRun.run(args.toArray(String[]::new));
            assertEquals(0, run.exitCode(), run::toString);
            assertEquals(replies(messages), run.outText());
            assertEquals(2, proxy.cut());
            assertEquals(3, proxy.accepted());
        }
    }

    @Test
    void pipedChatResendsToo() throws IOException {
        List<String> messages = messages(200);
        try (TsServer server = server(); CuttingProxy proxy = new CuttingProxy(server.tcpAddress(), CUT_AFTER, 3)) {
            ClientRun run = ClientRun.piped((String.join("\n", messages) + "\n").getBytes(UTF_8),
                    "--host", "127.0.0.1", "-p", String.valueOf(proxy.port()), "--reconnect");
            assertEquals(0, run.exitCode(), run::toString);
            assertEquals(replies(messages), run.outText());
            assertEquals(4, proxy.accepted());
        }
    }

    @Test
    void withoutReconnectACutConnectionFailsTheRun() throws IOException {
        try (TsServer server = server(); CuttingProxy proxy = new CuttingProxy(server.tcpAddress(), CUT_AFTER, 1)) {
            ClientRun run = ClientRun.run("--host", "127.0.0.1", "-p", String.valueOf(proxy.port()), "send",
                    "message-0", "message-1", "message-2", "message-3");
            assertEquals(1, run.exitCode(), run::toString);
            // The proxy's close may reach the client as a reset, which can discard replies
            // already received: whatever was printed is a prefix of the replies.
            String all = replies(List.of("message-0", "message-1", "message-2", "message-3"));
            assertTrue(all.startsWith(run.outText()) && !all.equals(run.outText()), run::toString);
            assertEquals(1, run.err().lines().count(), run.err());
            assertTrue(run.err().contains("127.0.0.1:" + proxy.port()), run.err());
        }
    }

    @Test
    void reconnectingGivesUpWithinTheTimeoutWhenTheServerIsGone() throws IOException {
        TsServer server = server();
        CuttingProxy proxy = new CuttingProxy(server.tcpAddress(), CUT_AFTER, 1);
        try (proxy) {
            server.close(); // the proxy accepts, then cannot reach the server: every connection ends at once
            long start = System.nanoTime();
            ClientRun run = ClientRun.run("--host", "127.0.0.1", "-p", String.valueOf(proxy.port()), "--reconnect",
                    "--timeout", "1", "send", "a", "b");
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertEquals(1, run.exitCode(), run::toString);
            assertEquals(1, run.err().lines().count(), run.err());
            assertTrue(millis < 10_000, "took " + millis + " ms");
        }
    }
}
