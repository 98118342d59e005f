package dev.tsserver.client;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Exit 1 with one line when the server is missing, silent or pipelining misbehaves; with fake servers. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ClientFailureTest {

    private static ServerSocket loopbackServerSocket() throws IOException {
        return new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"));
    }

    @Test
    void connectionRefusedExitsOneWithOneLine() throws IOException {
        int port;
        try (ServerSocket closed = loopbackServerSocket()) {
            port = closed.getLocalPort();
        }
        ClientRun run = ClientRun.run("--host", "127.0.0.1", "-p", String.valueOf(port), "send", "x");
        assertEquals(1, run.exitCode(), run::toString);
        assertEquals("tsclient: cannot connect to 127.0.0.1:" + port + ": connection refused\n", run.err());
        assertEquals("", run.outText());
    }

    @Test
    void chatWithoutServerExitsOneToo() throws IOException {
        int port;
        try (ServerSocket closed = loopbackServerSocket()) {
            port = closed.getLocalPort();
        }
        ClientRun run = ClientRun.piped("x\n".getBytes(UTF_8), "--host", "127.0.0.1", "-p", String.valueOf(port));
        assertEquals(1, run.exitCode(), run::toString);
        assertEquals("tsclient: cannot connect to 127.0.0.1:" + port + ": connection refused\n", run.err());
    }

    @Test
    void udpToAClosedPortExitsOneWithOneLine() throws IOException {
        int port;
        try (DatagramSocket closed = new DatagramSocket(0, InetAddress.getByName("127.0.0.1"))) {
            port = closed.getLocalPort();
        }
        ClientRun run = ClientRun.run("--host", "127.0.0.1", "-p", String.valueOf(port), "--transport", "udp",
                "--timeout", "2", "send", "x");
        assertEquals(1, run.exitCode(), run::toString);
        // "port unreachable" when the ICMP message arrives in time, else the timeout
        assertTrue(run.err().startsWith("tsclient: no reply from 127.0.0.1:" + port), run.err());
        assertEquals(1, run.err().lines().count(), run.err());
    }

    @Test
    void aServerThatNeverAnswersTimesOut() throws Exception {
        try (ServerSocket silent = loopbackServerSocket()) {
            CompletableFuture<Socket> accepted = CompletableFuture.supplyAsync(() -> {
                try {
                    return silent.accept();
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            });
            long start = System.nanoTime();
            ClientRun run = ClientRun.run("--host", "127.0.0.1", "-p", String.valueOf(silent.getLocalPort()),
                    "--timeout", "0.5", "send", "x");
            long elapsedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertEquals(1, run.exitCode(), run::toString);
            assertEquals("tsclient: no reply from 127.0.0.1:" + silent.getLocalPort() + " within 0.5 s\n", run.err());
            assertTrue(elapsedMillis >= 500 && elapsedMillis < 10_000, "took " + elapsedMillis + " ms");
            accepted.get(5, TimeUnit.SECONDS).close();
        }
    }

    /**
     * A server that reads ten lines before it answers any: a stop-and-wait client would time out
     * after the first; a pipelining one gets ten replies, in order.
     */
    @Test
    void pipedChatPipelinesMessages() throws Exception {
        int lines = 10;
        try (ServerSocket batching = loopbackServerSocket()) {
            CompletableFuture<Void> server = CompletableFuture.runAsync(() -> answerAfter(batching, lines));
            StringBuilder input = new StringBuilder();
            StringBuilder expected = new StringBuilder();
            for (int i = 0; i < lines; i++) {
                input.append("m").append(i).append('\n');
                expected.append("[1795615419123] m").append(i).append('\n');
            }
            ClientRun run = ClientRun.piped(input.toString().getBytes(UTF_8), "--host", "127.0.0.1",
                    "-p", String.valueOf(batching.getLocalPort()), "--timeout", "2");
            server.get(5, TimeUnit.SECONDS);
            assertEquals(0, run.exitCode(), run::toString);
            assertEquals(expected.toString(), run.outText());
        }
    }

    private static void answerAfter(ServerSocket serverSocket, int lines) {
        try (Socket socket = serverSocket.accept()) {
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream received = new ByteArrayOutputStream();
            int seen = 0;
            while (seen < lines) {
                int b = in.read();
                if (b < 0) {
                    throw new IOException("client closed after " + seen + " lines");
                }
                received.write(b);
                if (b == '\n') {
                    seen++;
                }
            }
            OutputStream out = socket.getOutputStream();
            for (String line : received.toString(UTF_8).split("\n")) {
                out.write(("[1795615419123] " + line + "\n").getBytes(UTF_8));
            }
            out.flush();
            // Wait for the client to close, so it has read every reply.
            while (in.read() >= 0) {
                // discard
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
