package dev.tsserver.core.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import dev.tsserver.core.TsServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.LoggerFactory;
import org.slf4j.event.KeyValuePair;

/**
 * One INFO line per closed TCP connection, with its peer, duration, messages, bytes and the
 * reason it closed, over real loopback connections.
 */
@Timeout(30)
class ConnectionCloseLogTest {

    private final List<ILoggingEvent> events = new CopyOnWriteArrayList<>();
    private final Logger connections = (Logger) LoggerFactory.getLogger("dev.tsserver.connections");
    private final AppenderBase<ILoggingEvent> capture = new AppenderBase<>() {
        @Override
        protected void append(ILoggingEvent event) {
            if (event.getFormattedMessage().startsWith("closed ")) {
                events.add(event);
            }
        }
    };
    private Level previousLevel;

    @BeforeEach
    void captureConnectionLog() {
        previousLevel = connections.getLevel();
        connections.setLevel(Level.INFO);
        capture.start();
        connections.addAppender(capture);
    }

    @AfterEach
    void restore() {
        connections.detachAppender(capture);
        connections.setLevel(previousLevel);
    }

    @Test
    void peerClosedLineCarriesMessagesAndBytes() throws Exception {
        try (TsServer server = Servers.loopback().start()) {
            try (LoopbackClient client = new LoopbackClient(server.tcpAddress())) {
                client.send("one\ntwo\nthree\n");
                for (int i = 0; i < 3; i++) {
                    client.readLine();
                }
            }
            ILoggingEvent line = awaitCloseLine();
            assertEquals(Level.INFO, line.getLevel());
            assertEquals("3", field(line, "messages"));
            assertEquals("14", field(line, "bytes_in"));
            assertEquals(String.valueOf(3 * Servers.PREFIX.length() + 14), field(line, "bytes_out"));
            assertEquals("peer closed", field(line, "reason"));
            assertTrue(field(line, "peer").startsWith("127.0.0.1:"), line.getFormattedMessage());
            assertTrue(line.getFormattedMessage().matches(
                    "closed 127\\.0\\.0\\.1:\\d+ after \\d+\\.\\d{3} s: 3 messages, 14 bytes in, \\d+ bytes out, peer closed"),
                    line.getFormattedMessage());
        }
    }

    @Test
    void idleConnectionSaysIdle() throws Exception {
        try (TsServer server = Servers.loopback().idleTimeout(Duration.ofSeconds(1)).start();
             LoopbackClient client = new LoopbackClient(server.tcpAddress())) {
            assertEquals(-1, readToEnd(client.socket().getInputStream()), "closed by the server");
            assertEquals("idle", field(awaitCloseLine(), "reason"));
        }
    }

    @Test
    void corruptFrameSaysError() throws Exception {
        try (TsServer server = Servers.loopback().codec("length").maxFrame(16).start();
             LoopbackClient client = new LoopbackClient(server.tcpAddress())) {
            client.send(new byte[] {0x7f, 0, 0, 0});
            assertEquals(-1, readToEnd(client.socket().getInputStream()));
            ILoggingEvent line = awaitCloseLine();
            assertEquals("error", field(line, "reason"));
            assertEquals("0", field(line, "messages"));
        }
    }

    @Test
    void partialFrameOverTheFrameTimeoutSaysLimit() throws Exception {
        try (TsServer server = Servers.loopback().frameTimeout(Duration.ofSeconds(1)).start();
             LoopbackClient client = new LoopbackClient(server.tcpAddress())) {
            client.send("done\n").readLine();
            client.send("never ends");
            assertEquals(-1, readToEnd(client.socket().getInputStream()), "closed by the server");
            ILoggingEvent line = awaitCloseLine();
            assertEquals("limit", field(line, "reason"));
            assertEquals("1", field(line, "messages"));
        }
    }

    @Test
    void stopSaysServerStopping() throws Exception {
        TsServer server = Servers.loopback().start();
        try (LoopbackClient client = new LoopbackClient(server.tcpAddress())) {
            client.send("hi\n").readLine();
            server.close();
            ILoggingEvent line = awaitCloseLine();
            assertEquals("server stopping", field(line, "reason"));
            assertEquals("1", field(line, "messages"));
        } finally {
            server.close();
        }
    }

    private static int readToEnd(InputStream in) throws IOException {
        int b;
        while ((b = in.read()) != -1) {
            // discard
        }
        return b;
    }

    private ILoggingEvent awaitCloseLine() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (events.isEmpty() && System.nanoTime() < deadline) {
            TimeUnit.MILLISECONDS.sleep(5); // polling an outcome with a deadline
        }
        assertEquals(1, events.size(), "one close line: " + events);
        return events.get(0);
    }

    private static String field(ILoggingEvent event, String key) {
        for (KeyValuePair pair : event.getKeyValuePairs()) {
            if (pair.key.equals(key)) {
                return String.valueOf(pair.value);
            }
        }
        throw new AssertionError("no " + key + " in " + event.getKeyValuePairs());
    }
}
